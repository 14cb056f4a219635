//! The apps' own lock rules (core's `app_lock`): which PINs may be picked,
//! and the waits after wrong ones.

use vidi_core::app_lock;

use crate::convert::count;

/// Why a new app PIN is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Enum)]
pub enum AppPinProblem {
    /// Not `AppLockRules::pin_length` digits.
    Length,
    /// One digit repeated (`111111`).
    OneDigit,
    /// A run up or down (`123456`, `654321`, `890123`).
    Run,
    /// The confirmation differs.
    Mismatch,
}

impl From<app_lock::PinProblem> for AppPinProblem {
    fn from(p: app_lock::PinProblem) -> Self {
        match p {
            app_lock::PinProblem::Length => Self::Length,
            app_lock::PinProblem::OneDigit => Self::OneDigit,
            app_lock::PinProblem::Run => Self::Run,
            app_lock::PinProblem::Mismatch => Self::Mismatch,
        }
    }
}

/// The lock's fixed numbers, for the screens' words.
#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Record)]
pub struct AppLockRules {
    /// Digits in an app PIN.
    pub pin_length: u32,
    /// Wrong PINs in a row before the first wait.
    pub free_attempts: u32,
    /// The longest wait, seconds.
    pub max_wait_seconds: u32,
}

/// The lock's fixed numbers.
#[uniffi::export]
pub fn app_lock_rules() -> AppLockRules {
    AppLockRules {
        pin_length: count(app_lock::PIN_LENGTH),
        free_attempts: app_lock::FREE_ATTEMPTS,
        max_wait_seconds: seconds(app_lock::max_wait()),
    }
}

/// What is wrong with a new app PIN `pin` typed again as `confirm`, or
/// `None` when it may be used.
#[uniffi::export]
pub fn app_pin_problem(pin: String, confirm: String) -> Option<AppPinProblem> {
    app_lock::pin_problem(&pin, &confirm).map(AppPinProblem::from)
}

/// Seconds to wait after the `failed`th wrong app PIN in a row; `None`
/// while free attempts remain.
#[uniffi::export]
pub fn unlock_wait_seconds(failed: u32) -> Option<u32> {
    app_lock::wait_after(failed).map(seconds)
}

/// Wrong app PINs left before a wait, after `failed` in a row.
#[uniffi::export]
pub fn unlock_attempts_left(failed: u32) -> u32 {
    app_lock::attempts_left(failed)
}

fn seconds(d: std::time::Duration) -> u32 {
    u32::try_from(d.as_secs()).unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_exports_carry_core_s_rules() {
        assert_eq!(
            app_pin_problem("123456".into(), "123456".into()),
            Some(AppPinProblem::Run)
        );
        assert_eq!(app_pin_problem("135790".into(), "135790".into()), None);
        assert_eq!(unlock_wait_seconds(4), None);
        assert_eq!(unlock_wait_seconds(6), Some(60));
        assert_eq!(unlock_attempts_left(3), 2);
        let rules = app_lock_rules();
        assert_eq!(
            (
                rules.pin_length,
                rules.free_attempts,
                rules.max_wait_seconds
            ),
            (6, 5, 3840)
        );
    }
}
