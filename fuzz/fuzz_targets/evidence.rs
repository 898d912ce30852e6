//! Front-matter split and evidence/feedback parsing of arbitrary bytes.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    promocase::fuzzing::evidence(data);
});
