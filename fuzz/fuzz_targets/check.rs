//! A whole `check` (and readiness) over an in-memory case built from the
//! input: files separated by lines of `====`.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    promocase::fuzzing::check(data);
});
