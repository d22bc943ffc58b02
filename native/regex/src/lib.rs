//! PCRE2 for `boxguard-core`: the `pcre2` crate's regexes, whose hot searches
//! ([`Regex::find_at`], [`Regex::captures_read_at`], [`Regex::is_match_at`]) call PCRE2's
//! JIT-compiled matcher, `pcre2_jit_match`, directly.
//!
//! A records pass makes ~58,000 searches; through the crate, each paid ~300 instructions
//! before the matcher ran: the crate's pool of match data and `pcre2_match`'s checks,
//! which end in the same `pcre2_jit_match` call. Here the pattern is compiled a second
//! time with the crate's options plus `PCRE2_MATCH_INVALID_UTF`, under which the JIT
//! reads any bytes safely and `pcre2_match` checks nothing before calling it, and each
//! thread keeps one match data block for every regex.
//!
//! Everything else (capture names, the other searches, a pattern the JIT refuses) is the
//! crate's. This crate holds the core's only `unsafe`: the calls into PCRE2's C API.
//!
//! ```
//! use boxguard_regex::RegexBuilder;
//! let rx = RegexBuilder::new().utf(true).ucp(true).jit_if_available(true)
//!     .build(r"(?<d>\d+)号").unwrap();
//! let m = rx.find_at("住在18号".as_bytes(), 0).unwrap().unwrap();
//! assert_eq!((m.start(), m.end()), (6, 11));
//! let mut locs = rx.capture_locations();
//! rx.captures_read_at(&mut locs, "住在18号".as_bytes(), 0).unwrap();
//! assert_eq!(locs.get(1), Some((6, 8)));
//! ```

use std::cell::RefCell;
use std::ptr::{self, NonNull};

use pcre2_sys::{
    pcre2_code_8, pcre2_code_free_8, pcre2_compile_8, pcre2_get_ovector_pointer_8,
    pcre2_jit_compile_8, pcre2_jit_match_8, pcre2_match_data_8, pcre2_match_data_create_8,
    pcre2_match_data_free_8, pcre2_pattern_info_8, PCRE2_CASELESS, PCRE2_ERROR_NOMATCH,
    PCRE2_INFO_CAPTURECOUNT, PCRE2_JIT_COMPLETE, PCRE2_MATCH_INVALID_UTF, PCRE2_UCP, PCRE2_UTF,
};

pub use pcre2::bytes::{Captures, Match as CrateMatch};
pub use pcre2::Error;

/// A match: its byte span in the subject.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Match<'s> {
    subject: &'s [u8],
    start: usize,
    end: usize,
}

impl<'s> Match<'s> {
    /// Where it starts (bytes).
    #[must_use]
    pub fn start(&self) -> usize {
        self.start
    }

    /// Where it ends (bytes).
    #[must_use]
    pub fn end(&self) -> usize {
        self.end
    }

    /// The matched bytes.
    #[must_use]
    pub fn as_bytes(&self) -> &'s [u8] {
        &self.subject[self.start..self.end]
    }
}

/// Why a search failed: PCRE2's error code (a match limit reached, the JIT's stack
/// exhausted), or the crate's error.
#[derive(Debug)]
pub enum SearchError {
    /// From `pcre2_jit_match`.
    Jit(i32),
    /// From the crate.
    Crate(Error),
}

impl std::fmt::Display for SearchError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Jit(rc) => write!(f, "PCRE2 error {rc}"),
            Self::Crate(e) => e.fmt(f),
        }
    }
}

impl std::error::Error for SearchError {}

/// The spans of a regex's groups in its last match ([`Regex::captures_read_at`]).
#[derive(Clone, Debug)]
pub struct CaptureLocations {
    spans: Vec<Option<(usize, usize)>>,
    /// the crate's, for a regex without the direct path
    crate_locs: Option<pcre2::bytes::CaptureLocations>,
}

impl CaptureLocations {
    /// Group `i`'s span (None: it did not take part, or there is no such group).
    #[must_use]
    pub fn get(&self, i: usize) -> Option<(usize, usize)> {
        self.spans.get(i).copied().flatten()
    }

    /// The number of groups, the whole match included.
    #[must_use]
    pub fn len(&self) -> usize {
        self.spans.len()
    }

    /// Whether it has no group at all (never: the whole match is one).
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.spans.is_empty()
    }
}

/// A compiled regex (see the crate's docs).
pub struct Regex {
    rx: pcre2::bytes::Regex,
    jit: Option<Jit>,
    /// Its groups, the whole match included (the crate asks PCRE2 at each call).
    groups: usize,
}

impl std::fmt::Debug for Regex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Regex")
            .field("pattern", &self.rx.as_str())
            .field("direct", &self.jit.is_some())
            .finish()
    }
}

impl Regex {
    /// Where the first match at or after byte `start` is.
    ///
    /// # Errors
    /// A search PCRE2 could not finish.
    ///
    /// # Panics
    /// When `start > subject.len()`, as the crate's.
    pub fn find_at<'s>(
        &self,
        subject: &'s [u8],
        start: usize,
    ) -> Result<Option<Match<'s>>, SearchError> {
        match self.direct(subject, start) {
            Some(jit) => Ok(jit
                .run(subject, start, |ov| (ov[0], ov[1]))?
                .map(|(s, e)| Match {
                    subject,
                    start: s,
                    end: e,
                })),
            None => Ok(self
                .rx
                .find_at(subject, start)
                .map_err(SearchError::Crate)?
                .map(|m| Match {
                    subject,
                    start: m.start(),
                    end: m.end(),
                })),
        }
    }

    /// Whether a match starts at or after byte `start`.
    ///
    /// # Errors
    /// A search PCRE2 could not finish.
    pub fn is_match_at(&self, subject: &[u8], start: usize) -> Result<bool, SearchError> {
        match self.direct(subject, start) {
            Some(jit) => Ok(jit.run(subject, start, |_| ())?.is_some()),
            None => self
                .rx
                .is_match_at(subject, start)
                .map_err(SearchError::Crate),
        }
    }

    /// Empty capture locations for [`Regex::captures_read_at`].
    #[must_use]
    pub fn capture_locations(&self) -> CaptureLocations {
        CaptureLocations {
            spans: vec![None; self.groups],
            crate_locs: self.jit.is_none().then(|| self.rx.capture_locations()),
        }
    }

    /// The first match at or after byte `start`, its groups' spans in `locs`.
    ///
    /// # Errors
    /// A search PCRE2 could not finish.
    pub fn captures_read_at<'s>(
        &self,
        locs: &mut CaptureLocations,
        subject: &'s [u8],
        start: usize,
    ) -> Result<Option<Match<'s>>, SearchError> {
        locs.spans.iter_mut().for_each(|s| *s = None);
        let jit = self
            .direct(subject, start)
            .filter(|_| locs.spans.len() == self.groups);
        let span = match jit {
            Some(jit) => jit.run(subject, start, |ov| {
                for (i, span) in locs.spans.iter_mut().enumerate() {
                    let (s, e) = (ov[2 * i], ov[2 * i + 1]);
                    *span = (s != usize::MAX).then_some((s, e));
                }
            })?,
            None => {
                // (locations made for a regex with the direct path have none yet)
                let crate_locs = locs
                    .crate_locs
                    .get_or_insert_with(|| self.rx.capture_locations());
                self.rx
                    .captures_read_at(crate_locs, subject, start)
                    .map_err(SearchError::Crate)?
                    .map(|_| {
                        for (i, span) in locs.spans.iter_mut().enumerate() {
                            *span = crate_locs.get(i);
                        }
                    })
            }
        };
        Ok(span.and_then(|()| locs.get(0)).map(|(s, e)| Match {
            subject,
            start: s,
            end: e,
        }))
    }

    /// The crate's regex, for every other search.
    #[must_use]
    pub fn inner(&self) -> &pcre2::bytes::Regex {
        &self.rx
    }

    /// Whether a match is anywhere in `subject`.
    ///
    /// # Errors
    /// A search PCRE2 could not finish.
    pub fn is_match(&self, subject: &[u8]) -> Result<bool, SearchError> {
        self.is_match_at(subject, 0)
    }

    /// The first match in `subject`.
    ///
    /// # Errors
    /// A search PCRE2 could not finish.
    pub fn find<'s>(&self, subject: &'s [u8]) -> Result<Option<Match<'s>>, SearchError> {
        self.find_at(subject, 0)
    }

    /// The first match's groups (the crate's).
    ///
    /// # Errors
    /// A search PCRE2 could not finish.
    pub fn captures<'s>(&self, subject: &'s [u8]) -> Result<Option<Captures<'s>>, Error> {
        self.rx.captures(subject)
    }

    /// Every match's groups (the crate's).
    pub fn captures_iter<'r, 's>(
        &'r self,
        subject: &'s [u8],
    ) -> pcre2::bytes::CaptureMatches<'r, 's> {
        self.rx.captures_iter(subject)
    }

    /// Every match (the crate's).
    pub fn find_iter<'r, 's>(&'r self, subject: &'s [u8]) -> pcre2::bytes::Matches<'r, 's> {
        self.rx.find_iter(subject)
    }

    /// Each group's name (None: unnamed), the whole match first.
    #[must_use]
    pub fn capture_names(&self) -> &[Option<String>] {
        self.rx.capture_names()
    }

    /// The number of groups, the whole match included.
    #[must_use]
    pub fn captures_len(&self) -> usize {
        self.groups
    }

    /// The pattern.
    #[must_use]
    pub fn as_str(&self) -> &str {
        self.rx.as_str()
    }

    /// The direct path for a search of `subject` from `start`, when there is one: a
    /// JIT-compiled pattern, and `start` within the subject (as the crate asserts).
    fn direct(&self, subject: &[u8], start: usize) -> Option<&Jit> {
        assert!(
            start <= subject.len(),
            "start ({start}) must be <= subject.len() ({})",
            subject.len()
        );
        self.jit.as_ref()
    }
}

/// A [`Regex`]'s options (the crate's builder, and what the direct path compiles with).
#[derive(Clone, Debug)]
pub struct RegexBuilder {
    builder: pcre2::bytes::RegexBuilder,
    options: u32,
    jit: bool,
}

impl Default for RegexBuilder {
    fn default() -> Self {
        Self::new()
    }
}

impl RegexBuilder {
    /// No option set.
    #[must_use]
    pub fn new() -> Self {
        Self {
            builder: pcre2::bytes::RegexBuilder::new(),
            options: 0,
            jit: false,
        }
    }

    /// UTF-8 mode.
    pub fn utf(&mut self, yes: bool) -> &mut Self {
        self.builder.utf(yes);
        self.set(PCRE2_UTF, yes)
    }

    /// Unicode properties for `\d`, `\w`, … (the crate also sets UTF and
    /// `PCRE2_MATCH_INVALID_UTF` with it).
    pub fn ucp(&mut self, yes: bool) -> &mut Self {
        self.builder.ucp(yes);
        self.set(PCRE2_UCP | PCRE2_UTF, yes)
    }

    /// Caseless matching.
    pub fn caseless(&mut self, yes: bool) -> &mut Self {
        self.builder.caseless(yes);
        self.set(PCRE2_CASELESS, yes)
    }

    /// JIT-compile the pattern when PCRE2 can.
    pub fn jit_if_available(&mut self, yes: bool) -> &mut Self {
        self.builder.jit_if_available(yes);
        self.jit = yes;
        self
    }

    fn set(&mut self, bits: u32, yes: bool) -> &mut Self {
        if yes {
            self.options |= bits;
        } else {
            self.options &= !bits;
        }
        self
    }

    /// Compile `pattern`.
    ///
    /// # Errors
    /// A pattern PCRE2 refuses.
    pub fn build(&self, pattern: &str) -> Result<Regex, Error> {
        let rx = self.builder.build(pattern)?;
        // the direct path only in UTF mode: there MATCH_INVALID_UTF keeps the JIT safe on
        // any bytes and changes nothing on valid UTF-8
        let jit = (self.jit && self.options & PCRE2_UTF != 0)
            .then(|| Jit::new(pattern, self.options | PCRE2_MATCH_INVALID_UTF))
            .flatten()
            .filter(|j| j.pairs as usize == rx.captures_len());
        let groups = rx.captures_len();
        Ok(Regex { rx, jit, groups })
    }
}

/// A pattern compiled and JIT-compiled by PCRE2 itself.
struct Jit {
    code: NonNull<pcre2_code_8>,
    /// The ovector pairs a match fills: the groups and the whole match.
    pairs: u32,
}

// SAFETY: a compiled, JIT-compiled pattern is not changed by matching: PCRE2 documents
// that threads may share it ("pcre2api", Multithreading), each with its own match data
// (here one per thread, `DATA`).
unsafe impl Send for Jit {}
// SAFETY: as above.
unsafe impl Sync for Jit {}

impl Drop for Jit {
    fn drop(&mut self) {
        // SAFETY: `code` came from pcre2_compile_8 and is freed once, here.
        unsafe { pcre2_code_free_8(self.code.as_ptr()) }
    }
}

impl Jit {
    /// `pattern` compiled with `options` and JIT-compiled (None when either fails).
    fn new(pattern: &str, options: u32) -> Option<Self> {
        let (mut error, mut offset) = (0, 0);
        // SAFETY: the pattern's pointer and length describe a live byte slice for the call;
        // the out-parameters are live locals; a null context means PCRE2's defaults.
        let code = unsafe {
            pcre2_compile_8(
                pattern.as_ptr(),
                pattern.len(),
                options,
                &mut error,
                &mut offset,
                ptr::null_mut(),
            )
        };
        let mut jit = Self {
            code: NonNull::new(code)?,
            pairs: 0,
        };
        // SAFETY: `code` is a live compiled pattern, ours alone until we return it.
        if unsafe { pcre2_jit_compile_8(jit.code.as_ptr(), PCRE2_JIT_COMPLETE) } != 0 {
            return None;
        }
        let mut groups: u32 = 0;
        // SAFETY: PCRE2_INFO_CAPTURECOUNT writes a uint32_t to the given address, a live
        // local.
        let rc = unsafe {
            pcre2_pattern_info_8(
                jit.code.as_ptr(),
                PCRE2_INFO_CAPTURECOUNT,
                ptr::addr_of_mut!(groups).cast(),
            )
        };
        if rc != 0 {
            return None;
        }
        jit.pairs = groups.checked_add(1)?;
        Some(jit)
    }

    /// Search `subject` from `start` (≤ its length): `read` of the ovector's first
    /// `pairs` pairs on a match (an unset group's pair is `usize::MAX`).
    fn run<R>(
        &self,
        subject: &[u8],
        start: usize,
        read: impl FnOnce(&[usize]) -> R,
    ) -> Result<Option<R>, SearchError> {
        // (an empty slice's pointer may dangle: PCRE2 gets a real one, with length 0)
        const NONE: &[u8] = &[0];
        let at = if subject.is_empty() { NONE } else { subject };
        DATA.with(|data| {
            // never borrowed twice: nothing below calls back into this crate
            let mut data = data.borrow_mut();
            if data.as_ref().is_none_or(|d| d.pairs < self.pairs) {
                *data = Some(MatchData::new(self.pairs.max(MatchData::PAIRS))?);
            }
            let md = data.as_ref()?.ptr.as_ptr();
            // SAFETY: `code` is live and JIT-compiled; the subject pointer and length
            // describe a live slice and `start` ≤ its length (asserted by the caller);
            // PCRE2_MATCH_INVALID_UTF, set at compilation, makes any bytes and any start
            // valid input; `md` is this thread's match data, used by no one else during
            // the call; a null context means the defaults (as the crate's context holds).
            let rc = unsafe {
                pcre2_jit_match_8(
                    self.code.as_ptr(),
                    at.as_ptr(),
                    subject.len(),
                    start,
                    0,
                    md,
                    ptr::null_mut(),
                )
            };
            Some(if rc == PCRE2_ERROR_NOMATCH {
                Ok(None)
            } else if rc > 0 {
                let n = self.pairs as usize;
                // SAFETY: the ovector of `md` holds at least `n` pairs (`pairs` ≥ `n`),
                // written by the match above; pairs past `rc` are set to unset by PCRE2.
                let ov =
                    unsafe { std::slice::from_raw_parts(pcre2_get_ovector_pointer_8(md), 2 * n) };
                Ok(Some(read(ov)))
            } else {
                Err(SearchError::Jit(rc))
            })
        })
        .unwrap_or(Err(SearchError::Jit(i32::MIN)))
    }
}

/// A match data block: the ovector a match writes its spans to.
struct MatchData {
    ptr: NonNull<pcre2_match_data_8>,
    pairs: u32,
}

impl MatchData {
    /// The pairs a thread's block has at least.
    const PAIRS: u32 = 32;

    fn new(pairs: u32) -> Option<Self> {
        // SAFETY: a null general context means PCRE2's default allocator.
        let ptr = unsafe { pcre2_match_data_create_8(pairs, ptr::null_mut()) };
        Some(Self {
            ptr: NonNull::new(ptr)?,
            pairs,
        })
    }
}

impl Drop for MatchData {
    fn drop(&mut self) {
        // SAFETY: `ptr` came from pcre2_match_data_create_8 and is freed once, here.
        unsafe { pcre2_match_data_free_8(self.ptr.as_ptr()) }
    }
}

thread_local! {
    /// This thread's match data, for every regex's direct searches.
    static DATA: RefCell<Option<MatchData>> = const { RefCell::new(None) };
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Patterns with named, unset and optional groups, lookarounds, caseless letters and
    /// empty matches, in the option sets the core uses.
    fn regexes() -> Vec<Regex> {
        let ucp = |p: &str, caseless: bool| {
            RegexBuilder::new()
                .utf(true)
                .ucp(true)
                .caseless(caseless)
                .jit_if_available(true)
                .build(p)
                .unwrap()
        };
        let utf = |p: &str| {
            RegexBuilder::new()
                .utf(true)
                .jit_if_available(true)
                .build(p)
                .unwrap()
        };
        vec![
            ucp(r"(?<d>\d+)号", false),
            ucp(r"(?a)(?r)(?<![0-9])1[3-9][0-9]{2}(?![0-9])", false),
            ucp("手机|phone|k", true),
            ucp(r"(?<=\s)(?:(a)|(b)(c)?)", false),
            utf(r"(a)|(b)(c)?"),
            utf(r"\bK\w*"),
            utf(""),
            utf(r"x*"),
        ]
    }

    #[test]
    fn every_regex_of_the_tests_takes_the_direct_path() {
        assert!(regexes().iter().all(|r| r.jit.is_some()));
    }

    #[test]
    fn an_empty_subject_and_the_end_as_start() {
        for rx in regexes() {
            let got = rx.find_at(b"", 0).unwrap().map(|m| (m.start(), m.end()));
            let want = rx
                .inner()
                .find_at(b"", 0)
                .unwrap()
                .map(|m| (m.start(), m.end()));
            assert_eq!(got, want, "{}", rx.as_str());
        }
    }

    proptest! {
        #[test]
        fn the_direct_path_finds_what_the_crate_finds(
            text in "[abcxK\u{212A}\u{17F}手机号0-9 PHONE]{0,24}", at in 0usize..30,
        ) {
            let b = text.as_bytes();
            let starts: Vec<usize> = (0..=b.len()).filter(|&i| text.is_char_boundary(i)).collect();
            let start = starts[at % starts.len()];
            for rx in regexes() {
                let crate_rx = rx.inner();
                let got = rx.find_at(b, start).unwrap().map(|m| (m.start(), m.end()));
                let want = crate_rx.find_at(b, start).unwrap().map(|m| (m.start(), m.end()));
                prop_assert_eq!(got, want, "{}", rx.as_str());
                prop_assert_eq!(
                    rx.is_match_at(b, start).unwrap(),
                    crate_rx.is_match_at(b, start).unwrap()
                );
                let mut locs = rx.capture_locations();
                let mut crate_locs = crate_rx.capture_locations();
                let got = rx.captures_read_at(&mut locs, b, start).unwrap().map(|m| m.start());
                let want = crate_rx
                    .captures_read_at(&mut crate_locs, b, start)
                    .unwrap()
                    .map(|m| m.start());
                prop_assert_eq!(got, want);
                // (the crate's locations after no match are stale: not compared)
                for i in (0..rx.captures_len()).filter(|_| want.is_some()) {
                    prop_assert_eq!(locs.get(i), crate_locs.get(i), "group {} of {}", i, rx.as_str());
                }
            }
        }

        #[test]
        fn any_bytes_from_any_start_are_searched_without_a_crash(
            bytes in proptest::collection::vec(any::<u8>(), 0..24), at in 0usize..30,
        ) {
            // (never crashes: the result on bytes that are not UTF-8 is not compared)
            let start = at.min(bytes.len());
            for rx in regexes() {
                let _ = rx.find_at(&bytes, start);
                let mut locs = rx.capture_locations();
                let _ = rx.captures_read_at(&mut locs, &bytes, start);
            }
        }
    }
}
