//! The verdict as a checkpoint officer reads it, and as JSON.

use serde_json::{Value, json};
use time::OffsetDateTime;
use vidi_core::claims::Claim;
use vidi_core::verifier::{RejectReason, Verified};

use crate::output::{
    BAD, BAD_TEXT, BOLD, DIM, GOOD, Style, human_duration, human_time, pad, rfc3339, width,
};

/// Text inside the valid banner.
pub const VALID: &str = "✔  HỢP LỆ  ·  VALID";
/// Text inside the rejected banner.
pub const REJECTED: &str = "✘  KHÔNG HỢP LỆ  ·  REJECTED";

const BANNER_WIDTH: usize = 44;

/// A boxed banner around `text`, every line painted `code`. A big banner
/// has an empty line above and below the text.
fn banner(text: &str, code: &str, big: bool, style: Style) -> String {
    let inner = BANNER_WIDTH.max(width(text) + 4);
    let left = (inner - width(text)) / 2;
    let right = inner - width(text) - left;
    let mut lines = vec![format!("╔{}╗", "═".repeat(inner))];
    let empty = format!("║{}║", " ".repeat(inner));
    if big {
        lines.push(empty.clone());
    }
    lines.push(format!("║{}{text}{}║", " ".repeat(left), " ".repeat(right)));
    if big {
        lines.push(empty);
    }
    lines.push(format!("╚{}╝", "═".repeat(inner)));
    let mut out = String::new();
    for line in lines {
        out.push_str(&style.paint(code, &line));
        out.push('\n');
    }
    out
}

/// A claim as JSON: name, both labels, typed value and display text.
pub fn claim_json(claim: &Claim) -> Value {
    json!({
        "name": claim.id.name(),
        "label_vi": claim.id.label_vi(),
        "label_en": claim.id.label_en(),
        "value": claim.value.to_json(),
        "display": claim.value.display(),
    })
}

/// Rows `label  value`, the values aligned, each line indented by two.
pub fn aligned(rows: &[(String, String)], style: Style) -> String {
    let column = rows
        .iter()
        .map(|(label, _)| width(label))
        .max()
        .unwrap_or(0)
        + 2;
    let mut out = String::new();
    for (label, value) in rows {
        out.push_str(&format!(
            "  {}{}\n",
            pad(label, column),
            style.paint(BOLD, value)
        ));
    }
    out
}

/// Claims as aligned lines `label_vi / label_en:  value`, indented by two.
pub fn claim_lines<'a>(claims: impl IntoIterator<Item = &'a Claim>, style: Style) -> String {
    let rows: Vec<(String, String)> = claims
        .into_iter()
        .map(|c| {
            (
                format!("{} / {}:", c.id.label_vi(), c.id.label_en()),
                c.value.display(),
            )
        })
        .collect();
    aligned(&rows, style)
}

/// `Lý do / Reason` lines for a refusal.
fn reason_lines(reason: &RejectReason, style: Style) -> String {
    format!(
        "  Lý do:   {}\n  Reason:  {}\n",
        style.paint(BAD_TEXT, reason.label_vi()),
        style.paint(BAD_TEXT, &reason.to_string())
    )
}

/// The verdict for people. `big` draws the tall banner and every detail; a
/// small verdict (the demo's refusals) is the banner and the reason.
pub fn human(
    result: &Result<Verified, RejectReason>,
    now: OffsetDateTime,
    big: bool,
    style: Style,
) -> String {
    match result {
        Err(reason) => {
            let mut out = banner(REJECTED, BAD, big, style);
            out.push('\n');
            out.push_str(&reason_lines(reason, style));
            out
        }
        Ok(v) => {
            let mut out = banner(VALID, GOOD, big, style);
            out.push('\n');
            out.push_str(&format!(
                "  {} · {}\n",
                style.paint(BOLD, v.document_type.label_vi()),
                v.document_type.label_en()
            ));
            out.push_str(&format!(
                "  Cơ quan cấp / Issuer: {} {}\n\n",
                v.issuer,
                style.paint(DIM, &format!("· key {:04x}", v.kid))
            ));
            out.push_str(&claim_lines(&v.claims, style));
            if v.hidden_claims > 0 {
                out.push_str(&format!(
                    "  {}\n",
                    style.paint(
                        DIM,
                        &format!(
                            "{n} thông tin khác được ẩn / {n} other claims hidden",
                            n = v.hidden_claims
                        )
                    )
                ));
            }
            let age = now - v.presented_at;
            let made = if age.is_negative() {
                format!("{} ahead of this clock", human_duration(age))
            } else {
                format!("{} ago", human_duration(age))
            };
            let rows = [
                (
                    "Tạo / Made:",
                    format!("{made} ({})", human_time(v.presented_at)),
                ),
                ("Hiệu lực đến / Valid until:", human_time(v.expires_at)),
                (
                    "Danh sách trạng thái / Status list:",
                    format!("{} old", human_duration(v.status_list_age)),
                ),
            ];
            let column = rows.iter().map(|(l, _)| width(l)).max().unwrap_or(0) + 2;
            out.push('\n');
            for (label, value) in rows {
                out.push_str(&format!("  {}{value}\n", pad(label, column)));
            }
            out
        }
    }
}

/// The verdict as a JSON object.
pub fn json(result: &Result<Verified, RejectReason>) -> Value {
    match result {
        Err(reason) => json!({
            "valid": false,
            "reason": reason.code(),
            "reason_vi": reason.label_vi(),
            "reason_en": reason.to_string(),
        }),
        Ok(v) => json!({
            "valid": true,
            "document_type": v.document_type,
            "document_type_vi": v.document_type.label_vi(),
            "document_type_en": v.document_type.label_en(),
            "kind": v.kind.name(),
            "issuer": v.issuer,
            "kid": v.kid,
            "claims": v.claims.iter().map(claim_json).collect::<Vec<_>>(),
            "hidden_claims": v.hidden_claims,
            "presented_at": rfc3339(v.presented_at),
            "expires_at": rfc3339(v.expires_at),
            "status_list_age_seconds": v.status_list_age.whole_seconds(),
            "device_key": v.device_key.to_hex(),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn banners_are_rectangular() {
        for (text, big) in [(VALID, true), (REJECTED, false)] {
            let drawn = banner(text, GOOD, big, Style::plain());
            let widths: Vec<usize> = drawn.lines().map(width).collect();
            assert!(widths.windows(2).all(|w| w[0] == w[1]), "{widths:?}");
            assert_eq!(widths.len(), if big { 5 } else { 3 });
            assert!(drawn.contains(text));
        }
    }
}
