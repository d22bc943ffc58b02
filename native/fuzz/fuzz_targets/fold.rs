//! The fold keeps the number of code points and is idempotent.
#![no_main]

use boxguard_core::fold::fold;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let once = fold(&text);
    assert_eq!(once.chars().count(), text.chars().count());
    assert_eq!(fold(&once), once);
});
