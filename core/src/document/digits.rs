//! Fixed-length numeric codes.

use super::{DocumentError, Field};

/// Checks that `s` is exactly `len` ASCII digits.
pub(crate) fn check_digits(s: &str, field: Field, len: usize) -> Result<(), DocumentError> {
    if s.is_empty() {
        return Err(DocumentError::Empty(field));
    }
    if !s.bytes().all(|b| b.is_ascii_digit()) {
        return Err(DocumentError::NotDigits(field));
    }
    if s.len() != len {
        return Err(DocumentError::WrongLength {
            field,
            expected: len,
        });
    }
    Ok(())
}

/// Value of a string of ASCII digits already checked by [`check_digits`].
pub(crate) fn digits_value(digits: &str) -> u64 {
    digits
        .bytes()
        .fold(0, |acc, b| acc * 10 + u64::from(b.wrapping_sub(b'0')))
}
