//! The prefilter (`boxguard_core::prefilter`, the `regex` crate's lazy DFA over every
//! pattern at once), built by `boxguard.detect.prefilter.Prefilter`; scanned here with the
//! GIL released, the hits kept in Rust ([`Hits`]) for `NativeEngine.scan_batch`.

use std::collections::HashMap;

use boxguard_core::prefilter::{Bounds, Prefilter};
use boxguard_core::records::{header_names, sql_columns};
use pyo3::exceptions::PyIndexError;
use pyo3::prelude::*;
use pyo3::types::{PyFrozenSet, PyString};

/// Python's index `row` (negative: from the end) into `len` items.
fn at(row: isize, len: usize) -> PyResult<usize> {
    let n = len as isize;
    let i = if row < 0 { row + n } else { row };
    if (0..n).contains(&i) {
        Ok(i as usize)
    } else {
        Err(PyIndexError::new_err("row out of range"))
    }
}

/// The prefilter's hits of a batch: per text, the ids of the patterns worth running,
/// ascending, and beside each where its matches may start. A sequence of frozensets to
/// Python; read in place by `scan_batch`.
#[pyclass(frozen, sequence, module = "boxguard._native")]
pub struct Hits(pub Vec<Vec<usize>>, pub Vec<Vec<Bounds>>);

#[pymethods]
impl Hits {
    fn __len__(&self) -> usize {
        self.0.len()
    }

    fn __getitem__<'py>(&self, py: Python<'py>, row: isize) -> PyResult<Bound<'py, PyFrozenSet>> {
        PyFrozenSet::new(py, &self.0[at(row, self.0.len())?])
    }

    /// The rows with at least one hit.
    fn rows(&self) -> Vec<usize> {
        (0..self.0.len())
            .filter(|&r| !self.0[r].is_empty())
            .collect()
    }
}

/// A batch's texts folded (`fold`) and kept in the core for `NativeEngine.scan_batch`;
/// a text UTF-8 cannot hold (a lone surrogate) is None.
#[pyclass(frozen, sequence, module = "boxguard._native")]
pub struct Folded(pub Vec<Option<String>>);

#[pymethods]
impl Folded {
    fn __len__(&self) -> usize {
        self.0.len()
    }

    /// The folded text of `row` (None: a lone surrogate; Python folds it).
    fn __getitem__(&self, row: isize) -> PyResult<Option<&str>> {
        Ok(self.0[at(row, self.0.len())?].as_deref())
    }

    /// Those of `rows` whose folded text may hold a record's cells in a column that
    /// `wanted` accepts (a superset of what `records.record_cells` yields): a header line
    /// ([`header_names`]) or a SQL `INSERT`'s column list ([`sql_columns`]) naming such a
    /// column, or a text UTF-8 cannot hold (None: Python folds and checks it). Each name
    /// is asked of `wanted` once.
    fn tabular(&self, rows: Vec<usize>, wanted: &Bound<'_, PyAny>) -> PyResult<Vec<usize>> {
        let mut asked: HashMap<String, bool> = HashMap::new();
        let mut ask = |name: &str| -> PyResult<bool> {
            if let Some(&yes) = asked.get(name) {
                return Ok(yes);
            }
            let yes = !name.is_empty() && wanted.call1((name,))?.is_truthy()?;
            asked.insert(name.to_string(), yes);
            Ok(yes)
        };
        let mut out = Vec::new();
        for row in rows {
            let keep = match self.0.get(row) {
                None => false,
                Some(None) => true,
                Some(Some(t)) => {
                    let headers = t.contains('\n').then(|| header_names(t));
                    let inserts =
                        (t.contains("INSERT") || t.contains("insert")).then(|| sql_columns(t));
                    let names = headers.into_iter().flatten();
                    let names = names.chain(inserts.into_iter().flatten());
                    let mut any = false;
                    for name in names {
                        if ask(name)? {
                            any = true;
                            break;
                        }
                    }
                    any
                }
            };
            if keep {
                out.push(row);
            }
        }
        Ok(out)
    }
}

/// The prefilter of a scanner's patterns (see `boxguard_core::prefilter`).
#[pyclass(frozen, module = "boxguard._native")]
pub struct NativePrefilter(Prefilter);

#[pymethods]
impl NativePrefilter {
    /// The prefilter of `patterns`, in the `regex` crate's syntax: each what the DFA
    /// matches and the pattern its shortest match is taken from (None: a pattern that
    /// could not be rewritten, which always runs).
    #[new]
    fn new(py: Python<'_>, patterns: Vec<Option<(String, String)>>) -> Self {
        let pairs: Vec<Option<(&str, &str)>> = patterns
            .iter()
            .map(|p| p.as_ref().map(|(a, b)| (a.as_str(), b.as_str())))
            .collect();
        Self(py.detach(|| Prefilter::with_lengths(&pairs)))
    }

    /// The patterns that run on every text, ascending.
    fn always(&self) -> Vec<usize> {
        self.0.always().to_vec()
    }

    /// The ids of the patterns worth running on `text`, ascending.
    fn candidates(&self, py: Python<'_>, text: &Bound<'_, PyString>) -> Vec<usize> {
        let utf8 = text.to_str().ok();
        py.detach(|| self.0.one(utf8))
    }

    /// Each text folded, and `candidates_many` of the folded texts: both kept in the core.
    fn fold_candidates_many(
        &self,
        py: Python<'_>,
        texts: Vec<Bound<'_, PyString>>,
    ) -> (Folded, Hits) {
        let utf8: Vec<Option<&str>> = texts.iter().map(|t| t.to_str().ok()).collect();
        py.detach(|| {
            let folded: Vec<Option<String>> = utf8
                .iter()
                .map(|t| t.map(boxguard_core::fold::fold))
                .collect();
            let (hits, bounds) = self
                .0
                .bounded(&folded.iter().map(Option::as_deref).collect::<Vec<_>>());
            (Folded(folded), Hits(hits, bounds))
        })
    }

    /// `candidates` of each text.
    fn candidates_many(&self, py: Python<'_>, texts: Vec<Bound<'_, PyString>>) -> Hits {
        let utf8: Vec<Option<&str>> = texts.iter().map(|t| t.to_str().ok()).collect();
        let (hits, bounds) = py.detach(|| self.0.bounded(&utf8));
        Hits(hits, bounds)
    }
}
