//! boxguard's detection hot path, in Rust.
//!
//! The Python package declares every kind (its patterns, context words, scores);
//! this crate runs them: folding ([`fold`]), every built-in kind's validator
//! ([`validate`]), candidate finding ([`engine`]) with context scoring ([`context`]), rule-based
//! finders ([`finders`], [`names`], [`orgs`], [`roman`]), overlap resolution ([`resolve`])
//! and the prefilter that picks which patterns run on a text ([`prefilter`]). It holds no I/O and no Python: the binding lives in
//! `native/py`.

pub mod batch;
pub mod context;
pub mod crf;
pub mod engine;
pub mod finders;
pub mod fold;
pub mod json;
pub mod mask;
pub mod masks;
pub mod model;
pub mod names;
pub mod orgs;
pub mod prefilter;
pub mod records;
pub mod resolve;
pub mod roman;
pub mod text;
pub mod validate;
