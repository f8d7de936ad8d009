//! The YAML loader: any bytes, as a `.yaml` document, then as a contract.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    accord::fuzzing::load("/fuzz/api.yaml", data);
});
