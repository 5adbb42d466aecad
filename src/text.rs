//! Characters as the cities print them: full-width forms (`１`, `Ａ`, `．`, `％`) folded to the
//! ASCII forms that the model compares and parses. One rule for every place that folds: codes
//! ([`crate::model::scale`]), numbers ([`crate::model::number`]), telephone numbers and the
//! order of project numbers.

/// `c` with full-width ASCII (U+FF01–U+FF5E: `！` to `～`, among them `０`–`９`, `Ａ`–`Ｚ`,
/// `ａ`–`ｚ`, `．`, `，`, `－`, `＋`, `％`) folded to its ASCII form; any other character as it
/// is (the ideographic space and half-width katakana too).
pub fn fold_width(c: char) -> char {
    match c {
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        _ => c,
    }
}

/// Whether `c` is a digit of either width (`0`–`9`, `０`–`９`).
pub fn is_digit(c: char) -> bool {
    fold_width(c).is_ascii_digit()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn full_width_ascii_folds_and_nothing_else_does() {
        let folded: String = "Ａ１．－％　ｱ①".chars().map(fold_width).collect();
        assert_eq!(folded, "A1.-%　ｱ①");
        assert!(is_digit('９') && is_digit('0') && !is_digit('①'));
    }
}
