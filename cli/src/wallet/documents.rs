//! `init`, `unlock-check`, `add-sample`, `list`, `show` and `delete`.

use std::io::{self, BufRead as _, IsTerminal as _, Write as _};
use std::process::ExitCode;

use time::{Date, OffsetDateTime};
use vidi_core::claims::{ClaimId, ClaimValue};
use vidi_core::document::Document;
use vidi_core::document::DocumentType;
use vidi_core::issuer::VIETNAM;
use vidi_core::store::{
    CredentialView, DocumentId, DocumentStatus, DocumentSummary, DocumentView, KnownStatus, Wallet,
};

use serde_json::{Value, json};

#[cfg(feature = "demo")]
use super::AddSampleArgs;
use super::{
    DeleteArgs, ListArgs, Place, ShowArgs, listing, plural, resolve_held, secret, short, short_ids,
    store_failure,
};
use crate::output::{
    BAD_TEXT, BOLD, DIM, Failure, Style, emit, human_duration, human_time, note, pad, rfc3339,
    width,
};
use crate::verdict::aligned;

/// The seed of the test citizens `add-sample` draws.
#[cfg(feature = "demo")]
pub const CITIZEN_SEED: u64 = 1;

/// `init`.
pub fn init(place: &Place) -> Result<ExitCode, Failure> {
    if place.file.metadata().is_ok_and(|m| m.len() > 0) {
        return Err(Failure::Failed(format!(
            "a wallet already exists at {}; nothing was changed",
            place.file.display()
        )));
    }
    let (provider, log_n) = secret::new_wallet_key_provider()?;
    create_private_dir(&place.dir)?;
    note("creating the wallet (sealing its key with scrypt)…");
    let wallet = Wallet::create(&place.file, &provider)
        .map_err(|e| store_failure(&format!("cannot create {}", place.file.display()), e))?;
    drop(wallet);
    restrict_to_owner(&place.file);
    let factor = match log_n {
        Some(n) => format!("scrypt work factor 2^{n}, for tests only"),
        None => "scrypt at age's default work factor".to_owned(),
    };
    emit(&format!(
        "created the wallet {} (its key sealed with your passphrase, {factor})\n\
         next: vidi wallet --dir {} add-sample\n",
        place.file.display(),
        place.dir.display()
    ))?;
    Ok(ExitCode::SUCCESS)
}

/// Creates `dir` (and its parents), readable by its owner only where it is new.
fn create_private_dir(dir: &std::path::Path) -> Result<(), Failure> {
    if dir.is_dir() {
        return Ok(());
    }
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    builder
        .create(dir)
        .map_err(|e| Failure::Failed(format!("cannot create {}: {e}", dir.display())))
}

/// Makes `path` readable by its owner only (best effort: the records in it
/// are encrypted anyway).
fn restrict_to_owner(path: &std::path::Path) {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        let _ = std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600));
    }
    #[cfg(not(unix))]
    let _ = path;
}

/// `unlock-check`.
pub fn unlock_check(place: &Place) -> Result<ExitCode, Failure> {
    let (wallet, report) = place.unlocked()?;
    let listing = super::listing(&wallet)?;
    let documents = listing.documents.len() + listing.damaged.len();
    let damaged = if listing.damaged.is_empty() {
        String::new()
    } else {
        format!(" ({} damaged)", listing.damaged.len())
    };
    emit(&format!(
        "unlocked: {} document{}{damaged}, {} pending merged\n",
        documents,
        plural(documents),
        report.merged_added + report.merged_replaced
    ))?;
    Ok(ExitCode::SUCCESS)
}

/// `Thẻ căn cước · Identity card`.
pub fn type_label(t: DocumentType) -> String {
    format!("{} · {}", t.label_vi(), t.label_en())
}

/// Today in Vietnam, where documents' days begin and end.
pub fn today_in_vietnam(now: OffsetDateTime) -> Date {
    now.to_offset(VIETNAM).date()
}

/// `add-sample`.
#[cfg(feature = "demo")]
pub fn add_sample(place: &Place, args: &AddSampleArgs) -> Result<ExitCode, Failure> {
    use vidi_core::document::citizens::citizen;
    use vidi_core::sample::test_issuer;
    use vidi_core::store::{AddOutcome, CitizenDocuments};

    let mut wallet = if args.locked {
        place.open()?
    } else {
        place.unlocked()?.0
    };
    let now = OffsetDateTime::now_utc();
    let person = citizen(CITIZEN_SEED, args.citizen, today_in_vietnam(now))
        .map_err(|e| Failure::Failed(format!("cannot make test citizen {}: {e}", args.citizen)))?;
    let name = person.full_name().as_str().to_owned();
    let documents = CitizenDocuments {
        national_id: person.national_id,
        licence: person.driving_licence,
        health: person.health_insurance,
    };
    let types: Vec<DocumentType> = documents
        .with_kinds()
        .iter()
        .map(|(d, _)| d.document_type())
        .collect();
    let issuer =
        test_issuer().map_err(|e| Failure::Failed(format!("cannot make the test issuer: {e}")))?;
    let outcomes = wallet
        .add_sample_citizen(&issuer, documents, now)
        .map_err(|e| store_failure("cannot add the documents", e))?;
    let mut out = format!(
        "test citizen {} ({name}), issued by the built-in test issuer \u{201c}{}\u{201d}:\n",
        args.citizen, issuer.name
    );
    let shorts = short_ids(outcomes.iter().map(AddOutcome::id));
    let rows: Vec<Vec<String>> = outcomes
        .iter()
        .zip(&types)
        .zip(&shorts)
        .map(|((outcome, t), (_, id))| {
            let what = match outcome {
                AddOutcome::Added(_) => "added",
                AddOutcome::Replaced(_) => "replaced the copy held",
                AddOutcome::Pending(_) => "received while locked (pending)",
            };
            vec![id.clone(), type_label(*t), what.to_owned()]
        })
        .collect();
    for line in table(&["ID", "TYPE", "OUTCOME"], &rows, Style::detect()).lines() {
        out.push_str(&format!("  {line}\n"));
    }
    if args.locked {
        out.push_str("They are merged at the next unlock (try `unlock-check`).\n");
    }
    emit(&out)?;
    Ok(ExitCode::SUCCESS)
}

/// `valid (checked 2026-06-01)`, `unknown (never checked)`.
pub fn status_text(status: KnownStatus) -> String {
    let word = match status.status {
        DocumentStatus::Valid => "valid",
        DocumentStatus::Suspended => "suspended",
        DocumentStatus::Revoked => "revoked",
        DocumentStatus::Unknown => "unknown",
    };
    match status.learned_at {
        Some(at) => format!("{word} (checked {})", at.to_offset(VIETNAM).date()),
        None => format!("{word} (never checked)"),
    }
}

fn date_text(date: Date) -> String {
    format!(
        "{:02}/{:02}/{}",
        date.day(),
        u8::from(date.month()),
        date.year()
    )
}

/// The flags `list` shows.
fn flags(doc: &DocumentSummary, today: Date) -> Vec<&'static str> {
    let mut flags = Vec::new();
    if doc.needs_rebinding {
        flags.push("needs re-binding");
    }
    if doc.pending {
        flags.push("pending");
    }
    if doc.valid_until.is_some_and(|until| until < today) {
        flags.push("expired");
    }
    flags
}

/// Rows of cells as a table under a bold header, columns two spaces apart.
pub fn table(header: &[&str], rows: &[Vec<String>], style: Style) -> String {
    let columns = header.len();
    let widths: Vec<usize> = (0..columns)
        .map(|c| {
            rows.iter()
                .filter_map(|r| r.get(c))
                .map(|s| width(s))
                .chain([width(header.get(c).copied().unwrap_or_default())])
                .max()
                .unwrap_or(0)
        })
        .collect();
    let line = |cells: Vec<String>| {
        let mut text = String::new();
        for (i, (cell, w)) in cells.iter().zip(&widths).enumerate() {
            if i + 1 == columns {
                text.push_str(cell);
            } else {
                text.push_str(&pad(cell, *w));
                text.push_str("  ");
            }
        }
        text.trim_end().to_owned()
    };
    let mut out = style.paint(
        BOLD,
        &line(header.iter().map(|h| (*h).to_owned()).collect()),
    );
    out.push('\n');
    for row in rows {
        out.push_str(&line(row.clone()));
        out.push('\n');
    }
    out
}

/// `list`.
pub fn list(place: &Place, args: &ListArgs) -> Result<ExitCode, Failure> {
    let (wallet, _) = place.unlocked()?;
    let listed = listing(&wallet)?;
    let documents = listed.documents;
    if args.json {
        let today = today_in_vietnam(OffsetDateTime::now_utc());
        return emit_json(&json!({
            "format": "vidi-wallet-documents",
            "version": 1,
            "documents": documents.iter().map(|d| summary_json(d, today)).collect::<Vec<_>>(),
            "damaged": listed.damaged.iter().map(DocumentId::as_str).collect::<Vec<_>>(),
        }));
    }
    if documents.is_empty() {
        emit(&format!(
            "no documents yet; add the reference citizen's with `vidi wallet --dir {} add-sample`\n",
            place.dir.display()
        ))?;
        return Ok(ExitCode::SUCCESS);
    }
    let today = today_in_vietnam(OffsetDateTime::now_utc());
    let shorts = short_ids(documents.iter().map(|d| &d.id));
    let rows: Vec<Vec<String>> = documents
        .iter()
        .zip(&shorts)
        .map(|(doc, (_, id))| {
            vec![
                id.clone(),
                type_label(doc.document_type),
                doc.holder_name.clone(),
                doc.valid_until
                    .map_or_else(|| "no expiry".to_owned(), date_text),
                status_text(doc.status),
                flags(doc, today).join(", "),
            ]
        })
        .collect();
    let style = Style::detect();
    let mut out = table(
        &["ID", "TYPE", "HOLDER", "VALID UNTIL", "STATUS", "FLAGS"],
        &rows,
        style,
    );
    if documents.iter().any(|d| d.needs_rebinding) {
        out.push_str(&style.paint(
            DIM,
            "needs re-binding: restored from a backup without its device keys; it cannot be shown\n\
             as a QR until the issuer re-issues it to this wallet.\n",
        ));
    }
    emit(&out)?;
    Ok(ExitCode::SUCCESS)
}

/// A card row: both labels and the value as people read it.
fn row(id: ClaimId, value: &ClaimValue) -> (String, String) {
    (
        format!("{} / {}", id.label_vi(), id.label_en()),
        value.display(),
    )
}

/// The document's fields, in the card's order.
fn card_rows(document: &Document) -> Vec<(String, String)> {
    use ClaimId as C;
    use ClaimValue as V;
    match document {
        Document::NationalId(card) => {
            let nationality = card.nationality();
            let mut rows = vec![
                row(
                    C::PersonalIdNumber,
                    &V::PersonalIdNumber(card.number().clone()),
                ),
                row(C::FullName, &V::Name(card.full_name().clone())),
                row(C::DateOfBirth, &V::Date(card.date_of_birth())),
                row(C::Sex, &V::Sex(card.sex())),
                row(
                    C::Nationality,
                    &V::Text(format!(
                        "{} ({})",
                        nationality.label_vi(),
                        nationality.as_str()
                    )),
                ),
                row(
                    C::PlaceOfOrigin,
                    &V::Text(card.place_of_origin().as_str().to_owned()),
                ),
                row(
                    C::PlaceOfResidence,
                    &V::Text(card.place_of_residence().as_str().to_owned()),
                ),
                row(C::DateOfIssue, &V::Date(card.date_of_issue())),
                row(C::DateOfExpiry, &V::OptionalDate(card.date_of_expiry())),
            ];
            if let Some(digest) = card.portrait_digest() {
                let hex = hex::encode(digest);
                rows.push((
                    format!(
                        "{} / {}",
                        C::PortraitDigest.label_vi(),
                        C::PortraitDigest.label_en()
                    ),
                    format!("{}…", hex.get(..16).unwrap_or(&hex)),
                ));
            }
            rows
        }
        Document::DrivingLicence(licence) => {
            let mut rows = vec![
                row(
                    C::LicenceNumber,
                    &V::LicenceNumber(licence.number().clone()),
                ),
                row(C::FullName, &V::Name(licence.full_name().clone())),
                row(C::DateOfBirth, &V::Date(licence.date_of_birth())),
            ];
            let label = format!(
                "{} / {}",
                C::LicenceClasses.label_vi(),
                C::LicenceClasses.label_en()
            );
            let class_width = licence
                .classes()
                .iter()
                .map(|e| width(&e.class.label()))
                .max()
                .unwrap_or(0);
            for (i, entry) in licence.classes().iter().enumerate() {
                let until = entry
                    .valid_until
                    .map_or_else(|| "không thời hạn / no expiry".to_owned(), date_text);
                rows.push((
                    if i == 0 { label.clone() } else { String::new() },
                    format!(
                        "{}  {} → {until}",
                        pad(&entry.class.label(), class_width),
                        date_text(entry.valid_from)
                    ),
                ));
            }
            rows.push(row(C::DateOfIssue, &V::Date(licence.date_of_issue())));
            rows.push(row(
                C::DateOfExpiry,
                &V::OptionalDate(licence.date_of_expiry()),
            ));
            rows.push(row(
                C::IssuingAuthority,
                &V::Text(licence.issuing_authority().as_str().to_owned()),
            ));
            rows
        }
        Document::HealthInsurance(card) => vec![
            row(C::CardNumber, &V::CardNumber(card.card_number().clone())),
            row(C::FullName, &V::Name(card.full_name().clone())),
            row(C::DateOfBirth, &V::Date(card.date_of_birth())),
            row(C::Sex, &V::Sex(card.sex())),
            row(
                C::FirstCareFacility,
                &V::Facility(card.first_care_facility().clone()),
            ),
            row(C::ValidFrom, &V::Date(card.valid_from())),
            row(C::ValidTo, &V::Date(card.valid_to())),
            row(C::BenefitLevel, &V::BenefitLevel(card.benefit_level())),
        ],
    }
}

/// The document in a box, its title on the top edge.
fn card(view: &DocumentView, style: Style) -> String {
    let t = view.summary.document_type;
    let title = format!(
        " {} · {} ",
        t.label_vi().to_uppercase(),
        t.label_en().to_uppercase()
    );
    let rows = card_rows(&view.document);
    let label_width = rows.iter().map(|(l, _)| width(l)).max().unwrap_or(0);
    let inner = rows
        .iter()
        .map(|(_, v)| label_width + 2 + width(v))
        .chain([width(&title) + 2])
        .max()
        .unwrap_or(0)
        + 2;
    let mut out = format!(
        "┌─{}{}┐\n",
        style.paint(BOLD, &title),
        "─".repeat(inner.saturating_sub(width(&title) + 1))
    );
    let blank = format!("│{}│\n", " ".repeat(inner));
    out.push_str(&blank);
    for (label, value) in &rows {
        let text_width = label_width + 2 + width(value);
        out.push_str(&format!(
            "│ {}  {}{} │\n",
            pad(label, label_width),
            style.paint(BOLD, value),
            " ".repeat(inner.saturating_sub(text_width + 2))
        ));
    }
    out.push_str(&blank);
    out.push_str(&format!("└{}┘\n", "─".repeat(inner)));
    out
}

/// A credential's expiry relative to `now`.
fn expiry_text(c: &CredentialView, now: OffsetDateTime) -> String {
    let left = c.expires_at - now;
    if left.is_positive() {
        format!("{} (in {})", human_time(c.expires_at), human_duration(left))
    } else {
        format!(
            "{} (expired {} ago)",
            human_time(c.expires_at),
            human_duration(left)
        )
    }
}

/// `show`.
pub fn show(place: &Place, args: &ShowArgs) -> Result<ExitCode, Failure> {
    let (wallet, _) = place.unlocked()?;
    let id = resolve_held(&wallet, &args.doc)?;
    let view = wallet
        .document(&id)
        .map_err(|e| store_failure("cannot read the document", e))?;
    let now = OffsetDateTime::now_utc();
    if args.json {
        return emit_json(&document_json(&view, now));
    }
    let style = Style::detect();
    let summary = &view.summary;
    let mut out = card(&view, style);
    out.push('\n');
    let mut facts = vec![
        ("Mã / Id:".to_owned(), id.as_str().to_owned()),
        ("Cơ quan cấp / Issuer:".to_owned(), view.issuer.clone()),
        (
            "Nhận lúc / Received:".to_owned(),
            human_time(view.received_at),
        ),
        (
            "Trạng thái / Status:".to_owned(),
            status_text(summary.status),
        ),
    ];
    let today = today_in_vietnam(now);
    let flags = flags(summary, today);
    if !flags.is_empty() {
        facts.push(("Lưu ý / Flags:".to_owned(), flags.join(", ")));
    }
    out.push_str(&aligned(&facts, style));
    if summary.needs_rebinding {
        out.push_str(&format!(
            "  {}\n",
            style.paint(
                BAD_TEXT,
                "Restored from a backup without its device keys: it cannot be shown as a QR\n  \
                 until the issuer re-issues it to this wallet."
            )
        ));
    }
    out.push_str(&format!(
        "\n{}\n",
        style.paint(
            BOLD,
            &format!("Chứng nhận / Credentials ({}):", view.credentials.len())
        )
    ));
    let rows: Vec<Vec<String>> = view
        .credentials
        .iter()
        .map(|c| {
            vec![
                c.kind.name(),
                expiry_text(c, now),
                if c.device_key.is_some() {
                    "in this wallet".to_owned()
                } else {
                    "not in this wallet (needs re-binding)".to_owned()
                },
            ]
        })
        .collect();
    for line in table(&["KIND", "EXPIRES", "DEVICE KEY"], &rows, style).lines() {
        out.push_str(&format!("  {line}\n"));
    }
    emit(&out)?;
    Ok(ExitCode::SUCCESS)
}

/// Prints `value` as pretty JSON and a newline.
fn emit_json(value: &Value) -> Result<ExitCode, Failure> {
    let text = serde_json::to_string_pretty(value)
        .map_err(|e| Failure::Failed(format!("cannot write JSON: {e}")))?;
    emit(&format!("{text}\n"))?;
    Ok(ExitCode::SUCCESS)
}

/// A status as JSON: `{"status": "valid", "checked_at": RFC 3339 or null}`.
fn status_json(status: KnownStatus) -> Value {
    let word = match status.status {
        DocumentStatus::Valid => "valid",
        DocumentStatus::Suspended => "suspended",
        DocumentStatus::Revoked => "revoked",
        DocumentStatus::Unknown => "unknown",
    };
    json!({
        "status": word,
        "checked_at": status.learned_at.map(rfc3339),
    })
}

/// A `list --json` entry: what the table shows, with the whole id.
fn summary_json(doc: &DocumentSummary, today: Date) -> Value {
    json!({
        "id": doc.id.as_str(),
        "type": doc.document_type.code(),
        "holder_name": doc.holder_name,
        "valid_from": doc.valid_from.to_string(),
        "valid_until": doc.valid_until.map(|d| d.to_string()),
        "status": status_json(doc.status),
        "needs_rebinding": doc.needs_rebinding,
        "pending": doc.pending,
        "flags": flags(doc, today),
        "added_at": rfc3339(doc.added_at),
        "updated_at": rfc3339(doc.updated_at),
    })
}

/// The card's claims by machine name, as `show` lays them out (the portrait
/// digest, of which `show` prints only a beginning, is left out).
fn card_claims(document: &Document) -> Vec<(ClaimId, ClaimValue)> {
    use ClaimId as C;
    use ClaimValue as V;
    match document {
        Document::NationalId(card) => vec![
            (
                C::PersonalIdNumber,
                V::PersonalIdNumber(card.number().clone()),
            ),
            (C::FullName, V::Name(card.full_name().clone())),
            (C::DateOfBirth, V::Date(card.date_of_birth())),
            (C::Sex, V::Sex(card.sex())),
            (
                C::Nationality,
                V::Text(card.nationality().as_str().to_owned()),
            ),
            (
                C::PlaceOfOrigin,
                V::Text(card.place_of_origin().as_str().to_owned()),
            ),
            (
                C::PlaceOfResidence,
                V::Text(card.place_of_residence().as_str().to_owned()),
            ),
            (C::DateOfIssue, V::Date(card.date_of_issue())),
            (C::DateOfExpiry, V::OptionalDate(card.date_of_expiry())),
        ],
        Document::DrivingLicence(licence) => vec![
            (C::LicenceNumber, V::LicenceNumber(licence.number().clone())),
            (C::FullName, V::Name(licence.full_name().clone())),
            (C::DateOfBirth, V::Date(licence.date_of_birth())),
            (C::LicenceClasses, V::Classes(licence.classes().to_vec())),
            (C::DateOfIssue, V::Date(licence.date_of_issue())),
            (C::DateOfExpiry, V::OptionalDate(licence.date_of_expiry())),
            (
                C::IssuingAuthority,
                V::Text(licence.issuing_authority().as_str().to_owned()),
            ),
        ],
        Document::HealthInsurance(card) => vec![
            (C::CardNumber, V::CardNumber(card.card_number().clone())),
            (C::FullName, V::Name(card.full_name().clone())),
            (C::DateOfBirth, V::Date(card.date_of_birth())),
            (C::Sex, V::Sex(card.sex())),
            (
                C::FirstCareFacility,
                V::Facility(card.first_care_facility().clone()),
            ),
            (C::ValidFrom, V::Date(card.valid_from())),
            (C::ValidTo, V::Date(card.valid_to())),
            (C::BenefitLevel, V::BenefitLevel(card.benefit_level())),
        ],
    }
}

/// `show --json`: the summary, the issuer, the card's claims and the credentials.
fn document_json(view: &DocumentView, now: OffsetDateTime) -> Value {
    let mut out = summary_json(&view.summary, today_in_vietnam(now));
    if let Some(object) = out.as_object_mut() {
        object.insert("format".into(), json!("vidi-wallet-document"));
        object.insert("version".into(), json!(1));
        object.insert("issuer".into(), json!(view.issuer));
        object.insert("received_at".into(), json!(rfc3339(view.received_at)));
        let claims: serde_json::Map<String, Value> = card_claims(&view.document)
            .into_iter()
            .map(|(id, value)| (id.name(), value.to_json()))
            .collect();
        object.insert("claims".into(), Value::Object(claims));
        let credentials: Vec<Value> = view
            .credentials
            .iter()
            .map(|c| {
                json!({
                    "kind": c.kind.name(),
                    "expires_at": rfc3339(c.expires_at),
                    "device_key_in_wallet": c.device_key.is_some(),
                })
            })
            .collect();
        object.insert("credentials".into(), Value::Array(credentials));
    }
    out
}

/// `delete`.
pub fn delete(place: &Place, args: &DeleteArgs) -> Result<ExitCode, Failure> {
    let (mut wallet, _) = place.unlocked()?;
    let id = resolve_held(&wallet, &args.doc)?;
    // A damaged document is deleted by id, without reading it.
    let (label, credentials) = match wallet.document(&id) {
        Ok(view) => (
            type_label(view.summary.document_type),
            Some(view.credentials.len()),
        ),
        Err(e) if e.is_damaged_record() => ("damaged document".to_owned(), None),
        Err(e) => return Err(store_failure("cannot read the document", e)),
    };
    if !args.yes {
        confirm(id.as_str(), &label)?;
    }
    wallet
        .delete_document(&id, OffsetDateTime::now_utc())
        .map_err(|e| store_failure("cannot delete the document", e))?;
    emit(&match credentials {
        Some(n) => format!(
            "deleted {} ({label}) with its {n} credential{s} and device key{s}\n",
            short(&id),
            s = plural(n)
        ),
        None => format!(
            "deleted {} ({label}) with its credentials and device keys\n",
            short(&id)
        ),
    })?;
    Ok(ExitCode::SUCCESS)
}

/// Asks for the first four characters of `id` on stdin.
fn confirm(id: &str, label: &str) -> Result<(), Failure> {
    let expected = id.get(..4).unwrap_or(id);
    let mut err = io::stderr();
    let _ = write!(
        err,
        "Delete {} ({label}), its credentials and device keys? This cannot be undone.\n\
         Type the first 4 characters of the id to confirm: ",
        id.get(..super::SHORT_ID_LEN).unwrap_or(id)
    );
    let _ = err.flush();
    let mut answer = String::new();
    let read = io::stdin().lock().read_line(&mut answer);
    if !io::stdin().is_terminal() {
        // Keep the prompt's line ended when the answer came from a pipe.
        note("");
    }
    match read {
        Ok(n) if n > 0 && answer.trim().eq_ignore_ascii_case(expected) => Ok(()),
        Ok(_) => Err(Failure::Failed(
            "not deleted: the confirmation did not match (or use --yes)".to_owned(),
        )),
        Err(e) => Err(Failure::Failed(format!(
            "not deleted: cannot read the confirmation: {e}"
        ))),
    }
}
