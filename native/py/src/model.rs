//! The binding of `boxguard_core::model`: the default name model end to end.

use boxguard_core::crf::Packed;
use boxguard_core::model::{Found, NameModel, Segmenter};
use pyo3::prelude::*;

use crate::{floats, CrfTables};

/// The default CRF with the rules around it (segments, classes, labels), built once from
/// `FastCrf`'s tables and `boxguard.models.crf`'s declarations.
#[pyclass(frozen, module = "boxguard._native")]
pub struct CrfModel(NameModel);

#[pymethods]
impl CrfModel {
    /// `segments`: (stop characters, break characters, longest segment, Chinese range);
    /// `classes`: one byte per code point; `pad`: the left and right padding characters.
    #[new]
    #[allow(clippy::too_many_arguments)]
    fn new(
        tables: &CrfTables,
        trans: &[u8],
        labels: Vec<String>,
        segments: (String, String, usize, (u32, u32)),
        classes: &[u8],
        person_labels: Vec<String>,
        not_name: &str,
        pad: (char, char),
    ) -> Self {
        let (stops, breaks, max, han) = segments;
        Self(NameModel {
            tables: tables.0.clone(),
            packed: Packed::new(&tables.0),
            trans: floats(trans),
            labels,
            segmenter: Segmenter {
                stops: stops.chars().collect(),
                breaks: breaks.chars().collect(),
                max,
                han,
            },
            classes: classes.to_vec(),
            person_labels: person_labels.iter().map(|w| w.chars().collect()).collect(),
            not_name: not_name.chars().collect(),
            pad,
        })
    }

    /// The spans `(start, end, label id, score)` found in each text, or None when the
    /// segments to tag hold fewer than `min_chars` characters (the GIL released).
    fn find_many(
        &self,
        py: Python<'_>,
        texts: Vec<String>,
        min_chars: usize,
    ) -> Option<Vec<Vec<Found>>> {
        py.detach(|| {
            let chars: Vec<Vec<char>> = texts.iter().map(|t| t.chars().collect()).collect();
            self.0.find_many(&chars, min_chars)
        })
    }
}
