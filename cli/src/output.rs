//! Input and output plumbing: errors and exit codes, reading payloads and
//! trust files, writing to the terminal, colour, and time formatting.
//!
//! Error messages never contain a payload or a claim value: a proof carries
//! personal data, and error output ends up in logs.

use std::io::{self, IsTerminal as _, Read as _, Write as _};
use std::path::Path;
use std::process::ExitCode;

use clap::error::{ContextKind, ContextValue, ErrorKind};
use time::format_description::well_known::Rfc3339;
use time::macros::format_description;
use time::{Duration, OffsetDateTime, UtcOffset};
use vidi_core::trust::VerifierData;

/// Why a command could not do its job.
#[derive(Debug)]
pub enum Failure {
    /// Bad arguments or unusable input files: exit 2.
    Usage(String),
    /// The command failed: exit 1.
    Failed(String),
}

/// Prints `vidi: <message>` on stderr and returns the exit code.
pub fn report_error(failure: &Failure) -> ExitCode {
    let (message, code) = match failure {
        Failure::Usage(m) => (m, 2),
        Failure::Failed(m) => (m, 1),
    };
    let _ = writeln!(io::stderr(), "vidi: {message}");
    ExitCode::from(code)
}

/// Reports an argument error from clap as `vidi: ...` (exit 2), or prints
/// help and version text as clap would (exit 0).
pub fn clap_error(error: &clap::Error) -> ExitCode {
    if !error.use_stderr() {
        let _ = error.print();
        return ExitCode::SUCCESS;
    }
    if error.kind() == ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand {
        let _ = error.print();
        return ExitCode::from(2);
    }
    // An unquoted proof with a space in it arrives as several arguments:
    // clap would quote the extra ones, and they carry personal data.
    if error.kind() == ErrorKind::UnknownArgument
        && let Some(ContextValue::String(arg)) = error.get(ContextKind::InvalidArg)
        && !arg.starts_with('-')
    {
        note(
            "vidi: unexpected extra argument (not shown: it may be part of a proof); \
             quote a proof on the command line, as it can contain spaces and $, or pass - and give it on standard input",
        );
        return ExitCode::from(2);
    }
    let rendered = error.render().to_string();
    let message = rendered
        .strip_prefix("error: ")
        .unwrap_or(&rendered)
        .trim_end();
    let _ = writeln!(io::stderr(), "vidi: {message}");
    ExitCode::from(2)
}

/// Writes `text` to stdout. A closed pipe (`vidi demo | head`) is not an error.
pub fn emit(text: &str) -> Result<(), Failure> {
    let mut out = io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Ok(()),
        Err(e) => Err(Failure::Failed(format!(
            "cannot write to standard output: {e}"
        ))),
    }
}

/// A line on stderr, for progress and notes; stderr errors are ignored.
pub fn note(text: &str) {
    let _ = writeln!(io::stderr(), "{text}");
}

/// The proof text from an argument, or from stdin when it is `-`, trimmed.
pub fn read_payload(arg: &str) -> Result<String, Failure> {
    if arg != "-" {
        return Ok(arg.trim().to_owned());
    }
    let mut text = String::new();
    io::stdin()
        .read_to_string(&mut text)
        .map_err(|e| Failure::Usage(format!("cannot read the proof from standard input: {e}")))?;
    Ok(text.trim().to_owned())
}

/// Reads a verifier data file (trust list and status lists, JSON).
pub fn read_verifier_data(path: &Path) -> Result<VerifierData, Failure> {
    let text = std::fs::read_to_string(path).map_err(|e| {
        Failure::Usage(format!(
            "cannot read the trust file {}: {e}",
            path.display()
        ))
    })?;
    serde_json::from_str(&text)
        .map_err(|e| Failure::Usage(format!("{} is not a valid trust file: {e}", path.display())))
}

/// Writes `bytes` to `path`.
pub fn write_file(path: &Path, bytes: &[u8]) -> Result<(), Failure> {
    std::fs::write(path, bytes)
        .map_err(|e| Failure::Failed(format!("cannot write {}: {e}", path.display())))
}

/// Whether stdout gets ANSI colour: a terminal, and `NO_COLOR` unset or empty.
#[derive(Debug, Clone, Copy)]
pub struct Style {
    colour: bool,
}

/// Bold white on green.
pub const GOOD: &str = "1;97;42";
/// Bold white on red.
pub const BAD: &str = "1;97;41";
/// Bold red.
pub const BAD_TEXT: &str = "1;31";
/// Bold green.
#[cfg(feature = "demo")]
pub const GOOD_TEXT: &str = "1;32";
/// Bold.
pub const BOLD: &str = "1";
/// Dim.
pub const DIM: &str = "2";

impl Style {
    /// Decides from the environment.
    pub fn detect() -> Self {
        let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        Self {
            colour: io::stdout().is_terminal() && !no_color,
        }
    }

    /// No colour, whatever the environment.
    #[cfg(test)]
    pub fn plain() -> Self {
        Self { colour: false }
    }

    /// `text` in the SGR style `code`, when colour is on.
    pub fn paint(self, code: &str, text: &str) -> String {
        if self.colour {
            format!("\x1b[{code}m{text}\x1b[0m")
        } else {
            text.to_owned()
        }
    }
}

/// RFC 3339 in UTC, as JSON output carries times.
pub fn rfc3339(t: OffsetDateTime) -> String {
    t.to_offset(UtcOffset::UTC)
        .format(&Rfc3339)
        .unwrap_or_else(|_| t.unix_timestamp().to_string())
}

/// `2026-06-01 08:00:30 UTC`, for people.
pub fn human_time(t: OffsetDateTime) -> String {
    t.to_offset(UtcOffset::UTC)
        .format(format_description!(
            "[year]-[month]-[day] [hour]:[minute]:[second] UTC"
        ))
        .unwrap_or_else(|_| rfc3339(t))
}

/// A duration for people: `42 s`, `5 min`, `3 h 12 min`, `2 d 4 h`.
pub fn human_duration(d: Duration) -> String {
    let s = d.whole_seconds().abs();
    if s < 60 {
        format!("{s} s")
    } else if s < 3600 {
        format!("{} min", s / 60)
    } else if s < 86_400 {
        format!("{} h {} min", s / 3600, s % 3600 / 60)
    } else {
        format!("{} d {} h", s / 86_400, s % 86_400 / 3600)
    }
}

/// Display width of text in a monospaced terminal, counting each character
/// as one column and combining marks as none.
pub fn width(text: &str) -> usize {
    text.chars()
        .filter(|c| !matches!(u32::from(*c), 0x0300..=0x036f))
        .count()
}

/// `text` padded with spaces to `columns`.
pub fn pad(text: &str, columns: usize) -> String {
    let mut out = text.to_owned();
    out.extend(std::iter::repeat_n(
        ' ',
        columns.saturating_sub(width(text)),
    ));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_read_well() {
        assert_eq!(human_duration(Duration::seconds(12)), "12 s");
        assert_eq!(human_duration(Duration::seconds(-12)), "12 s");
        assert_eq!(human_duration(Duration::seconds(300)), "5 min");
        assert_eq!(
            human_duration(Duration::seconds(3 * 3600 + 720)),
            "3 h 12 min"
        );
        assert_eq!(human_duration(Duration::hours(52)), "2 d 4 h");
    }

    #[test]
    fn times_are_utc() {
        let t = vidi_core::presentation::unix_time(1_780_300_830);
        assert_eq!(rfc3339(t), "2026-06-01T08:00:30Z");
        assert_eq!(human_time(t), "2026-06-01 08:00:30 UTC");
    }

    #[test]
    fn width_ignores_combining_marks() {
        assert_eq!(width("HỢP LỆ"), 6);
        assert_eq!(width("E\u{0301}"), 1);
        assert_eq!(pad("Lý", 4), "Lý  ");
    }
}
