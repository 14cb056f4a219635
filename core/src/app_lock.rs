//! The apps' own lock: which PINs a citizen may pick, and how long the app
//! makes them wait after wrong ones. Both apps follow these rules through
//! the bindings, so Android and iOS cannot drift apart.
//!
//! The PIN is one of two factors: it is layered over a key the phone's
//! hardware holds (`pinKeyProvider` in ffi), so it is guessed only on the
//! phone, where these waits apply.

use std::time::Duration;

/// Digits in an app PIN.
pub const PIN_LENGTH: usize = 6;

/// Wrong PINs in a row before the first wait.
pub const FREE_ATTEMPTS: u32 = 5;

/// The first wait; each further wrong PIN doubles it, [`MAX_DOUBLINGS`] times at most.
pub const FIRST_WAIT: Duration = Duration::from_secs(30);

/// How often the wait doubles: 30 s up to 64 minutes.
pub const MAX_DOUBLINGS: u32 = 7;

/// Why a new app PIN is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PinProblem {
    /// Not [`PIN_LENGTH`] ASCII digits.
    Length,
    /// One digit repeated (`111111`).
    OneDigit,
    /// A run up or down, wrapping past 9 (`123456`, `654321`, `890123`).
    Run,
    /// The confirmation differs.
    Mismatch,
}

/// What is wrong with `pin` typed again as `confirm`, or `None` when it
/// may be used. The PIN's own faults come before a mismatch.
pub fn pin_problem(pin: &str, confirm: &str) -> Option<PinProblem> {
    let digits: Vec<u8> = pin
        .bytes()
        .filter(u8::is_ascii_digit)
        .map(|b| b - b'0')
        .collect();
    if pin.len() != PIN_LENGTH || digits.len() != PIN_LENGTH {
        return Some(PinProblem::Length);
    }
    if digits.iter().all(|&d| d == digits[0]) {
        return Some(PinProblem::OneDigit);
    }
    let step = |pair: &[u8]| (pair[1] + 10 - pair[0]) % 10;
    let first = step(&digits[..2]);
    if (first == 1 || first == 9) && digits.windows(2).all(|w| step(w) == first) {
        return Some(PinProblem::Run);
    }
    if confirm != pin {
        return Some(PinProblem::Mismatch);
    }
    None
}

/// The wait after the `failed`th wrong PIN in a row; `None` while free
/// attempts remain.
pub fn wait_after(failed: u32) -> Option<Duration> {
    let doublings = failed.checked_sub(FREE_ATTEMPTS)?.min(MAX_DOUBLINGS);
    Some(FIRST_WAIT * (1 << doublings))
}

/// The longest wait.
pub fn max_wait() -> Duration {
    FIRST_WAIT * (1 << MAX_DOUBLINGS)
}

/// Wrong PINs left before a wait, after `failed` in a row: one at a time
/// once the waits have begun.
pub fn attempts_left(failed: u32) -> u32 {
    FREE_ATTEMPTS.saturating_sub(failed).max(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pins_must_be_six_digits_neither_repeated_nor_a_run() {
        assert_eq!(pin_problem("12345", "12345"), Some(PinProblem::Length));
        assert_eq!(pin_problem("12a456", "12a456"), Some(PinProblem::Length));
        assert_eq!(pin_problem("١٢٣٤٥٦", "١٢٣٤٥٦"), Some(PinProblem::Length));
        assert_eq!(pin_problem("777777", "777777"), Some(PinProblem::OneDigit));
        for run in ["123456", "654321", "789012", "890123", "109876"] {
            assert_eq!(pin_problem(run, run), Some(PinProblem::Run), "{run}");
        }
        assert_eq!(pin_problem("246810", "246801"), Some(PinProblem::Mismatch));
        assert_eq!(pin_problem("123457", "123457"), None);
        assert_eq!(pin_problem("246810", "246810"), None);
        assert_eq!(pin_problem("112233", "112233"), None);
    }

    #[test]
    fn waits_double_from_the_fifth_wrong_pin_up_to_64_minutes() {
        assert_eq!(wait_after(0), None);
        assert_eq!(wait_after(4), None);
        let waits: Vec<u64> = (5..=8)
            .filter_map(wait_after)
            .map(|d| d.as_secs())
            .collect();
        assert_eq!(waits, [30, 60, 120, 240]);
        assert_eq!(wait_after(12), Some(max_wait()));
        assert_eq!(wait_after(u32::MAX), Some(max_wait()));
        assert_eq!(max_wait(), Duration::from_secs(64 * 60));
        let left: Vec<u32> = [0, 1, 4, 9].into_iter().map(attempts_left).collect();
        assert_eq!(left, [5, 4, 1, 1]);
    }
}
