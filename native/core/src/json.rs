//! A finding as a line of `boxguard scan -f jsonl` spells it: the twin of
//! `JsonlRecords.render` (Python's `json.dumps(…, ensure_ascii=False)` of the finding's
//! fields), so the output is the same byte for byte whichever side writes it.

use crate::engine::round4;

/// One finding's fields, as written.
#[derive(Debug, Clone, PartialEq)]
pub struct Written<'a> {
    /// where it is: a JSON path (`$.tel`) or a table's column; none for plain text
    pub column: Option<&'a str>,
    /// code points, `[start, end)`
    pub start: i64,
    /// code points, exclusive
    pub end: i64,
    /// the kind's id
    pub kind: &'a str,
    /// the score (written rounded to 4 decimals)
    pub score: f64,
    /// why it was found
    pub evidence: &'a [&'a str],
    /// the value masked with its kind's display mask
    pub preview: &'a str,
    /// the value itself (`--show-values`)
    pub value: Option<&'a str>,
}

/// `s` as Python's `json.encoder.encode_basestring` spells it (quoted; `"`, `\`, and the
/// control characters below U+0020 escaped; everything else as it is).
///
/// ```
/// let mut out = String::new();
/// boxguard_core::json::push_string(&mut out, "a\"\\\n\u{1}张");
/// assert_eq!(out, r#""a\"\\\n\u0001张""#);
/// ```
pub fn push_string(out: &mut String, s: &str) {
    out.push('"');
    let mut plain = 0;
    for (i, b) in s.bytes().enumerate() {
        let escaped = match b {
            b'"' => "\\\"",
            b'\\' => "\\\\",
            b'\n' => "\\n",
            b'\r' => "\\r",
            b'\t' => "\\t",
            0x08 => "\\b",
            0x0c => "\\f",
            0..=0x1f => "",
            _ => continue,
        };
        out.push_str(&s[plain..i]);
        if escaped.is_empty() {
            out.push_str(&format!("\\u{b:04x}"));
        } else {
            out.push_str(escaped);
        }
        plain = i + 1;
    }
    out.push_str(&s[plain..]);
    out.push('"');
}

/// `round(x, 4)` as Python's `repr` spells it, or `None` where that would take an
/// exponent (below 10⁻⁴ but not zero, from 10¹⁶ on) or is not finite.
///
/// ```
/// use boxguard_core::json::score;
/// assert_eq!(score(1.0).as_deref(), Some("1.0"));
/// assert_eq!(score(0.84999).as_deref(), Some("0.85"));
/// assert_eq!(score(0.00001), Some("0.0".to_string()));
/// ```
#[must_use]
pub fn score(x: f64) -> Option<String> {
    let r = round4(x);
    if !r.is_finite() || r.abs() >= 1e16 || (r != 0.0 && r.abs() < 1e-4) {
        return None;
    }
    // Rust's shortest round-trip digits are Python's repr's; an integral value keeps ".0"
    Some(if r.fract() == 0.0 {
        format!("{r:.1}")
    } else {
        format!("{r}")
    })
}

/// Whether a finding's location is a JSON path (`$.customer.mobile`), not a column
/// (`boxguard.adapters.cli.output.is_path`).
#[must_use]
pub fn is_path(column: &str) -> bool {
    column == "$" || column.starts_with("$.") || column.starts_with("$[")
}

/// Append `w` as one JSON object: `{"path": …, "start": …, …, "preview": …}`; `false`
/// (nothing appended) where the score cannot be written as Python writes it.
pub fn push_finding(out: &mut String, w: &Written<'_>) -> bool {
    let Some(score) = score(w.score) else {
        return false;
    };
    out.push('{');
    if let Some(column) = w.column {
        out.push_str(if is_path(column) {
            "\"path\": "
        } else {
            "\"column\": "
        });
        push_string(out, column);
        out.push_str(", ");
    }
    out.push_str(&format!(
        "\"start\": {}, \"end\": {}, \"kind\": ",
        w.start, w.end
    ));
    push_string(out, w.kind);
    out.push_str(", \"score\": ");
    out.push_str(&score);
    out.push_str(", \"evidence\": [");
    for (i, e) in w.evidence.iter().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        push_string(out, e);
    }
    out.push_str("], \"preview\": ");
    push_string(out, w.preview);
    if let Some(value) = w.value {
        out.push_str(", \"value\": ");
        push_string(out, value);
    }
    out.push('}');
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_finding_is_written_as_python_writes_it() {
        let mut out = String::new();
        let w = Written {
            column: Some("$.tel"),
            start: 3,
            end: 14,
            kind: "cn_mobile",
            score: 0.99,
            evidence: &["context:手机"],
            preview: "138****5678",
            value: None,
        };
        assert!(push_finding(&mut out, &w));
        assert_eq!(
            out,
            r#"{"path": "$.tel", "start": 3, "end": 14, "kind": "cn_mobile", "score": 0.99, "evidence": ["context:手机"], "preview": "138****5678"}"#
        );
        out.clear();
        let w = Written {
            column: Some("手机"),
            evidence: &[],
            value: Some("1\t\"x\""),
            score: 0.5,
            ..w
        };
        assert!(push_finding(&mut out, &w));
        assert!(out.starts_with(r#"{"column": "手机", "#), "{out}");
        assert!(
            out.ends_with(r#""evidence": [], "preview": "138****5678", "value": "1\t\"x\""}"#),
            "{out}"
        );
    }

    #[test]
    fn a_score_python_would_write_with_an_exponent_is_refused() {
        assert_eq!(score(-0.0).as_deref(), Some("-0.0"));
        assert_eq!(score(0.0001).as_deref(), Some("0.0001"));
        assert_eq!(score(0.00005).as_deref(), Some("0.0001"));
        assert_eq!(score(1e17), None);
        assert_eq!(score(f64::NAN), None);
        assert_eq!(score(0.123_456).as_deref(), Some("0.1235"));
        assert_eq!(score(12.5).as_deref(), Some("12.5"));
    }
}
