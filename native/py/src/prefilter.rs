//! The prefilter's Hyperscan from Rust (`boxguard-hs`): compiled and cached by
//! `boxguard.detect.prefilter.Prefilter`, scanned here with the GIL released and no Python
//! call per match; the hits stay in Rust ([`Hits`]) for `NativeEngine.scan_batch`.

use std::sync::Mutex;

use boxguard_hs::{Database, Part, Prefilter, Scratch};
use pyo3::exceptions::{PyIndexError, PyRuntimeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyFrozenSet, PyString};

/// One compiled Hyperscan database and the scratch spaces of its scans (one per scan at a
/// time: a scan takes one from the pool, or makes one, and puts it back).
#[pyclass(frozen, module = "boxguard._native")]
pub struct HsDatabase {
    db: Database,
    pool: Mutex<Vec<Scratch>>,
}

impl HsDatabase {
    fn new(db: Database) -> Self {
        Self {
            db,
            pool: Mutex::new(Vec::new()),
        }
    }

    fn scratch(&self) -> PyResult<Scratch> {
        let kept = self.pool.lock().ok().and_then(|mut p| p.pop());
        match kept {
            Some(s) => Ok(s),
            None => self.db.scratch().map_err(PyRuntimeError::new_err),
        }
    }

    fn give_back(&self, scratch: Scratch) {
        if let Ok(mut p) = self.pool.lock() {
            p.push(scratch);
        }
    }
}

#[pymethods]
impl HsDatabase {
    /// Compile `exprs` with their Hyperscan `flags` and `ids`; ValueError names the
    /// expression Hyperscan refused.
    #[staticmethod]
    fn compile(exprs: Vec<Vec<u8>>, ids: Vec<u32>, flags: Vec<u32>) -> PyResult<Self> {
        let refs: Vec<&[u8]> = exprs.iter().map(Vec::as_slice).collect();
        Database::compile(&refs, &flags, &ids)
            .map(Self::new)
            .map_err(PyValueError::new_err)
    }

    /// A database from `serialize()`'s bytes; ValueError for another Hyperscan's or
    /// machine's bytes, or damaged ones.
    #[staticmethod]
    fn deserialize(blob: &[u8]) -> PyResult<Self> {
        Database::deserialize(blob)
            .map(Self::new)
            .map_err(PyValueError::new_err)
    }

    /// The database as bytes (for the cache).
    fn serialize<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyBytes>> {
        let bytes = self.db.serialize().map_err(PyRuntimeError::new_err)?;
        Ok(PyBytes::new(py, &bytes))
    }
}

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
/// ascending. A sequence of frozensets to Python; read in place by `scan_batch`.
#[pyclass(frozen, sequence, module = "boxguard._native")]
pub struct Hits(pub Vec<Vec<usize>>);

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

    /// Those of `rows` whose folded text holds one of `marks`, or that UTF-8 cannot hold
    /// (None: Python folds and checks them).
    fn holding(&self, rows: Vec<usize>, marks: Vec<String>) -> Vec<usize> {
        rows.into_iter()
            .filter(|&r| match self.0.get(r) {
                Some(Some(t)) => marks.iter().any(|m| t.contains(m.as_str())),
                Some(None) => true,
                None => false,
            })
            .collect()
    }
}

/// The prefilter's databases for one text at a time, each with whether it scans the
/// compacted text, the one for joined texts, and the patterns that always run (see
/// `boxguard-hs`).
#[pyclass(frozen, module = "boxguard._native")]
pub struct NativePrefilter {
    single: Vec<(Py<HsDatabase>, bool)>,
    batch: Option<Py<HsDatabase>>,
    n: usize,
    always: Vec<usize>,
    batch_always: Vec<usize>,
}

impl NativePrefilter {
    fn run<T>(
        &self,
        py: Python<'_>,
        batch: bool,
        scan: impl FnOnce(&Prefilter<'_>, &mut [Scratch], Option<&mut Scratch>) -> Result<T, String>
            + Send,
    ) -> PyResult<T>
    where
        T: Send,
    {
        let single: Vec<&HsDatabase> = self.single.iter().map(|(db, _)| db.get()).collect();
        let other = if batch {
            self.batch.as_ref().map(Py::get)
        } else {
            None
        };
        let mut s1 = single
            .iter()
            .map(|db| db.scratch())
            .collect::<PyResult<Vec<_>>>()?;
        let mut s2 = other.map(HsDatabase::scratch).transpose()?;
        let parts: Vec<Part<'_>> = single
            .iter()
            .zip(&self.single)
            .map(|(db, (_, compact))| Part {
                db: &db.db,
                compact: *compact,
            })
            .collect();
        let pf = Prefilter {
            single: &parts,
            batch: other.map(|b| &b.db),
            n: self.n,
            always: &self.always,
            batch_always: &self.batch_always,
        };
        let out = py.detach(|| scan(&pf, &mut s1, s2.as_mut()));
        for (db, s) in single.iter().zip(s1) {
            db.give_back(s);
        }
        if let (Some(b), Some(s)) = (other, s2) {
            b.give_back(s);
        }
        out.map_err(PyRuntimeError::new_err)
    }
}

#[pymethods]
impl NativePrefilter {
    /// `single`: the databases for one text at a time, each with whether it scans the
    /// compacted text; `batch`: the one for joined texts (None: none).
    #[new]
    #[pyo3(signature = (single, batch, n, always, batch_always))]
    fn new(
        single: Vec<(Py<HsDatabase>, bool)>,
        batch: Option<Py<HsDatabase>>,
        n: usize,
        always: Vec<usize>,
        batch_always: Vec<usize>,
    ) -> Self {
        Self {
            single,
            batch,
            n,
            always,
            batch_always,
        }
    }

    /// The ids of the patterns worth running on `text`, ascending.
    fn candidates(&self, py: Python<'_>, text: &Bound<'_, PyString>) -> PyResult<Vec<usize>> {
        let utf8 = text.to_str().ok().map(str::as_bytes);
        self.run(py, false, |pf, s, _| pf.one(utf8, s))
    }

    /// Each text folded, and `candidates_many` of the folded texts: both kept in the core.
    fn fold_candidates_many(
        &self,
        py: Python<'_>,
        texts: Vec<Bound<'_, PyString>>,
    ) -> PyResult<(Folded, Hits)> {
        let utf8: Vec<Option<&str>> = texts.iter().map(|t| t.to_str().ok()).collect();
        let folded: Vec<Option<String>> = py.detach(|| {
            utf8.iter()
                .map(|t| t.map(boxguard_core::fold::fold))
                .collect()
        });
        let bytes: Vec<Option<&[u8]>> = folded
            .iter()
            .map(|t| t.as_deref().map(str::as_bytes))
            .collect();
        let hits = self.run(py, true, |pf, s, b| pf.many(&bytes, s, b))?;
        Ok((Folded(folded), Hits(hits)))
    }

    /// `candidates` of each text, sparse texts joined (Python's `candidates_many`).
    fn candidates_many(&self, py: Python<'_>, texts: Vec<Bound<'_, PyString>>) -> PyResult<Hits> {
        let utf8: Vec<Option<&[u8]>> = texts
            .iter()
            .map(|t| t.to_str().ok().map(str::as_bytes))
            .collect();
        self.run(py, true, |pf, s, b| pf.many(&utf8, s, b))
            .map(Hits)
    }
}

/// The version of the system's Hyperscan library, loaded now if it was not yet; "" when
/// it is not on this machine (or `BOXGUARD_NO_HS` is set).
#[pyfunction]
pub fn hs_version() -> String {
    boxguard_hs::version()
}
