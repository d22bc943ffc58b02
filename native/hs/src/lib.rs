//! Hyperscan's block mode, as boxguard's prefilter uses it: compile many patterns into one
//! database, scan a text and hear each match's pattern id and end offset, keep a database
//! as bytes (the compiled prefilter is cached between runs).
//!
//! libhs is the system's (Debian's libhyperscan5), loaded at the first call: without it
//! (or with `BOXGUARD_NO_HS=1`) [`available`] is false and every call refuses, and
//! boxguard's prefilter stays with the `hyperscan` Python package. All of the crate's
//! `unsafe` is in `ffi`: loading libhs and calling its C API, each with the reason it holds.
//!
//! ```
//! # if boxguard_hs::available() {
//! use boxguard_hs::Database;
//! let db = Database::compile(&[b"1[3-9]\\d{9}"], &[8 | 32 | 128], &[0]).unwrap();
//! let mut scratch = db.scratch().unwrap();
//! let mut ids = Vec::new();
//! db.scan("手机13812345678".as_bytes(), &mut scratch, &mut |id, _end| ids.push(id)).unwrap();
//! assert_eq!(ids, [0]);
//! # }
//! ```

mod ffi;
mod prefilter;

pub use ffi::{available, version, Database, Scratch};
pub use prefilter::{compact, Part, Prefilter, DENSE, GROUP, SPARSE};
