//! Secrets (the twins of `boxguard.kinds.secret`'s validators).

use super::checks::py_isspace;

/// `validate_credential`: 4–64 characters, no whitespace, not a placeholder.
pub fn credential(value: &str) -> bool {
    let n = value.chars().count();
    if !(4..=64).contains(&n) || value.chars().any(py_isspace) {
        return false;
    }
    if value
        .trim_matches(|c| matches!(c, '*' | '•' | '·' | 'x' | 'X'))
        .is_empty()
    {
        return false;
    }
    let lower = value.to_lowercase();
    !["none", "null", "****", "空", "无"].contains(&lower.as_str())
}

/// `validate_sms_code`: 4–8 ASCII digits.
pub fn sms_code(value: &str) -> bool {
    (4..=8).contains(&value.len()) && value.bytes().all(|b| b.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets() {
        assert!(credential("Abc@12345") && !credential("NULL") && !credential("xx**"));
        assert!(!credential("abc") && !credential("abc\u{1c}defg"));
        assert!(sms_code("385920") && !sms_code("123") && !sms_code("١٢٣٤"));
    }
}
