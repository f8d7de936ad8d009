//! The JSON loader: any bytes, as a `.json` document, then as a contract.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    accord::fuzzing::load("/fuzz/api.json", data);
});
