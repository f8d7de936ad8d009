//! Two documents (split at `accord::fuzzing::SEPARATOR`) compared both
//! ways under every mode, and linted.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    accord::fuzzing::diff(data);
});
