//! Network identities (the twins of `boxguard.kinds.network`'s validators).

use super::checks::FullMatch;

static EMAIL: FullMatch = FullMatch::new(|| {
    "[A-Za-z0-9](?:[A-Za-z0-9._%+-]{0,62}[A-Za-z0-9_])?@\
     (?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\\.)+[A-Za-z]{2,24}"
        .into()
});

/// `validate_email`.
pub fn email(value: &str) -> bool {
    EMAIL.is_match(value) && !value.contains("..")
}

static WECHAT: FullMatch =
    FullMatch::new(|| "wxid_[a-z0-9]{6,22}|[A-Za-z][A-Za-z0-9_-]{5,19}".into());

/// `validate_wechat_id`.
pub fn wechat_id(value: &str) -> bool {
    WECHAT.is_match(value)
}

static QQ: FullMatch = FullMatch::new(|| "[1-9][0-9]{4,10}".into());

/// `validate_qq_number`.
pub fn qq_number(value: &str) -> bool {
    QQ.is_match(value)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn network_values() {
        assert!(email("Zhang.San@Example.com.cn") && !email("a..b@example.com"));
        assert!(!email("zhang@example.c0m") && !email("@example.com"));
        assert!(wechat_id("wxid_abc123xyz") && wechat_id("zhang_san-88") && !wechat_id("8zhang"));
        assert!(qq_number("123456789") && !qq_number("0123456") && !qq_number("1234"));
    }
}
