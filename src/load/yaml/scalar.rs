//! How a scalar reads, as serde_yaml reads it: a plain one (`2019`, `~`, `0x1f`, `010`) as null,
//! a boolean, an integer, a float or text by YAML 1.2's core schema as serde_yaml applies it
//! (its `visit_untagged_scalar`), and one with a core tag (`!!int 5`) as the tag says; and the
//! rules by which a number or boolean field reads a scalar ([`signed`], [`unsigned`], [`float`],
//! [`boolean`]). Kept rule for rule with serde_yaml, so that a file means the same through
//! either; the testsuite's `yaml_reading` holds the two to each other.

use serde::de::Visitor;

use super::de::Problem;

/// How a plain scalar reads: as serde_yaml resolves it (its `visit_untagged_scalar`).
#[derive(Debug, PartialEq)]
enum Plain<'a> {
    Null,
    Bool(bool),
    Unsigned(u64),
    Signed(i64),
    Unsigned128(u128),
    Signed128(i128),
    Float(f64),
    Text(&'a str),
}

/// What a plain scalar is, in serde's terms, for a message that it is not what was expected.
pub(super) fn unexpected(text: &str) -> serde::de::Unexpected<'_> {
    use serde::de::Unexpected;
    match resolve(text) {
        Plain::Null => Unexpected::Unit,
        Plain::Bool(b) => Unexpected::Bool(b),
        Plain::Unsigned(n) => Unexpected::Unsigned(n),
        Plain::Signed(n) => Unexpected::Signed(n),
        Plain::Unsigned128(_) | Plain::Signed128(_) => Unexpected::Other("integer"),
        Plain::Float(f) => Unexpected::Float(f),
        Plain::Text(text) => Unexpected::Str(text),
    }
}

/// The tag `!!` stands for.
pub(super) const CORE: &str = "tag:yaml.org,2002:";

/// How the plain scalar `text` reads: null, a boolean, an integer, a float, or else text.
fn resolve(text: &str) -> Plain<'_> {
    if text.is_empty() || is_null(text) {
        return Plain::Null;
    }
    if let Some(b) = boolean(text) {
        return Plain::Bool(b);
    }
    if let Some(int) = integer(text) {
        return int;
    }
    match float(text) {
        Some(f) if !digits_but_not_number(text) => Plain::Float(f),
        _ => Plain::Text(text),
    }
}

/// Whether `text` is one of YAML's nulls (`~`, `null`), the empty text aside.
pub(super) fn is_null(text: &str) -> bool {
    matches!(text, "~" | "null" | "Null" | "NULL")
}

/// `true` or `false` in one of the three spellings YAML allows.
pub(super) fn boolean(text: &str) -> Option<bool> {
    match text {
        "true" | "True" | "TRUE" => Some(true),
        "false" | "False" | "FALSE" => Some(false),
        _ => None,
    }
}

/// An integer in decimal or with `0x`, `0o` or `0b`, as the narrowest of u64, i64, u128 and
/// i128 it fits, tried in that order.
fn integer(text: &str) -> Option<Plain<'_>> {
    if let Some(n) = unsigned(text, u64::from_str_radix) {
        return Some(Plain::Unsigned(n));
    }
    if let Some(n) = negative(text, i64::from_str_radix) {
        return Some(Plain::Signed(n));
    }
    if let Some(n) = unsigned(text, u128::from_str_radix) {
        return Some(Plain::Unsigned128(n));
    }
    negative(text, i128::from_str_radix).map(Plain::Signed128)
}

const RADIXES: [(&str, u32); 3] = [("0x", 16), ("0o", 8), ("0b", 2)];

/// A non-negative integer of type `T`: decimal, `0x`, `0o` or `0b`, with an optional `+`.
pub(super) fn unsigned<T>(
    text: &str,
    from: fn(&str, u32) -> Result<T, std::num::ParseIntError>,
) -> Option<T> {
    let unpositive = text.strip_prefix('+').unwrap_or(text);
    for (prefix, radix) in RADIXES {
        if let Some(rest) = unpositive.strip_prefix(prefix) {
            if rest.starts_with(['+', '-']) {
                return None;
            }
            if let Ok(n) = from(rest, radix) {
                return Some(n);
            }
        }
    }
    if unpositive.starts_with(['+', '-']) || digits_but_not_number(text) {
        return None;
    }
    from(unpositive, 10).ok()
}

/// A signed integer of type `T`: decimal, `0x`, `0o` or `0b`, with an optional sign (serde_yaml's
/// `parse_signed_int`, what it reads an `i64` field from).
pub(super) fn signed<T>(
    text: &str,
    from: fn(&str, u32) -> Result<T, std::num::ParseIntError>,
) -> Option<T> {
    let unpositive = match text.strip_prefix('+') {
        Some(rest) if rest.starts_with(['+', '-']) => return None,
        Some(rest) => rest,
        None => text,
    };
    for (prefix, radix) in RADIXES {
        if let Some(rest) = unpositive.strip_prefix(prefix) {
            if rest.starts_with(['+', '-']) {
                return None;
            }
            if let Ok(n) = from(rest, radix) {
                return Some(n);
            }
        }
        let rest = text.strip_prefix('-').and_then(|t| t.strip_prefix(prefix));
        if let Some(Ok(n)) = rest.map(|rest| from(&format!("-{rest}"), radix)) {
            return Some(n);
        }
    }
    if digits_but_not_number(text) {
        return None;
    }
    from(unpositive, 10).ok()
}

/// A negative integer of type `T` (or `0`): decimal, `-0x`, `-0o` or `-0b`.
fn negative<T>(text: &str, from: fn(&str, u32) -> Result<T, std::num::ParseIntError>) -> Option<T> {
    for (prefix, radix) in RADIXES {
        let rest = text.strip_prefix('-').and_then(|t| t.strip_prefix(prefix));
        if let Some(Ok(n)) = rest.map(|rest| from(&format!("-{rest}"), radix)) {
            return Some(n);
        }
    }
    if digits_but_not_number(text) {
        return None;
    }
    from(text, 10).ok()
}

/// A float, `.inf` and `.nan` included; a number too large for one (`1e999`) is not.
pub(super) fn float(text: &str) -> Option<f64> {
    let unpositive = match text.strip_prefix('+') {
        Some(rest) if rest.starts_with(['+', '-']) => return None,
        Some(rest) => rest,
        None => text,
    };
    if matches!(unpositive, ".inf" | ".Inf" | ".INF") {
        return Some(f64::INFINITY);
    }
    if matches!(text, "-.inf" | "-.Inf" | "-.INF") {
        return Some(f64::NEG_INFINITY);
    }
    if matches!(text, ".nan" | ".NaN" | ".NAN") {
        return Some(f64::NAN);
    }
    unpositive.parse::<f64>().ok().filter(|f| f.is_finite())
}

/// Digits with a leading zero (`010`) are text, as YAML 1.2 says.
fn digits_but_not_number(text: &str) -> bool {
    let digits = text.strip_prefix(['-', '+']).unwrap_or(text);
    digits.len() > 1 && digits.starts_with('0') && digits[1..].bytes().all(|b| b.is_ascii_digit())
}

/// Gives `visitor` the plain scalar `text` as it reads ([`resolve`]).
pub(super) fn visit_plain<'de, V: Visitor<'de>>(
    text: &str,
    visitor: V,
) -> Result<V::Value, Problem> {
    match resolve(text) {
        Plain::Null => visitor.visit_unit(),
        Plain::Bool(b) => visitor.visit_bool(b),
        Plain::Unsigned(n) => visitor.visit_u64(n),
        Plain::Signed(n) => visitor.visit_i64(n),
        Plain::Unsigned128(n) => visitor.visit_u128(n),
        Plain::Signed128(n) => visitor.visit_i128(n),
        Plain::Float(f) => visitor.visit_f64(f),
        Plain::Text(text) => visitor.visit_str(text),
    }
}

/// A scalar written with a tag that is not the file's own: as a core tag says (`!!int 5` is a
/// number, `!!int x` refused), and as text for any other (`!!str 5`).
pub(super) fn visit_tagged<'de, V: Visitor<'de>>(
    tag: &str,
    text: &str,
    visitor: V,
) -> Result<V::Value, Problem> {
    let refused = |expected: &str| {
        Err(Problem::WrongType {
            found: format!("text {text:?}"),
            expected: expected.to_string(),
        })
    };
    match tag.strip_prefix(CORE) {
        Some("bool") => match boolean(text) {
            Some(b) => visitor.visit_bool(b),
            None => refused("a boolean"),
        },
        Some("int") => match integer(text) {
            Some(_) => visit_plain(text, visitor),
            None => refused("an integer"),
        },
        Some("float") => match float(text) {
            Some(f) => visitor.visit_f64(f),
            None => refused("a float"),
        },
        Some("null") if is_null(text) => visitor.visit_unit(),
        Some("null") => refused("null"),
        _ => visitor.visit_str(text),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_scalars_resolve_by_serde_yamls_rules() {
        assert_eq!(resolve("010"), Plain::Text("010"));
        assert_eq!(resolve("01.5"), Plain::Float(1.5));
        assert_eq!(resolve("1e999"), Plain::Text("1e999"));
        assert_eq!(resolve("0x1f"), Plain::Unsigned(31));
        assert_eq!(resolve("-7"), Plain::Signed(-7));
        assert_eq!(resolve("-0x8000000000000000"), Plain::Signed(i64::MIN));
        assert_eq!(
            resolve("18446744073709551616"),
            Plain::Unsigned128(u128::from(u64::MAX) + 1)
        );
        assert_eq!(resolve("~"), Plain::Null);
        assert_eq!(resolve("True"), Plain::Bool(true));
        assert_eq!(resolve("yes"), Plain::Text("yes"));
    }
}
