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

#[pymodule]
fn _native(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(fold, m)?)?;
    m.add_function(wrap_pyfunction!(is_valid, m)?)?;
    Ok(())
}
