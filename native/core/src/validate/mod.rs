//! Every built-in kind's validator, the exact twins of the Python kinds' `validate`.
//!
//! Each validator receives the folded value (`boxguard.text.fold`) and accepts exactly
//! what the Python one accepts, Python's oddities included: `str.strip()` and `\s` use
//! Python's whitespace, `.upper()` is Unicode's full mapping (`ſ` becomes `S`), a
//! case-insensitive English month also matches `ſ`, `ı`, `İ` and the Kelvin sign.
//! Reference data (region codes, libphonenumber's CN patterns) is generated from the
//! Python libraries by `scripts/gen-native-data` into `validate/data.rs`.
//!
//! No validator panics on any input (fuzzed: `native/fuzz`).

pub(crate) mod checks;
mod data;
mod dates;
pub(crate) mod device;
mod finance;
mod identity;
mod network;
mod phone;
mod place;
mod secret;
mod travel;
mod vehicle;

pub use checks::Date;
pub use phone::{intl_plan_code, intl_surely_invalid};

/// Every kind id this module knows, with the `check` its Python declaration names.
///
/// `intl_phone` is known (its evidence is fixed) but has no full Rust validator (see
/// [`surely_valid`]); `address`,
/// `organization` and `person_name` have no validator in Python either (found by
/// finders and models), so they are never valid.
///
/// ```
/// use boxguard_core::validate::KINDS;
/// assert!(KINDS.contains(&("vin", "checksum:ISO3779")));
/// ```
pub const KINDS: &[(&str, &str)] = &[
    ("address", "structure"),
    ("air_ticket_no", "format:ticket"),
    ("bank_card", "checksum:Luhn"),
    ("birth_date", "calendar"),
    ("cn_hk_macau_permit", "format:permit"),
    ("cn_landline", "area-code"),
    ("cn_license_plate", "format:GA36"),
    ("cn_mobile", "segment"),
    ("cn_passport", "format:passport"),
    ("cn_resident_id", "checksum:GB11643"),
    ("cn_taiwan_permit", "format:permit"),
    ("cn_uscc", "checksum:GB32100"),
    ("credential", "label:password"),
    ("email", "format:email"),
    ("geo_coordinate", "range:lat/lng"),
    ("hk_id_card", "checksum:HKID"),
    ("imei", "checksum:Luhn"),
    ("intl_phone", "country-plan"),
    ("ip_address", "format:ip"),
    ("mac_address", "format:mac"),
    ("organization", "structure"),
    ("person_name", "surname"),
    ("pnr_code", "label:pnr"),
    ("postal_code", "label:postal"),
    ("property_cert_no", "structure:property"),
    ("qq_number", "format:qq"),
    ("sms_code", "label:code"),
    ("tw_national_id", "checksum:TWID"),
    ("vin", "checksum:ISO3779"),
    ("waybill_no", "format:waybill"),
    ("wechat_id", "format:wechat"),
];

/// A kind's validator and the evidence it gives, looked up once ([`validator`]).
#[derive(Clone, Copy)]
pub struct Validator {
    /// Whether a value (already folded) is valid.
    pub valid: fn(&str) -> bool,
    /// The kind's `check` (KINDS) ...
    check: &'static str,
    /// ... unless the value's form says what was checked (`imei`).
    by_form: fn(&str) -> Option<&'static str>,
}

impl Validator {
    /// The evidence a valid `value` earns ([`check_for`]).
    #[must_use]
    pub fn check(&self, value: &str) -> String {
        (self.by_form)(value).unwrap_or(self.check).to_owned()
    }
}

fn never(_: &str) -> bool {
    false
}

fn fixed(_: &str) -> Option<&'static str> {
    None
}

fn imei_check(value: &str) -> Option<&'static str> {
    Some(device::imei_check(value))
}

/// Kind `kind`'s validator; `None` when this crate has none (`intl_phone`, custom kinds,
/// unknown ids): the caller falls back to Python's.
#[must_use]
pub fn validator(kind: &str) -> Option<Validator> {
    let valid: fn(&str) -> bool = match kind {
        "address" | "organization" | "person_name" => never,
        "air_ticket_no" => travel::air_ticket_no,
        "bank_card" => finance::bank_card,
        "birth_date" => dates::birth_date,
        "cn_hk_macau_permit" => identity::hk_macau_permit,
        "cn_landline" => phone::landline,
        "cn_license_plate" => vehicle::license_plate,
        "cn_mobile" => phone::mobile,
        "cn_passport" => identity::passport,
        "cn_resident_id" => identity::any_resident_id,
        "cn_taiwan_permit" => identity::taiwan_permit,
        "cn_uscc" => finance::uscc,
        "credential" => secret::credential,
        "email" => network::email,
        "geo_coordinate" => place::geo_coordinate,
        "hk_id_card" => identity::hk_id_card,
        "imei" => device::imei,
        "ip_address" => device::ip_address,
        "mac_address" => device::mac_address,
        "pnr_code" => travel::pnr_code,
        "postal_code" => place::postal_code,
        "property_cert_no" => finance::property_cert_no,
        "qq_number" => network::qq_number,
        "sms_code" => secret::sms_code,
        "tw_national_id" => identity::tw_national_id,
        "vin" => vehicle::vin,
        "waybill_no" => travel::waybill_no,
        "wechat_id" => network::wechat_id,
        _ => return None,
    };
    let &(id, check) = KINDS.iter().find(|(id, _)| *id == kind)?;
    let by_form = if id == "imei" { imei_check } else { fixed };
    Some(Validator {
        valid,
        check,
        by_form,
    })
}

/// Whether `value` (already folded) is valid as the kind `kind`; `None` when this
/// crate has no validator for that kind (`intl_phone`, custom kinds, unknown ids):
/// the caller falls back to Python's.
///
/// ```
/// use boxguard_core::validate::is_valid;
/// assert_eq!(is_valid("cn_resident_id", "11010519491231002X"), Some(true));
/// assert_eq!(is_valid("cn_resident_id", "110105194912310021"), Some(false));
/// assert_eq!(is_valid("intl_phone", "+1 415-555-2671"), None);
/// assert_eq!(is_valid("no_such_kind", "1"), None);
/// ```
#[must_use]
pub fn is_valid(kind: &str, value: &str) -> Option<bool> {
    validator(kind).map(|v| (v.valid)(value))
}

/// Whether `value` is surely valid as `kind` although this crate has no full validator
/// of it: an `intl_phone` in its country's plan ([`intl_plan_code`]). False: ask Python.
///
/// ```
/// use boxguard_core::validate::surely_valid;
/// assert!(surely_valid("intl_phone", "+44 7911 123456"));
/// assert!(!surely_valid("intl_phone", "+44 07911 123456") && !surely_valid("x", "+44 7911 123456"));
/// ```
#[must_use]
pub fn surely_valid(kind: &str, value: &str) -> bool {
    kind == "intl_phone" && intl_plan_code(value).is_some()
}

/// Whether the Python validator of `kind` surely rejects `value`, for a kind validated in
/// Python: an `intl_phone` this module can tell is invalid ([`intl_surely_invalid`]).
/// False: ask Python.
///
/// ```
/// use boxguard_core::validate::surely_invalid;
/// assert!(surely_invalid("intl_phone", "0082735") && !surely_invalid("x", "0082735"));
/// ```
#[must_use]
pub fn surely_invalid(kind: &str, value: &str) -> bool {
    kind == "intl_phone" && intl_surely_invalid(value)
}

/// The evidence a value of `kind` earns once its validator passed (Python's
/// `Kind.check_for`): the kind's `check`, or what its form says was checked (a
/// 16-digit IMEISV has no Luhn digit). `None` for a kind this module does not know.
///
/// ```
/// use boxguard_core::validate::check_for;
/// assert_eq!(check_for("imei", "490154203237518").as_deref(), Some("checksum:Luhn"));
/// assert_eq!(check_for("imei", "4901542032375186").as_deref(), Some("format:imeisv"));
/// assert_eq!(check_for("cn_mobile", "13812345678").as_deref(), Some("segment"));
/// assert_eq!(check_for("no_such_kind", "1"), None);
/// ```
#[must_use]
pub fn check_for(kind: &str, value: &str) -> Option<String> {
    validator(kind).map(|v| v.check(value)).or_else(|| {
        // a kind known without a validator here (`intl_phone`): its `check` as it is
        KINDS
            .iter()
            .find(|(id, _)| *id == kind)
            .map(|(_, check)| (*check).to_owned())
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn a_validator_gives_its_kind_s_check(s in "[0-9]{14,17}|\\PC{0,20}") {
            for (id, check) in KINDS {
                if let Some(v) = validator(id) {
                    // (an IMEI's evidence follows its form: check_for's examples)
                    if *id != "imei" {
                        prop_assert_eq!(v.check(&s), *check, "{}", id);
                    }
                    prop_assert_eq!(Some((v.valid)(&s)), is_valid(id, &s));
                }
            }
        }

        #[test]
        fn any_text_gets_an_answer_from_every_kind(s in "\\PC{0,40}") {
            for (id, _) in KINDS {
                prop_assert_eq!(is_valid(id, &s).is_none(), *id == "intl_phone");
            }
        }

        #[test]
        fn digit_strings_get_an_answer_from_every_kind(s in "[0-9 X-]{0,24}") {
            for (id, _) in KINDS {
                let _ = is_valid(id, &s);
            }
        }

        #[test]
        fn a_resident_id_with_its_check_character_is_valid(
            region in prop::sample::select(data::REGION_CODES),
            days in 0i64..(365 * 80),
            seq in 0u32..1000,
        ) {
            let date = checks::date_after(1940, days);
            let body = format!("{region:06}{:04}{:02}{:02}{seq:03}", date.year, date.month, date.day);
            let check = checks::mod11_2(body.as_bytes()) as char;
            prop_assert_eq!(is_valid("cn_resident_id", &format!("{body}{check}")), Some(true));
            let wrong = if check == '0' { '1' } else { '0' };
            prop_assert_eq!(is_valid("cn_resident_id", &format!("{body}{wrong}")), Some(false));
        }

        #[test]
        fn a_card_with_its_luhn_digit_is_valid(body in "62[0-9]{14}") {
            let valid = (0..10).filter(|d| is_valid("bank_card", &format!("{body}{d}")) == Some(true));
            prop_assert_eq!(valid.count(), 1);
        }
    }

    #[test]
    fn every_known_kind_but_intl_phone_has_a_validator() {
        for (id, _) in KINDS {
            assert_eq!(is_valid(id, "x").is_none(), *id == "intl_phone", "{id}");
            assert!(check_for(id, "x").is_some(), "{id}");
        }
    }

    #[test]
    fn kinds_are_sorted_and_unique() {
        assert!(KINDS.windows(2).all(|w| w[0].0 < w[1].0));
    }

    #[test]
    fn kinds_without_a_python_validator_are_never_valid() {
        for id in ["address", "organization", "person_name"] {
            assert_eq!(is_valid(id, "北京市朝阳区"), Some(false));
        }
    }
}
