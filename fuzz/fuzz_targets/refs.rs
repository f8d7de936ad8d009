//! `$ref` resolution: up to four documents (split at
//! `accord::fuzzing::SEPARATOR`) that refer to each other, then linted.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    accord::fuzzing::refs(data);
});
