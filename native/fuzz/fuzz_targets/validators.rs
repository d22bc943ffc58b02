//! Every kind's validator and evidence on arbitrary text: never a panic, and a kind the
//! core knows always answers (only intl_phone falls back to Python).
#![no_main]

use boxguard_core::validate::{check_for, is_valid, KINDS};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let value = boxguard_core::fold::fold(&text);
    for (id, _) in KINDS {
        let answer = is_valid(id, &value);
        assert_eq!(answer.is_none(), *id == "intl_phone", "{id}");
        if answer == Some(true) {
            assert!(check_for(id, &value).is_some(), "{id}");
        }
    }
});
