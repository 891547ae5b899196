//! Decimal numbers in task sizes without core's float formatting and parsing machinery (about
//! 6 KB of gzip in the page): a number is written through serde_json's shortest-digits writer,
//! which the page links anyway, and `"0.25 vCPU"` is scaled by 1024 on its decimal digits.

/// `n` as `f64`'s `Display` writes it (shortest digits that read back to `n`, no exponent).
/// serde_json's writer picks the even digit when `n` lies exactly halfway between two shortest
/// candidates; `Display` picks the one away from zero, so such a tie is found (exactly, on the
/// binary significand) and rounded up.
pub(super) fn text(n: f64) -> String {
    let Some(num) = serde_json::Number::from_f64(n) else {
        return if n.is_nan() {
            "NaN".into()
        } else if n < 0.0 {
            "-inf".into()
        } else {
            "inf".into()
        };
    };
    let s = num.to_string();
    let (neg, s) = s.strip_prefix('-').map_or((false, &s[..]), |r| (true, r));
    let (mantissa, exp) = s.split_once(['e', 'E']).map_or((s, 0), |(m, e)| (m, e.parse::<i32>().unwrap_or(0)));
    let (int, frac) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    let all: String = int.chars().chain(frac.chars()).collect();
    let trimmed = all.trim_end_matches('0');
    // value = digits × 10^x
    let mut x = exp - frac.len() as i32 + (all.len() - trimmed.len()) as i32;
    let mut digits: u64 = trimmed.bytes().fold(0, |v, b| v * 10 + u64::from(b - b'0'));
    if digits != 0 && halfway_above(n.abs(), digits, x) {
        digits += 1;
        while digits.is_multiple_of(10) {
            digits /= 10;
            x += 1;
        }
    }
    let digits = digits.to_string();
    let point = digits.len() as i32 + x;
    let mut out = String::new();
    if neg {
        out.push('-');
    }
    if digits == "0" {
        out.push('0');
    } else if point <= 0 {
        out.push_str("0.");
        out.extend(std::iter::repeat_n('0', (-point) as usize));
        out.push_str(&digits);
    } else if point as usize >= digits.len() {
        out.push_str(&digits);
        out.extend(std::iter::repeat_n('0', point as usize - digits.len()));
    } else {
        out.push_str(&digits[..point as usize]);
        out.push('.');
        out.push_str(&digits[point as usize..]);
    }
    out
}

/// Whether `n` (finite, positive) is exactly `(digits + 1/2) × 10^x`, that is
/// `(2·digits + 1) × 5^x × 2^(x-1)`, compared on `n`'s odd significand and power of two.
fn halfway_above(n: f64, digits: u64, x: i32) -> bool {
    let bits = n.to_bits();
    let (biased, frac) = ((bits >> 52) as i32, bits & ((1 << 52) - 1));
    let (mut m, mut e) = if biased == 0 { (frac, -1074) } else { (frac | 1 << 52, biased - 1075) };
    let zeros = m.trailing_zeros();
    m >>= zeros;
    e += zeros as i32;
    let c = u128::from(digits) * 2 + 1;
    if e != x - 1 {
        return false;
    }
    let pow5 = |k: u32| 5u128.checked_pow(k);
    if x >= 0 {
        pow5(x as u32).and_then(|p| p.checked_mul(c)) == Some(u128::from(m))
    } else {
        pow5(x.unsigned_abs()).and_then(|p| p.checked_mul(u128::from(m))) == Some(c)
    }
}

/// `s`, read as `str::parse::<f64>` reads a decimal number, times 1024, rounded half away from
/// zero, if the number is in `0..=max`; computed exactly on the digits.
pub(super) fn times_1024(s: &str, max: u32) -> Option<u32> {
    let (neg, s) = match s.as_bytes().first() {
        Some(b'-') => (true, &s[1..]),
        Some(b'+') => (false, &s[1..]),
        _ => (false, s),
    };
    let (mantissa, exp) = match s.find(['e', 'E']) {
        Some(i) => (&s[..i], exponent(&s[i + 1..])?),
        None => (s, 0),
    };
    let (int, frac) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    if int.is_empty() && frac.is_empty() || !int.bytes().chain(frac.bytes()).all(|b| b.is_ascii_digit()) {
        return None;
    }
    // value = digits × 10^(exp - frac.len()), digits without leading zeros
    let mut digits: Vec<u8> = int.bytes().chain(frac.bytes()).map(|b| b - b'0').skip_while(|&d| d == 0).collect();
    if digits.is_empty() {
        return Some(0);
    }
    if neg {
        return None;
    }
    let exp = exp.saturating_sub(frac.len() as i64);
    if digits.len() as i64 + exp > 12 {
        return None;
    }
    let mut carry = 0u32;
    for d in digits.iter_mut().rev() {
        let v = *d as u32 * 1024 + carry;
        *d = (v % 10) as u8;
        carry = v / 10;
    }
    while carry > 0 {
        digits.insert(0, (carry % 10) as u8);
        carry /= 10;
    }
    let whole = (digits.len() as i64 + exp).max(0) as usize;
    let mut units = 0u64;
    for i in 0..whole {
        units = units * 10 + u64::from(digits.get(i).copied().unwrap_or(0));
    }
    let rest = &digits[whole.min(digits.len())..];
    let rest = if exp < 0 && digits.len() as i64 + exp < 0 { &[][..] } else { rest };
    let over = rest.iter().any(|&d| d != 0);
    let limit = u64::from(max) * 1024;
    if units > limit || units == limit && over {
        return None;
    }
    if rest.first().is_some_and(|&d| d >= 5) {
        units += 1;
    }
    u32::try_from(units).ok()
}

/// An exponent's digits (`+5`, `-12`, `7`), saturating far beyond any size.
fn exponent(s: &str) -> Option<i64> {
    let (neg, d) = match s.as_bytes().first() {
        Some(b'-') => (true, &s[1..]),
        Some(b'+') => (false, &s[1..]),
        _ => (false, s),
    };
    if d.is_empty() || !d.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let v = d.bytes().fold(0i64, |v, b| (v * 10 + i64::from(b - b'0')).min(1 << 40));
    Some(if neg { -v } else { v })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What the code did before: `str::parse::<f64>`, the range check, `(f * 1024.0).round()`.
    fn via_f64(s: &str, max: u32) -> Option<u32> {
        let f: f64 = s.parse().ok()?;
        (0.0..=f64::from(max)).contains(&f).then(|| (f * 1024.0).round() as u32)
    }

    fn lcg(x: &mut u64) -> u64 {
        *x = x.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        *x >> 11 ^ *x << 29
    }

    #[test]
    fn text_is_what_display_writes() {
        let fixed = [
            0.0,
            -0.0,
            0.5,
            -1.0,
            1e7,
            1e16,
            1e21,
            1e22,
            1.5e300,
            1e-7,
            5e-324,
            0.1 + 0.2,
            123.456,
            f64::MAX,
            f64::MIN_POSITIVE,
            2.5,
            1e6 + 0.5,
        ];
        for n in fixed {
            assert_eq!(text(n), n.to_string(), "{n:e}");
        }
        let mut x = 7;
        for _ in 0..200_000 {
            // halfway cases: an integer plus a quarter or three quarters near 2^50..2^52
            let h = ((1u64 << 50) + lcg(&mut x) % (3 << 50)) as f64 + [0.25, 0.75, 0.5][(lcg(&mut x) % 3) as usize];
            assert_eq!(text(h), h.to_string(), "{h:e}");
            let n = f64::from_bits(lcg(&mut x));
            assert_eq!(text(n), n.to_string(), "{n:e}");
            let m = (lcg(&mut x) % 20_000_000) as f64 / 1000.0;
            assert_eq!(text(m), m.to_string());
        }
    }

    #[test]
    fn times_1024_reads_what_f64_read_and_rounds_ties_away_from_zero() {
        // 0.5/1024 and 1.5/1024 are exact ties, so are 2.5/1024 and -0 edge cases
        for s in [
            "0.25",
            "1",
            "1.",
            ".5",
            "+2",
            "-0",
            "-0.0",
            "-0.1",
            "0.00048828125",
            "0.00146484375",
            "0.000244140625",
            "1000",
            "1000.0000",
            "1000.0001",
            "1e3",
            "1E3",
            "1e4",
            "0.1e1",
            "10e-1",
            "00.5",
            "0e99999999999999999999",
            "1e-999",
            ".",
            "",
            "e5",
            "1e",
            "1e+",
            "1.2.3",
            "inf",
            "nan",
            "1_0",
            " 1",
            "999.99999999999999999999999",
            "0.0009765625",
        ] {
            assert_eq!(times_1024(s, 1000), via_f64(s, 1000), "{s:?}");
            assert_eq!(times_1024(s, 10_000), via_f64(s, 10_000), "{s:?}");
        }
        let mut x = 11;
        for _ in 0..200_000 {
            let whole = lcg(&mut x) % 1200;
            let places = (lcg(&mut x) % 8) as usize;
            let frac = lcg(&mut x) % 10u64.pow(places as u32);
            let s = if places == 0 { whole.to_string() } else { format!("{whole}.{frac:0places$}") };
            assert_eq!(times_1024(&s, 1000), via_f64(&s, 1000), "{s:?}");
            // every tie k/2048 as its exact decimal
            let k = lcg(&mut x) % 2_048_000;
            let t = text(k as f64 / 2048.0);
            assert_eq!(times_1024(&t, 1000), via_f64(&t, 1000), "{t:?}");
        }
    }
}
