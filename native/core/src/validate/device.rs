//! Devices (the twins of `boxguard.kinds.device`'s validators); the IP parser is a port of
//! CPython 3.11's `ipaddress` (`ip_address(value.strip())`).

use super::checks::{ascii_digits, luhn_ok, py_strip, FullMatch};

/// `IPv4Address._ip_int_from_string` (with its `/` check).
pub(crate) fn ipv4(s: &str) -> Option<u32> {
    if s.is_empty() || s.contains('/') {
        return None;
    }
    let octets: Vec<&str> = s.split('.').collect();
    if octets.len() != 4 {
        return None;
    }
    let mut ip = 0u32;
    for o in octets {
        if !ascii_digits(o) || o.len() > 3 || (o != "0" && o.starts_with('0')) {
            return None;
        }
        let n: u32 = o.parse().ok()?;
        if n > 255 {
            return None;
        }
        ip = ip << 8 | n;
    }
    Some(ip)
}

/// `IPv6Address._parse_hextet`.
fn hextet(s: &str) -> Option<u128> {
    if s.is_empty() || s.len() > 4 || !s.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    u128::from_str_radix(s, 16).ok()
}

/// `IPv6Address.__init__` on a string: the scope id split off, then
/// `_ip_int_from_string`.
pub(crate) fn ipv6(s: &str) -> Option<u128> {
    if s.contains('/') {
        return None;
    }
    let addr = match s.split_once('%') {
        Some((_, scope)) if scope.is_empty() || scope.contains('%') => return None,
        Some((addr, _)) => addr,
        None => s,
    };
    if addr.is_empty() {
        return None;
    }
    let mut parts: Vec<String> = addr.split(':').map(str::to_owned).collect();
    if parts.len() < 3 {
        return None;
    }
    if parts.last().is_some_and(|p| p.contains('.')) {
        let v4 = ipv4(&parts.pop().unwrap_or_default())?;
        parts.push(format!("{:x}", (v4 >> 16) & 0xFFFF));
        parts.push(format!("{:x}", v4 & 0xFFFF));
    }
    if parts.len() > 9 {
        return None;
    }
    let mut skip = None;
    for (i, p) in parts.iter().enumerate().take(parts.len() - 1).skip(1) {
        if p.is_empty() {
            if skip.is_some() {
                return None;
            }
            skip = Some(i);
        }
    }
    let n = parts.len();
    let (hi, lo, skipped) = if let Some(i) = skip {
        let (mut hi, mut lo) = (i, n - i - 1);
        if parts[0].is_empty() {
            hi -= 1;
            if hi != 0 {
                return None;
            }
        }
        if parts[n - 1].is_empty() {
            lo -= 1;
            if lo != 0 {
                return None;
            }
        }
        let skipped = 8i64 - (hi + lo) as i64;
        if skipped < 1 {
            return None;
        }
        (hi, lo, skipped as u32)
    } else {
        if n != 8 || parts[0].is_empty() || parts[n - 1].is_empty() {
            return None;
        }
        (n, 0, 0)
    };
    let mut ip = 0u128;
    for p in &parts[..hi] {
        ip = ip << 16 | hextet(p)?;
    }
    ip = ip.checked_shl(16 * skipped).unwrap_or(0);
    for p in &parts[n - lo..] {
        ip = ip << 16 | hextet(p)?;
    }
    Some(ip)
}

/// `validate_ip_address`: IPv4 or IPv6, neither loopback nor unspecified.
pub fn ip_address(value: &str) -> bool {
    let v = py_strip(value);
    if let Some(ip) = ipv4(v) {
        return ip != 0 && ip >> 24 != 127;
    }
    ipv6(v).is_some_and(|ip| ip > 1)
}

static MAC: FullMatch =
    FullMatch::new(|| "[0-9A-Fa-f]{2}([:-])(?:[0-9A-Fa-f]{2}\\1){4}[0-9A-Fa-f]{2}".into());

/// `validate_mac_address`: six octets, one separator, not all zeros or all ones.
pub fn mac_address(value: &str) -> bool {
    if !MAC.is_match(value) {
        return false;
    }
    let canon = value.replace('-', ":").to_ascii_lowercase();
    canon != "00:00:00:00:00:00" && canon != "ff:ff:ff:ff:ff:ff"
}

fn imei_digits(value: &str) -> String {
    value.chars().filter(|&c| c != ' ' && c != '-').collect()
}

/// `validate_imei`: 15 digits with the Luhn digit, or a 16-digit IMEISV.
pub fn imei(value: &str) -> bool {
    let v = imei_digits(value);
    ascii_digits(&v) && (v.len() == 16 || (v.len() == 15 && luhn_ok(&v)))
}

/// `imei_check`: what validating the IMEI `value` checked.
pub fn imei_check(value: &str) -> &'static str {
    if imei_digits(value).chars().count() == 15 {
        "checksum:Luhn"
    } else {
        "format:imeisv"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ip_addresses() {
        for ok in [
            "202.96.128.86",
            "2408:8000::1",
            "::2",
            "1::",
            "::ffff:1.2.3.4",
            "fe80::1%eth0",
            " 1.2.3.4\u{3000}",
            "1:2:3:4:5:6:7:8",
            "1:2:3:4:5:6:7::",
            "1:2:3:4:5:6:1.2.3.4",
        ] {
            assert!(ip_address(ok), "{ok}");
        }
        for bad in [
            "127.0.0.1",
            "0.0.0.0",
            "::1",
            "::",
            "01.2.3.4",
            "1.2.3",
            "256.1.1.1",
            "1:2:3:4:5:6:7:8:9",
            "1::2::3",
            ":1:2:3:4:5:6:7",
            "1.2.3.4%x",
            "fe80::1%",
            "١.2.3.4",
            "",
        ] {
            assert!(!ip_address(bad), "{bad}");
        }
    }

    #[test]
    fn macs_and_imeis() {
        assert!(mac_address("00-1A-2B-3C-4D-5E") && !mac_address("00-1A:2B-3C-4D-5E"));
        assert!(!mac_address("FF:FF:FF:FF:FF:FF"));
        assert!(imei("490154203237518") && imei("4901542032375186") && !imei("490154203237519"));
        assert_eq!(imei_check("35-209900-176148-1"), "checksum:Luhn");
        assert_eq!(imei_check("3532110912345673"), "format:imeisv");
    }
}
