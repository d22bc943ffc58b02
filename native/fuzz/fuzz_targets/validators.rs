//! Every kind's validator and evidence on arbitrary text: never a panic, and a kind the
//! core knows always answers (only intl_phone falls back to Python, but for the plain
//! numbers in their country's plan, which it decides).
#![no_main]

use boxguard_core::validate::{check_for, intl_plan_code, is_valid, surely_valid, KINDS};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let value = boxguard_core::fold::fold(&text);
    for (id, _) in KINDS {
        let answer = is_valid(id, &value);
        assert_eq!(answer.is_none(), *id == "intl_phone", "{id}");
        if answer == Some(true) || surely_valid(id, &value) {
            assert!(check_for(id, &value).is_some(), "{id}");
        }
    }
    // a country code the plan decides is 1 to 3 digits, never +86
    if let Some(code) = intl_plan_code(&value) {
        assert!((1..=999).contains(&code) && code != 86, "{code}");
        assert!(surely_valid("intl_phone", &value));
    }
});
