//! Every built-in kind's validator (the twins of the Python kinds' `validate`).

/// Whether `value` (already folded) is valid as the kind `kind`; `None` when this
/// crate has no validator for that kind (the caller falls back to Python's).
///
/// ```
/// assert_eq!(boxguard_core::validate::is_valid("no_such_kind", "1"), None);
/// ```
#[must_use]
pub fn is_valid(kind: &str, value: &str) -> Option<bool> {
    let _ = (kind, value);
    None
}

/// The evidence a valid `value` of `kind` earns (what was checked); `None` when this
/// crate has no validator for that kind.
#[must_use]
pub fn check_for(kind: &str, value: &str) -> Option<String> {
    let _ = (kind, value);
    None
}
