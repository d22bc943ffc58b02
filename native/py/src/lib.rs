//! `boxguard._native`: the PyO3 binding of boxguard-core.
//!
//! The detection runs with the GIL released; only a kind without a native validator
//! (a custom `[[kind]]`, `intl_phone`) takes it back, to call its Python validator.

use std::collections::{HashMap, HashSet};

use boxguard_core::batch::{Outcome, Plan, Slot};
use boxguard_core::engine::{Candidate, Engine, KindSpec, PatternSpec, Validate};
use boxguard_core::finders::{AddressFinder, Finder, PyClasses, RegexFinder};
use boxguard_core::names::{
    LabelWords, LabelledNames, MinorityNames, MinorityWords, NameShapes, RecordNames, Regexes,
    ShapeRules,
};
use boxguard_core::orgs::Organizations;
use boxguard_core::prefilter::Bounds;
use boxguard_core::resolve::Ranked;
use boxguard_core::roman::{AirlineNames, RomanNames, RomanWords, SqlNames};
use boxguard_core::text::Prepared;
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyFloat, PyList, PyString, PyTuple, PyType};

mod model;
mod prefilter;

/// The core's own allocations (candidates, prepared texts, spans) through mimalloc: the
/// system allocator took ~12 % of a dense batch's time in malloc and free.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

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

/// Whether `value` is surely valid as `kind` without a full core validator (an
/// `intl_phone` in its country's plan); False: Python decides.
#[pyfunction]
fn surely_valid(kind: &str, value: &str) -> bool {
    boxguard_core::validate::surely_valid(kind, value)
}

/// Whether the Python validator of `kind` surely rejects `value` (an `intl_phone` the core
/// can tell is invalid); False: Python decides.
#[pyfunction]
fn surely_invalid(kind: &str, value: &str) -> bool {
    boxguard_core::validate::surely_invalid(kind, value)
}

/// The country calling code of an `intl_phone` value its country's plan surely holds;
/// None: Python (libphonenumber) decides.
#[pyfunction]
fn intl_plan_code(value: &str) -> Option<u16> {
    boxguard_core::validate::intl_plan_code(value)
}

/// The evidence a valid `value` of `kind` earns (Python's `Kind.check_for`); None for a
/// kind the core does not know.
#[pyfunction]
fn check_for(kind: &str, value: &str) -> Option<String> {
    boxguard_core::validate::check_for(kind, value)
}

/// Each `(finding, column)` of `pairs` as a line of `scan -f jsonl` writes it, its
/// `preview` beside it (`JsonlRecords.render`, the reference); None when one of them
/// cannot be written here (a lone surrogate, a score Python writes with an exponent):
/// then Python writes them all.
#[pyfunction]
fn render_findings(
    pairs: &Bound<'_, PyList>,
    previews: &Bound<'_, PyList>,
    show_values: bool,
) -> PyResult<Option<Vec<String>>> {
    if previews.len() != pairs.len() {
        return Err(PyValueError::new_err("one preview per finding"));
    }
    let py = pairs.py();
    let mut out = Vec::with_capacity(pairs.len());
    for (pair, preview) in pairs.iter().zip(previews.iter()) {
        let (f, column): (Bound<'_, PyAny>, Option<Bound<'_, PyString>>) = pair.extract()?;
        let evidence = f.getattr(pyo3::intern!(py, "evidence"))?;
        let evidence = evidence.cast::<PyTuple>()?;
        let strs = (
            column.as_ref().map(|c| c.to_str()).transpose(),
            f.getattr(pyo3::intern!(py, "kind"))?
                .cast_into::<PyString>()?,
            preview.cast_into::<PyString>()?,
            f.getattr(pyo3::intern!(py, "value"))?
                .cast_into::<PyString>()?,
        );
        let (Ok(column), kind, preview, value) = strs else {
            return Ok(None);
        };
        let (Ok(kind), Ok(preview), Ok(value)) = (kind.to_str(), preview.to_str(), value.to_str())
        else {
            return Ok(None);
        };
        let items = evidence
            .iter()
            .map(|e| e.cast_into::<PyString>())
            .collect::<Result<Vec<_>, _>>()?;
        let Ok(why) = items
            .iter()
            .map(|e| e.to_str())
            .collect::<PyResult<Vec<&str>>>()
        else {
            return Ok(None);
        };
        // an int score (Python writes `1`, not `1.0`) or offsets past i64: Python writes
        let score = f.getattr(pyo3::intern!(py, "score"))?;
        let (Ok(score), Ok(start), Ok(end)) = (
            score.cast::<PyFloat>(),
            f.getattr(pyo3::intern!(py, "start"))?.extract::<i64>(),
            f.getattr(pyo3::intern!(py, "end"))?.extract::<i64>(),
        ) else {
            return Ok(None);
        };
        let written = boxguard_core::json::Written {
            column,
            start,
            end,
            kind,
            score: score.value(),
            evidence: &why,
            preview,
            value: show_values.then_some(value),
        };
        let mut line = String::with_capacity(160);
        if !boxguard_core::json::push_finding(&mut line, &written) {
            return Ok(None);
        }
        out.push(line);
    }
    Ok(Some(out))
}

/// `value` with all but its first `first` and last `last` significant characters hidden
/// (the kinds' shared display mask, `boxguard.kinds._masks.KeepEnds`).
#[pyfunction]
#[pyo3(signature = (value, first, last, hide = '*', sep_aware = true))]
fn keep_ends(value: &str, first: usize, last: usize, hide: char, sep_aware: bool) -> String {
    boxguard_core::mask::keep_ends(value, first, last, hide, sep_aware)
}

/// An e-mail address's mask (`boxguard.kinds._masks.email_mask`).
#[pyfunction]
fn mask_email(value: &str) -> String {
    boxguard_core::masks::email(value)
}

/// One star per character (`boxguard.kinds._masks.hide_all`).
#[pyfunction]
fn mask_hide_all(value: &str) -> String {
    boxguard_core::masks::hide_all(value)
}

/// A MAC address's mask (`boxguard.kinds.device.mask_mac_address`).
#[pyfunction]
fn mask_mac_address(value: &str) -> String {
    boxguard_core::masks::mac_address(value)
}

/// An IP address's mask (`boxguard.kinds.device.mask_ip_address`); None for an IPv6
/// address with a scope (`%eth0`), left to the Python reference.
#[pyfunction]
fn mask_ip_address(value: &str) -> Option<String> {
    boxguard_core::masks::ip_address(value)
}

/// A property certificate number's mask (`boxguard.kinds.finance.mask_property_cert_no`).
#[pyfunction]
fn mask_property_cert_no(value: &str) -> String {
    boxguard_core::masks::property_cert_no(value)
}

/// An organization's mask (`boxguard.kinds.organization.mask_organization`).
#[pyfunction]
fn mask_organization(value: &str) -> String {
    boxguard_core::masks::organization(value)
}

/// A licence plate's mask (`boxguard.kinds.vehicle.mask_plate`).
#[pyfunction]
fn mask_plate(value: &str) -> String {
    boxguard_core::masks::plate(value)
}

/// A kind's mask that needs Python's data (a Unicode table, a word list, regexes), built
/// once from Python and called per value.
#[pyclass(frozen)]
struct NativeMask {
    kind: MaskKind,
}

enum MaskKind {
    BirthDate(boxguard_core::masks::CodeClass),
    Landline(boxguard_core::masks::CodeClass),
    Name(boxguard_core::masks::NameMask),
    Address(boxguard_core::masks::AddressMask),
    Geo(boxguard_core::masks::GeoMask),
}

#[pymethods]
impl NativeMask {
    /// The birth-date mask; `digits`: Python's `\d` table (inclusive ranges).
    #[staticmethod]
    fn birth_date(digits: Vec<(u32, u32)>) -> Self {
        Self {
            kind: MaskKind::BirthDate(boxguard_core::masks::CodeClass::new(digits)),
        }
    }

    /// The landline mask; `isdigit`: Python's `str.isdigit` table (inclusive ranges).
    #[staticmethod]
    fn cn_landline(isdigit: Vec<(u32, u32)>) -> Self {
        Self {
            kind: MaskKind::Landline(boxguard_core::masks::CodeClass::new(isdigit)),
        }
    }

    /// The name mask; `compound`: the two-character surnames kept whole.
    #[staticmethod]
    fn name(compound: Vec<String>) -> Self {
        Self {
            kind: MaskKind::Name(boxguard_core::masks::NameMask::new(compound)),
        }
    }

    /// The address mask; `admin`: Python's administrative-division regex (pattern, flags).
    #[staticmethod]
    fn address(admin: (String, u32)) -> PyResult<Self> {
        Ok(Self {
            kind: MaskKind::Address(
                boxguard_core::masks::AddressMask::new(&admin.0, admin.1).map_err(err)?,
            ),
        })
    }

    /// The geo-coordinate mask; Python's seconds, decimal-minutes and decimal-degrees
    /// regexes (pattern, flags).
    #[staticmethod]
    fn geo(
        seconds: (String, u32),
        minutes: (String, u32),
        degrees: (String, u32),
    ) -> PyResult<Self> {
        Ok(Self {
            kind: MaskKind::Geo(
                boxguard_core::masks::GeoMask::new(
                    (&seconds.0, seconds.1),
                    (&minutes.0, minutes.1),
                    (&degrees.0, degrees.1),
                )
                .map_err(err)?,
            ),
        })
    }

    /// `value` masked (as [`NativeMask::mask`]).
    fn __call__(&self, value: &str) -> String {
        self.mask(value)
    }

    /// `value` masked: a bound `mask` is called faster than the object (vectorcall).
    fn mask(&self, value: &str) -> String {
        match &self.kind {
            MaskKind::BirthDate(d) => boxguard_core::masks::birth_date(value, d),
            MaskKind::Landline(d) => boxguard_core::masks::cn_landline(value, d),
            MaskKind::Name(m) => m.mask(value),
            MaskKind::Address(m) => m.mask(value),
            MaskKind::Geo(m) => m.mask(value),
        }
    }
}

/// The indices of the candidates kept by overlap resolution, ordered by start; each
/// candidate is (start, end, tier, priority, score).
#[pyfunction]
fn resolve(py: Python<'_>, cands: Vec<(usize, usize, i64, i64, f64)>) -> Vec<usize> {
    let ranked: Vec<Ranked> = cands
        .into_iter()
        .map(|(start, end, tier, priority, score)| Ranked {
            start,
            end,
            tier,
            priority,
            score,
        })
        .collect();
    py.detach(|| boxguard_core::resolve::resolve(&ranked))
}

fn floats(b: &[u8]) -> Vec<f64> {
    b.chunks_exact(8)
        .map(|c| f64::from_ne_bytes(c.try_into().unwrap_or([0; 8])))
        .collect()
}

/// Viterbi paths and marginals of CRF segments: `e` and `trans` are the bytes of float64
/// arrays (`[position, label]` and `[from, to]`). Returns the paths (int64) and marginals
/// (float64) of all segments, concatenated in input order, as bytes.
#[pyfunction]
fn crf_decode<'py>(
    py: Python<'py>,
    e: &[u8],
    n_labels: usize,
    trans: &[u8],
    starts: Vec<usize>,
    lengths: Vec<usize>,
) -> (Bound<'py, PyBytes>, Bound<'py, PyBytes>) {
    let (e, trans) = (floats(e), floats(trans));
    let decoded = py.detach(|| boxguard_core::crf::decode(&e, n_labels, &trans, &starts, &lengths));
    let mut paths = Vec::new();
    let mut margs = Vec::new();
    for (p, m) in decoded {
        paths.extend(p.iter().flat_map(|x| x.to_ne_bytes()));
        margs.extend(m.iter().flat_map(|x| x.to_ne_bytes()));
    }
    (PyBytes::new(py, &paths), PyBytes::new(py, &margs))
}

fn ints(b: &[u8]) -> Vec<i64> {
    b.chunks_exact(8)
        .map(|c| i64::from_ne_bytes(c.try_into().unwrap_or([0; 8])))
        .collect()
}

/// The shipped CRF's state weights as tables (all arrays as the bytes of NumPy arrays:
/// float64 rows, int64 keys, int32 character rows, int16 clusters).
#[pyclass(frozen, module = "boxguard._native")]
struct CrfTables(boxguard_core::crf::Tables);

type Rows = Vec<(i64, Vec<u8>)>;

#[pymethods]
impl CrfTables {
    #[new]
    #[allow(clippy::too_many_arguments)]
    fn new(
        n_lab: usize,
        char_id: &[u8],
        unigram: Rows,
        bigram: Vec<(i64, i64, Vec<u8>, Vec<u8>)>,
        cluster: &[u8],
        clusters: Rows,
        trigram: &[u8],
        flags: &[u8],
        sets: (Vec<u8>, Vec<u8>, Vec<u8>),
    ) -> Self {
        let rows = |r: Rows| r.into_iter().map(|(o, b)| (o, floats(&b))).collect();
        Self(boxguard_core::crf::Tables {
            n_lab,
            char_id: char_id
                .chunks_exact(4)
                .map(|c| i32::from_ne_bytes(c.try_into().unwrap_or([0; 4])))
                .collect(),
            unigram: rows(unigram),
            bigram: bigram
                .into_iter()
                .map(|(a, b, k, t)| ((a, b), ints(&k), floats(&t)))
                .collect(),
            cluster: cluster
                .chunks_exact(2)
                .map(|c| i16::from_ne_bytes(c.try_into().unwrap_or([0; 2])))
                .collect(),
            clusters: rows(clusters),
            trigram: floats(trigram),
            flags: floats(flags),
            single: ints(&sets.0),
            compound: ints(&sets.1),
            org: ints(&sets.2),
        })
    }

    /// The state scores (float64 bytes, `[position, label]`) of positions `pos` of the padded
    /// code points `cp` (int64 bytes), with each code point's class `cls` (int64 bytes) and
    /// each position's label flag `lab` (bool bytes).
    fn emissions<'py>(
        &self,
        py: Python<'py>,
        cp: &[u8],
        pos: &[u8],
        cls: &[u8],
        lab: &[u8],
    ) -> Bound<'py, PyBytes> {
        let (cp, pos, cls) = (ints(cp), ints(pos), ints(cls));
        let lab: Vec<bool> = lab.iter().map(|&b| b != 0).collect();
        let e = py.detach(|| self.0.emissions(&cp, &pos, &cls, &lab));
        let bytes: Vec<u8> = e.iter().flat_map(|x| x.to_ne_bytes()).collect();
        PyBytes::new(py, &bytes)
    }
}

/// A folded text prepared for the engine (its offset maps built once).
#[pyclass(frozen, module = "boxguard._native")]
struct Text(Prepared);

#[pymethods]
impl Text {
    #[new]
    fn new(text: String) -> Self {
        Self(Prepared::new(text))
    }
}

/// A rule-based finder run by the core, built from a Python finder's declarations.
#[pyclass(frozen, module = "boxguard._native")]
struct NativeFinder(Finder);

type Found<'py> = Vec<(usize, usize, f64, Bound<'py, PyTuple>)>;

#[pymethods]
impl NativeFinder {
    /// The address finder: its structure, label and organization-suffix regexes (pattern,
    /// Python flags) and every division name.
    #[staticmethod]
    fn address(
        address: (String, u32),
        labelled: (String, u32),
        org_after: (String, u32),
        names: Vec<String>,
    ) -> PyResult<Self> {
        AddressFinder::new(
            (&address.0, address.1),
            (&labelled.0, labelled.1),
            (&org_after.0, org_after.1),
            names,
        )
        .map(|f| Self(Finder::Address(Box::new(f))))
        .map_err(|e| PyValueError::new_err(e.to_string()))
    }

    /// The record-name finder (`find_record_names`): its regexes by their names in
    /// `boxguard.kinds.person` (pattern, Python flags; `_AIRLINE`, `_MINORITY`, `_LABEL_WORD`
    /// for the name shapes), its word lists and characters.
    #[staticmethod]
    #[allow(clippy::too_many_arguments)]
    fn record_names(
        regexes: HashMap<String, (String, u32)>,
        single: Vec<String>,
        compound: Vec<String>,
        given: String,
        no_name: Vec<String>,
        not_last: String,
        seps: &str,
        quotes: &str,
    ) -> PyResult<Self> {
        let rx = regexes_of(&regexes);
        let shapes = shapes_of(&rx, single, compound, given, no_name, not_last)?;
        RecordNames::new(shapes, &rx, seps, quotes)
            .map(|f| Self(Finder::RecordNames(Box::new(f))))
            .map_err(err)
    }

    /// The labelled-name finder (`find_labelled_names`): its regexes as `record_names`
    /// takes them, the name shapes' word lists, and its own word lists by their names
    /// (`_ROLE_WORDS`, `_TRANSLIT`, `_DOT_BEFORE`, `_DOT_AFTER`, `_STOP_AFTER`,
    /// `_VERB_AFTER`, `_ITEM_START`, `_GLUED`, `_COMMA_WORD`, `_COMMAS`: lists of strings).
    #[staticmethod]
    #[allow(clippy::too_many_arguments)]
    fn labelled_names(
        regexes: HashMap<String, (String, u32)>,
        single: Vec<String>,
        compound: Vec<String>,
        given: String,
        no_name: Vec<String>,
        not_last: String,
        mut words: HashMap<String, Vec<String>>,
    ) -> PyResult<Self> {
        let rx = regexes_of(&regexes);
        let shapes = shapes_of(&rx, single, compound, given, no_name, not_last)?;
        let mut take = |name: &str| {
            words
                .remove(name)
                .ok_or_else(|| PyValueError::new_err(format!("no word list {name}")))
        };
        let words = LabelWords {
            role_words: take("_ROLE_WORDS")?,
            translit: take("_TRANSLIT")?.concat(),
            dot_before: take("_DOT_BEFORE")?.concat(),
            dot_after: take("_DOT_AFTER")?.concat(),
            stop_after: take("_STOP_AFTER")?.concat(),
            verb_after: take("_VERB_AFTER")?,
            item_start: take("_ITEM_START")?.concat(),
            glued: take("_GLUED")?,
            comma_word: take("_COMMA_WORD")?.concat(),
            commas: take("_COMMAS")?,
        };
        LabelledNames::new(shapes, &rx, words)
            .map(|f| Self(Finder::LabelledNames(Box::new(f))))
            .map_err(err)
    }

    /// The organization finder (`find_organizations`): its regexes by their names in
    /// `boxguard.kinds.organization`, every division name, the bounds of a name's
    /// characters before its suffix, the field separators and a record line's marks.
    #[staticmethod]
    fn organizations(
        regexes: HashMap<String, (String, u32)>,
        names: Vec<String>,
        bounds: (usize, usize),
        field_seps: &str,
        record_marks: &str,
    ) -> PyResult<Self> {
        let rx = regexes_of(&regexes);
        Organizations::new(&rx, names, bounds, field_seps, record_marks)
            .map(|f| Self(Finder::Organizations(Box::new(f))))
            .map_err(err)
    }

    /// A finder whose every match of `pattern` (Python flags `flags`) is a span; `classes`:
    /// the code-point ranges of Python's `\d` (`"d"`) and `\w` (`"w"`) when the pattern
    /// holds them in Unicode mode.
    #[staticmethod]
    #[pyo3(signature = (pattern, flags, score, evidence, classes=None))]
    fn regex(
        pattern: &str,
        flags: u32,
        score: f64,
        evidence: Vec<String>,
        classes: Option<HashMap<String, Vec<(u32, u32)>>>,
    ) -> PyResult<Self> {
        let classes = classes_of(classes.as_ref())?;
        RegexFinder::with_classes(pattern, flags, &classes, score, evidence)
            .map(|f| Self(Finder::Regex(f)))
            .map_err(|e| PyValueError::new_err(e.to_string()))
    }

    /// The ·-name finder (`find_minority_names`): its regexes by their names in
    /// `boxguard.kinds.person` and its word lists (`_ROLE_WORDS`, `_TRANSLIT`, `_DOT_BEFORE`,
    /// `_DOT_AFTER`, `_TITLE_OPEN`, `_TITLE_CLOSE`: lists of strings).
    #[staticmethod]
    fn minority_names(
        regexes: HashMap<String, (String, u32)>,
        mut words: HashMap<String, Vec<String>>,
    ) -> PyResult<Self> {
        let rx = regexes_of(&regexes);
        let mut take = |name: &str| take_words(&mut words, name);
        let words = MinorityWords {
            role_words: take("_ROLE_WORDS")?,
            translit: take("_TRANSLIT")?.concat(),
            dot_before: take("_DOT_BEFORE")?.concat(),
            dot_after: take("_DOT_AFTER")?.concat(),
            title_open: take("_TITLE_OPEN")?,
            title_close: take("_TITLE_CLOSE")?.concat(),
        };
        MinorityNames::new(&rx, words)
            .map(|f| Self(Finder::MinorityNames(Box::new(f))))
            .map_err(err)
    }

    /// The romanised-name finder (`find_roman_names`): its regexes by their names in
    /// `boxguard.kinds.person`, its word lists (`_SYLLABLES`, `_CODE_WORDS`, `_SEPS`) and
    /// Python's `\w` as `regex` takes it.
    #[staticmethod]
    fn roman_names(
        regexes: HashMap<String, (String, u32)>,
        mut words: HashMap<String, Vec<String>>,
        classes: HashMap<String, Vec<(u32, u32)>>,
    ) -> PyResult<Self> {
        let rx = regexes_of(&regexes);
        let classes = classes_of(Some(&classes))?;
        let mut take = |name: &str| take_words(&mut words, name);
        let words = RomanWords {
            syllables: take("_SYLLABLES")?,
            code_words: take("_CODE_WORDS")?,
            seps: take("_SEPS")?.concat(),
        };
        RomanNames::new(&rx, words, &classes)
            .map(|f| Self(Finder::RomanNames(Box::new(f))))
            .map_err(err)
    }

    /// The airline-name finder (`find_airline_names`): its regexes and the syllables.
    #[staticmethod]
    fn airline_names(
        regexes: HashMap<String, (String, u32)>,
        syllables: Vec<String>,
    ) -> PyResult<Self> {
        AirlineNames::new(&regexes_of(&regexes), syllables)
            .map(|f| Self(Finder::AirlineNames(Box::new(f))))
            .map_err(err)
    }

    /// The SQL-name finder (`find_sql_names`): its regexes (`_AIRLINE`, `_MINORITY`,
    /// `_LABEL_WORD` for the name shapes), the name shapes' word lists and the syllables.
    #[staticmethod]
    #[allow(clippy::too_many_arguments)]
    fn sql_names(
        regexes: HashMap<String, (String, u32)>,
        single: Vec<String>,
        compound: Vec<String>,
        given: String,
        no_name: Vec<String>,
        not_last: String,
        syllables: Vec<String>,
    ) -> PyResult<Self> {
        let rx = regexes_of(&regexes);
        let shapes = shapes_of(&rx, single, compound, given, no_name, not_last)?;
        SqlNames::new(shapes, &rx, syllables)
            .map(|f| Self(Finder::SqlNames(Box::new(f))))
            .map_err(err)
    }

    /// The spans of `text`: (start, end, score, evidence) tuples.
    fn find<'py>(&self, py: Python<'py>, text: &Text) -> PyResult<Found<'py>> {
        let spans = py.detach(|| self.0.find(&text.0));
        spans
            .into_iter()
            .map(|s| Ok((s.start, s.end, s.score, PyTuple::new(py, s.evidence)?)))
            .collect()
    }
}

fn err(e: boxguard_core::engine::EngineError) -> PyErr {
    PyValueError::new_err(e.to_string())
}

fn take_words(words: &mut HashMap<String, Vec<String>>, name: &str) -> PyResult<Vec<String>> {
    words
        .remove(name)
        .ok_or_else(|| PyValueError::new_err(format!("no word list {name}")))
}

/// Python's `\d` (`"d"`) and `\w` (`"w"`) as code-point ranges.
fn classes_of(classes: Option<&HashMap<String, Vec<(u32, u32)>>>) -> PyResult<PyClasses> {
    let get = |k: &str| classes.and_then(|c| c.get(k)).map(Vec::as_slice);
    PyClasses::new(get("d"), get("w")).map_err(err)
}

fn regexes_of(regexes: &HashMap<String, (String, u32)>) -> Regexes<'_> {
    regexes
        .iter()
        .map(|(k, (p, f))| (k.clone(), (p.as_str(), *f)))
        .collect()
}

fn shapes_of(
    rx: &Regexes<'_>,
    single: Vec<String>,
    compound: Vec<String>,
    given: String,
    no_name: Vec<String>,
    not_last: String,
) -> PyResult<NameShapes> {
    let get = |name: &str| {
        rx.get(name)
            .copied()
            .ok_or_else(|| PyValueError::new_err(format!("no regex {name}")))
    };
    NameShapes::new(ShapeRules {
        airline: get("_AIRLINE")?,
        minority: get("_MINORITY")?,
        label_word: get("_LABEL_WORD")?,
        single,
        compound,
        given,
        no_name,
        not_last,
    })
    .map_err(err)
}

/// The Python validators of kinds the core does not validate, called with the GIL held.
struct Outside<'a> {
    validators: &'a [Option<Py<PyAny>>],
    error: Option<PyErr>,
}

impl Validate for Outside<'_> {
    fn validate(&mut self, kind: usize, value: &str) -> Option<String> {
        let f = self.validators.get(kind)?.as_ref()?;
        if self.error.is_some() {
            return None;
        }
        Python::attach(|py| match f.call1(py, (value,)) {
            Ok(r) => r.extract::<Option<String>>(py).unwrap_or(None),
            Err(e) => {
                self.error = Some(e);
                None
            }
        })
    }
}

type KindTuple = (
    String,
    Vec<String>,
    Vec<String>,
    (usize, usize),
    f64,
    bool,
    i64,
    bool,
    Option<Py<PyAny>>,
);

/// A scanner's kinds and patterns, compiled.
///
/// `kinds`: (id, context words, negative words, window, validated score, has validator,
/// priority, model based, Python validator or None); the Python validator returns the
/// evidence of a valid value or None. `patterns`: (kind index, name, regex, score,
/// context required), numbered as the scanner numbers them.
#[pyclass(frozen, module = "boxguard._native")]
struct NativeEngine {
    engine: Engine,
    outside: Vec<Option<Py<PyAny>>>,
}

fn to_py<'py>(py: Python<'py>, c: Candidate) -> PyResult<Bound<'py, PyTuple>> {
    let ev = PyTuple::new(py, c.evidence)?;
    (c.start, c.end, c.kind, c.score, ev).into_pyobject(py)
}

/// How a scanner's batch runs in the core: its number of patterns, and each finder's twin
/// (None: the Python finder runs) and kind.
#[pyclass(frozen, module = "boxguard._native")]
struct NativePlan {
    plan: Plan,
    slots: Vec<(Option<Py<NativeFinder>>, usize)>,
}

#[pymethods]
impl NativePlan {
    #[new]
    fn new(n_patterns: usize, finders: Vec<(Option<Py<NativeFinder>>, usize)>) -> Self {
        Self {
            plan: Plan { n_patterns },
            slots: finders,
        }
    }
}

/// A batch's distinct evidence, numbered as the scan makes it: hashed while its strings
/// are still in the cache, not after the whole batch (perf: a tenth of the findings' time
/// went to hashing evidence that had gone cold). Each becomes one tuple, which findings
/// share (tuples are immutable).
#[derive(Default)]
struct Interner {
    ids: rustc_hash::FxHashMap<Vec<String>, usize>,
    /// by number
    made: Vec<Vec<String>>,
}

impl Interner {
    fn id(&mut self, evidence: Vec<String>) -> usize {
        if let Some(&id) = self.ids.get(&evidence) {
            return id;
        }
        let id = self.made.len();
        self.made.push(evidence.clone());
        self.ids.insert(evidence, id);
        id
    }
}

/// A batch's evidence as tuples: those of the `Interner`'s numbers, made as needed; and
/// its scores as floats, one for each distinct score (a batch has a few dozen), which the
/// findings share as they share evidence (floats are immutable too).
struct Evidence<'py> {
    interner: Interner,
    tuples: Vec<Bound<'py, PyTuple>>,
    scores: rustc_hash::FxHashMap<u64, Bound<'py, PyFloat>>,
}

impl<'py> Evidence<'py> {
    fn new(py: Python<'py>, interner: Interner) -> PyResult<Self> {
        let tuples = interner
            .made
            .iter()
            .map(|e| PyTuple::new(py, e))
            .collect::<PyResult<_>>()?;
        Ok(Self {
            interner,
            tuples,
            scores: rustc_hash::FxHashMap::default(),
        })
    }

    /// `score` as a float, one for each distinct one.
    fn score(&mut self, py: Python<'py>, score: f64) -> Bound<'py, PyFloat> {
        self.scores
            .entry(score.to_bits())
            .or_insert_with(|| PyFloat::new(py, score))
            .clone()
    }

    /// The tuple of evidence number `id`.
    fn of(&self, id: usize) -> PyResult<&Bound<'py, PyTuple>> {
        self.tuples
            .get(id)
            .ok_or_else(|| PyValueError::new_err("an evidence number past the batch's"))
    }

    /// `c` numbered, its evidence's tuple made if it is new to the batch.
    fn number(&mut self, py: Python<'py>, c: Candidate) -> PyResult<Numbered> {
        let n = Numbered::new(c, &mut self.interner);
        if n.evidence == self.tuples.len() {
            self.tuples
                .push(PyTuple::new(py, &self.interner.made[n.evidence])?);
        }
        Ok(n)
    }
}

/// A finding of a text the core finished, its evidence numbered by the batch's `Interner`.
struct Numbered {
    start: usize,
    end: usize,
    kind: usize,
    score: f64,
    evidence: usize,
}

impl Numbered {
    fn new(c: Candidate, interner: &mut Interner) -> Self {
        Self {
            evidence: interner.id(c.evidence),
            start: c.start,
            end: c.end,
            kind: c.kind,
            score: c.score,
        }
    }
}

/// What the core made of a text: `Outcome`, its findings' evidence numbered; `Unread`:
/// Python scans it whole (its UTF-8 could not be read).
enum Scanned {
    Done(Vec<Numbered>),
    Partial(Vec<Candidate>, Vec<(usize, Option<Vec<Candidate>>)>),
    Unread,
}

/// `scan_batch`'s `findings`: the `Finding` class, the texts as given, the kind ids.
type FindingsArgs<'py> = (
    Bound<'py, PyType>,
    Vec<Bound<'py, PyString>>,
    Vec<Bound<'py, PyString>>,
);

/// Builds `boxguard.detect.finding.Finding`s (a frozen dataclass with slots) as its own
/// `__init__` does, one slot setter each (`object.__setattr__`), without a Python call.
struct Findings<'py> {
    cls: Bound<'py, PyType>,
    texts: Vec<Bound<'py, PyString>>,
    kinds: Vec<Bound<'py, PyString>>,
    /// the slots' member descriptors (start, end, kind, score, evidence, value: the fields
    /// in `__init__`'s order) and their type's setter, `member_descriptor.__set__`
    slots: [Bound<'py, PyAny>; 6],
    set: pyo3::ffi::descrsetfunc,
}

impl<'py> Findings<'py> {
    fn new(
        cls: Bound<'py, PyType>,
        texts: Vec<Bound<'py, PyString>>,
        kinds: Vec<Bound<'py, PyString>>,
    ) -> PyResult<Self> {
        let py = cls.py();
        let slots: Option<Vec<String>> = cls.getattr("__slots__").and_then(|s| s.extract()).ok();
        let names = ["start", "end", "kind", "score", "evidence", "value"];
        // what makes the allocation below right: the class keeps its fields in slots
        // (no __dict__, no __init__ side effects to miss) and object.__new__ creates it
        let new = cls.getattr("__new__")?;
        let object_new = py.get_type::<pyo3::types::PyAny>().getattr("__new__")?;
        if slots.as_deref() != Some(&names.map(String::from)[..]) || !new.is(&object_new) {
            return Err(PyValueError::new_err(
                "not a slotted dataclass of the six fields",
            ));
        }
        // each slot's member descriptor, as the class itself holds it (what
        // object.__setattr__ finds on an instance of it, a class with slots having no
        // instance __dict__ to look in first)
        let own = cls.getattr("__dict__")?;
        let member = py
            .import("types")?
            .getattr("MemberDescriptorType")?
            .cast_into::<PyType>()?;
        let slots = names
            .map(|n| own.get_item(n))
            .into_iter()
            .collect::<PyResult<Vec<_>>>()?;
        if !slots.iter().all(|d| d.get_type().is(&member)) {
            return Err(PyValueError::new_err("a field that is not a slot"));
        }
        // SAFETY: a live type object (GIL held); PyType_GetSlot reads its tp_descr_set
        // (any type, since Python 3.10), member_descriptor's: a descrsetfunc, never NULL
        // for it (it is what makes a slot writable at all), checked anyway
        let set =
            unsafe { pyo3::ffi::PyType_GetSlot(member.as_type_ptr(), pyo3::ffi::Py_tp_descr_set) };
        if set.is_null() {
            return Err(PyValueError::new_err("member descriptors without a setter"));
        }
        Ok(Findings {
            cls,
            texts,
            kinds,
            slots: slots
                .try_into()
                .map_err(|_| PyValueError::new_err("six slots"))?,
            // SAFETY: the tp_descr_set slot holds a function of descrsetfunc's signature
            set: unsafe {
                std::mem::transmute::<*mut std::ffi::c_void, pyo3::ffi::descrsetfunc>(set)
            },
        })
    }

    /// The findings of row `row`, a list.
    fn list(
        &self,
        row: usize,
        cs: Vec<Numbered>,
        evidence: &mut Evidence<'py>,
    ) -> PyResult<Bound<'py, PyList>> {
        let py = self.cls.py();
        let text = self
            .texts
            .get(row)
            .ok_or_else(|| PyValueError::new_err("a row past the texts"))?;
        let items = cs
            .into_iter()
            .map(|c| {
                let kind = self
                    .kinds
                    .get(c.kind)
                    .ok_or_else(|| PyValueError::new_err("a kind index past the kinds"))?;
                let ev = evidence.of(c.evidence)?.clone();
                let value = substring(text, c.start, c.end)?;
                let fields: [Bound<'py, PyAny>; 6] = [
                    c.start.into_pyobject(py)?.into_any(),
                    c.end.into_pyobject(py)?.into_any(),
                    kind.clone().into_any(),
                    evidence.score(py, c.score).into_any(),
                    ev.into_any(),
                    value.into_any(),
                ];
                self.make(fields)
            })
            .collect::<PyResult<Vec<_>>>()?;
        PyList::new(py, items)
    }

    fn make(&self, fields: [Bound<'py, PyAny>; 6]) -> PyResult<Bound<'py, PyAny>> {
        let py = self.cls.py();
        // SAFETY: `cls` is a live type object (held, GIL held) whose instances object.__new__
        // creates (checked in `new`), and object.__new__ allocates them with the type's
        // tp_alloc, PyType_GenericAlloc for a class defined in Python: a zeroed instance,
        // GC-tracked, every slot empty. The new reference, or NULL with the error set, is
        // owned by the Bound.
        let obj = unsafe {
            Bound::from_owned_ptr_or_err(
                py,
                pyo3::ffi::PyType_GenericAlloc(self.cls.as_type_ptr(), 0),
            )?
        };
        for (slot, value) in self.slots.iter().zip(fields) {
            // SAFETY: three live objects (borrowed, GIL held); member_descriptor.__set__
            // checks that `obj` is an instance of the slot's class and stores a new
            // reference to `value` in the slot: what object.__setattr__ does once it has
            // found the descriptor, so a frozen class's own __setattr__ is passed by, as
            // its __init__ does; -1 means an exception is set.
            let done = unsafe { (self.set)(slot.as_ptr(), obj.as_ptr(), value.as_ptr()) };
            if done != 0 {
                return Err(PyErr::fetch(py));
            }
        }
        // SAFETY: a live object of a GC type (PyType_GenericAlloc tracked it), GIL held.
        // Untracked, the collector no longer visits it (~1.5 ms of a records pass): its
        // six fields are an int, an int, a str, a float, a tuple of str and a str, none of
        // which can hold a reference back to it, so it is never part of a cycle (as
        // CPython itself untracks a tuple or dict holding only such values).
        unsafe { pyo3::ffi::PyObject_GC_UnTrack(obj.as_ptr().cast()) };
        Ok(obj)
    }
}

/// `text[start:end]` in code points.
fn substring<'py>(
    text: &Bound<'py, PyString>,
    start: usize,
    end: usize,
) -> PyResult<Bound<'py, PyAny>> {
    let (start, end) = (
        isize::try_from(start).map_err(|_| PyValueError::new_err("offset"))?,
        isize::try_from(end).map_err(|_| PyValueError::new_err("offset"))?,
    );
    // SAFETY: a live str (borrowed, GIL held); PyUnicode_Substring returns a new reference
    // (clamped to the string) or NULL with the error set, owned by the Bound.
    unsafe {
        Bound::from_owned_ptr_or_err(
            text.py(),
            pyo3::ffi::PyUnicode_Substring(text.as_ptr(), start, end),
        )
    }
}

/// The cyclic garbage collector paused while the GIL is held (see `scan_batch`), resumed
/// on drop if it ran before: no other thread runs Python in between, so none sees it off.
struct GcPaused(bool);

impl GcPaused {
    fn new(_py: Python<'_>) -> Self {
        // SAFETY: the GIL is held (`_py`); PyGC_Disable returns whether it was on
        GcPaused(unsafe { pyo3::ffi::PyGC_Disable() } == 1)
    }
}

impl Drop for GcPaused {
    fn drop(&mut self) {
        if self.0 {
            // SAFETY: dropped in `scan_batch`, with the GIL still held
            unsafe {
                pyo3::ffi::PyGC_Enable();
            }
        }
    }
}

fn numbered_py<'py>(
    py: Python<'py>,
    cs: Vec<Numbered>,
    evidence: &Evidence<'py>,
) -> PyResult<Bound<'py, PyList>> {
    let items = cs
        .into_iter()
        .map(|c| {
            let ev = evidence.of(c.evidence)?;
            (c.start, c.end, c.kind, c.score, ev).into_pyobject(py)
        })
        .collect::<PyResult<Vec<_>>>()?;
    PyList::new(py, items)
}

fn candidates_py<'py>(
    py: Python<'py>,
    cs: Vec<Candidate>,
    evidence: &mut Evidence<'py>,
) -> PyResult<Bound<'py, PyList>> {
    let cs = cs
        .into_iter()
        .map(|c| evidence.number(py, c))
        .collect::<PyResult<Vec<_>>>()?;
    numbered_py(py, cs, evidence)
}

#[pymethods]
impl NativeEngine {
    /// Scan a batch of short texts (folded: a list, or the core's `Folded`) as
    /// `Scanner._scan` does with no model, each with the prefilter's hits (patterns, then
    /// finders numbered after them). One (row, item) per text with something to say, in
    /// order (a text with nothing found has none): a list of (start, end, kind index,
    /// score, evidence) findings (resolved, by start), True (Python scans the text: UTF-8
    /// cannot hold it), or (pattern candidates, [(finder index, its twin's candidates or
    /// None)]) for Python to complete. The rows in `skip` (the texts Python scans whole)
    /// are not scanned and have no item.
    ///
    /// With `findings` — (the `Finding` class, the texts as given, the kind ids by index) —
    /// the findings come as `Finding`s, built here without a Python call each, in a list
    /// of one list per text (empty for a text the items below are about), followed by the
    /// items of the texts Python finishes: `(findings, [(row, True or partial)])`.
    #[pyo3(signature = (plan, texts, hits, threshold, skip = Vec::new(), findings = None))]
    #[allow(clippy::too_many_arguments)]
    fn scan_batch<'py>(
        &self,
        py: Python<'py>,
        plan: &NativePlan,
        texts: &Bound<'py, PyAny>,
        hits: &Bound<'py, PyAny>,
        threshold: f64,
        skip: Vec<usize>,
        findings: Option<FindingsArgs<'py>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        // the texts folded in the core (`NativePrefilter.fold_candidates_many`), or a list
        let folded = texts.cast::<prefilter::Folded>().ok();
        let given: Vec<Bound<'py, PyString>> = match &folded {
            Some(_) => Vec::new(),
            None => texts.extract()?,
        };
        let count = folded.as_ref().map_or(given.len(), |f| f.get().0.len());
        // each text's hits, ascending: the native prefilter's as they are, or sets
        let listed: Vec<Vec<usize>>;
        let mut bounds: &[Vec<Bounds>] = &[];
        let hits: &[Vec<usize>] = if let Ok(native) = hits.cast::<prefilter::Hits>() {
            bounds = &native.get().1;
            &native.get().0
        } else {
            listed = hits
                .try_iter()?
                .map(|h| {
                    let h = h?;
                    if h.len()? == 0 {
                        return Ok(Vec::new());
                    }
                    let mut v = h
                        .try_iter()?
                        .map(|x| x?.extract::<usize>())
                        .collect::<PyResult<Vec<usize>>>()?;
                    v.sort_unstable();
                    Ok(v)
                })
                .collect::<PyResult<Vec<Vec<usize>>>>()?;
            &listed
        };
        if hits.len() != count {
            return Err(PyValueError::new_err("one set of hits per text"));
        }
        // the texts to scan: a candidate, and not one Python scans whole (`skip`)
        let mut scanned: Vec<bool> = hits.iter().map(|h| !h.is_empty()).collect();
        for row in skip {
            *scanned
                .get_mut(row)
                .ok_or_else(|| PyValueError::new_err("a skipped row past the batch"))? = false;
        }
        // the UTF-8 of the texts scanned only (most of a news corpus has no candidate)
        let strs: Vec<Option<&str>> = match &folded {
            Some(f) => f.get().0.iter().map(Option::as_deref).collect(),
            None => given
                .iter()
                .zip(&scanned)
                .map(|(t, &scan)| if scan { t.to_str().ok() } else { Some("") })
                .collect(),
        };
        let slots: Vec<Slot<'_>> = plan
            .slots
            .iter()
            .map(|(f, kind)| Slot {
                finder: f.as_ref().map(|f| &f.get().0),
                kind: *kind,
            })
            .collect();
        let mut outside = Outside {
            validators: &self.outside,
            error: None,
        };
        let mut interner = Interner::default();
        let outcomes: Vec<Scanned> = py.detach(|| {
            strs.iter()
                .zip(hits)
                .zip(&scanned)
                .enumerate()
                .map(|(row, ((t, hits), &scan))| {
                    if !scan {
                        return Scanned::Done(Vec::new());
                    }
                    let outcome = t.map(|t| {
                        let text = Prepared::new(t.to_string());
                        self.engine.scan_doc(
                            &plan.plan,
                            &slots,
                            &text,
                            hits,
                            bounds.get(row).map_or(&[], Vec::as_slice),
                            threshold,
                            &mut outside,
                        )
                    });
                    match outcome {
                        Some(Outcome::Done(cs)) => Scanned::Done(
                            cs.into_iter()
                                .map(|c| Numbered::new(c, &mut interner))
                                .collect(),
                        ),
                        Some(Outcome::Partial { patterns, finders }) => {
                            Scanned::Partial(patterns, finders)
                        }
                        None => Scanned::Unread,
                    }
                })
                .collect()
        });
        if let Some(e) = outside.error {
            return Err(e);
        }
        let out = PyList::empty(py);
        let mut evidence = Evidence::new(py, interner)?;
        let ev = &mut evidence;
        let maker = match findings {
            Some((cls, given, kinds)) if given.len() == count => {
                Some(Findings::new(cls, given, kinds)?)
            }
            Some(_) => return Err(PyValueError::new_err("one text given per text folded")),
            None => None,
        };
        // many objects at once, none of them garbage: the cyclic collector would walk them
        // every 700 (a tenth of the batch's time); it runs as usual once they are built
        let _paused = GcPaused::new(py);
        // with `findings`: each text's Findings, an empty list for a text with none (or one
        // of the rest's)
        let mut aligned = Vec::with_capacity(if maker.is_some() { count } else { 0 });
        for (row, o) in outcomes.into_iter().enumerate() {
            let rest = match o {
                Scanned::Done(cs) => match &maker {
                    Some(m) => {
                        aligned.push(m.list(row, cs, ev)?);
                        continue;
                    }
                    None if cs.is_empty() => continue,
                    None => numbered_py(py, cs, ev)?.into_any(),
                },
                Scanned::Partial(patterns, finders) => {
                    let fs = finders
                        .into_iter()
                        .map(|(j, found)| {
                            let found = match found {
                                Some(cs) => Some(candidates_py(py, cs, ev)?),
                                None => None,
                            };
                            (j, found).into_pyobject(py)
                        })
                        .collect::<PyResult<Vec<_>>>()?;
                    (candidates_py(py, patterns, ev)?, PyList::new(py, fs)?)
                        .into_pyobject(py)?
                        .into_any()
                }
                Scanned::Unread => true.into_pyobject(py)?.to_owned().into_any(),
            };
            if maker.is_some() {
                aligned.push(PyList::empty(py));
            }
            out.append((row, rest))?;
        }
        if maker.is_some() {
            return Ok((PyList::new(py, aligned)?, out)
                .into_pyobject(py)?
                .into_any());
        }
        Ok(out.into_any())
    }

    #[new]
    fn new(
        kinds: Vec<KindTuple>,
        patterns: Vec<(usize, String, String, f64, bool)>,
    ) -> PyResult<Self> {
        let mut outside = Vec::with_capacity(kinds.len());
        let specs = kinds
            .into_iter()
            .map(
                |(
                    id,
                    context,
                    negative,
                    window,
                    validated_score,
                    has_validator,
                    priority,
                    model_based,
                    f,
                )| {
                    outside.push(f);
                    KindSpec {
                        id,
                        context,
                        negative,
                        window,
                        validated_score,
                        has_validator,
                        priority,
                        model_based,
                    }
                },
            )
            .collect();
        let pats = patterns
            .into_iter()
            .map(|(kind, name, regex, score, context_required)| PatternSpec {
                kind,
                name,
                regex,
                score,
                context_required,
            })
            .collect();
        let engine = Engine::new(specs, pats).map_err(|e| PyValueError::new_err(e.to_string()))?;
        Ok(Self { engine, outside })
    }

    /// Whether kind number `kind` is validated natively.
    fn is_native(&self, kind: usize) -> bool {
        self.engine.is_native(kind)
    }

    /// The assessed candidates of the patterns numbered in `hits` (ascending):
    /// (start, end, kind index, score, evidence) tuples.
    fn candidates<'py>(
        &self,
        py: Python<'py>,
        text: &Text,
        hits: Vec<usize>,
        in_cell: HashSet<(usize, usize)>,
        threshold: f64,
    ) -> PyResult<Vec<Bound<'py, PyTuple>>> {
        let mut outside = Outside {
            validators: &self.outside,
            error: None,
        };
        let found = py.detach(|| {
            self.engine
                .candidates(&text.0, &hits, &in_cell, threshold, &mut outside)
        });
        if let Some(e) = outside.error {
            return Err(e);
        }
        found.into_iter().map(|c| to_py(py, c)).collect()
    }

    /// The spans of `finder` in `text`, each assessed as kind number `kind` (as `assess`
    /// with no context required, outside a record's cell): (start, end, score, evidence).
    fn find<'py>(
        &self,
        py: Python<'py>,
        text: &Text,
        finder: &NativeFinder,
        kind: usize,
    ) -> PyResult<Found<'py>> {
        let mut outside = Outside {
            validators: &self.outside,
            error: None,
        };
        let found: Vec<Candidate> = py.detach(|| {
            finder
                .0
                .find(&text.0)
                .into_iter()
                .filter_map(|s| {
                    self.engine.assess(
                        &text.0,
                        kind,
                        s.start,
                        s.end,
                        s.score,
                        s.evidence,
                        false,
                        false,
                        &mut outside,
                    )
                })
                .collect()
        });
        if let Some(e) = outside.error {
            return Err(e);
        }
        found
            .into_iter()
            .map(|c| Ok((c.start, c.end, c.score, PyTuple::new(py, c.evidence)?)))
            .collect()
    }

    /// One candidate validated and scored: (score, evidence), or None when dropped.
    #[allow(clippy::too_many_arguments)]
    #[pyo3(signature = (text, kind, start, end, score, evidence, context_required, in_cell=false))]
    fn assess<'py>(
        &self,
        py: Python<'py>,
        text: &Text,
        kind: usize,
        start: usize,
        end: usize,
        score: f64,
        evidence: Vec<String>,
        context_required: bool,
        in_cell: bool,
    ) -> PyResult<Option<(f64, Bound<'py, PyTuple>)>> {
        let mut outside = Outside {
            validators: &self.outside,
            error: None,
        };
        let found = self.engine.assess(
            &text.0,
            kind,
            start,
            end,
            score,
            evidence,
            context_required,
            in_cell,
            &mut outside,
        );
        if let Some(e) = outside.error {
            return Err(e);
        }
        match found {
            None => Ok(None),
            Some(c) => Ok(Some((c.score, PyTuple::new(py, c.evidence)?))),
        }
    }
}

#[pymodule]
fn _native(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(fold, m)?)?;
    m.add_function(wrap_pyfunction!(is_valid, m)?)?;
    m.add_function(wrap_pyfunction!(surely_valid, m)?)?;
    m.add_function(wrap_pyfunction!(surely_invalid, m)?)?;
    m.add_function(wrap_pyfunction!(intl_plan_code, m)?)?;
    m.add_function(wrap_pyfunction!(check_for, m)?)?;
    m.add_function(wrap_pyfunction!(keep_ends, m)?)?;
    m.add_function(wrap_pyfunction!(render_findings, m)?)?;
    m.add_function(wrap_pyfunction!(mask_email, m)?)?;
    m.add_function(wrap_pyfunction!(mask_hide_all, m)?)?;
    m.add_function(wrap_pyfunction!(mask_mac_address, m)?)?;
    m.add_function(wrap_pyfunction!(mask_ip_address, m)?)?;
    m.add_function(wrap_pyfunction!(mask_property_cert_no, m)?)?;
    m.add_function(wrap_pyfunction!(mask_organization, m)?)?;
    m.add_function(wrap_pyfunction!(mask_plate, m)?)?;
    m.add_class::<NativeMask>()?;
    m.add_class::<prefilter::Hits>()?;
    m.add_class::<prefilter::Folded>()?;
    m.add_class::<prefilter::NativePrefilter>()?;
    m.add_function(wrap_pyfunction!(resolve, m)?)?;
    m.add_function(wrap_pyfunction!(crf_decode, m)?)?;
    m.add_class::<Text>()?;
    m.add_class::<NativeEngine>()?;
    m.add_class::<NativeFinder>()?;
    m.add_class::<NativePlan>()?;
    m.add_class::<CrfTables>()?;
    m.add_class::<model::CrfModel>()?;
    Ok(())
}
