//! `boxguard._native`: the PyO3 binding of boxguard-core.

use pyo3::prelude::*;

/// `text` with full-width ASCII and odd spaces/dashes folded, same length.
#[pyfunction]
fn fold(text: &str) -> String {
    boxguard_core::fold::fold(text)
}

/// Whether `value` is valid as `kind`; None when the core has no validator for it.
#[pyfunction]
fn is_valid(kind: &str, value: &str) -> Option<bool> {
    boxguard_core::validate::is_valid(kind, value)
}

/// The evidence a valid `value` of `kind` earns (Python's `Kind.check_for`); None for a
/// kind the core does not know.
#[pyfunction]
fn check_for(kind: &str, value: &str) -> Option<String> {
    boxguard_core::validate::check_for(kind, value)
}

#[pymodule]
fn _native(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(fold, m)?)?;
    m.add_function(wrap_pyfunction!(is_valid, m)?)?;
    m.add_function(wrap_pyfunction!(check_for, m)?)?;
    Ok(())
}
