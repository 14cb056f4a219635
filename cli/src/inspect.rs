//! `vidi inspect`: what is inside a proof, without judging it.

use std::process::ExitCode;

use serde_json::{Value, json};
use time::OffsetDateTime;
use vidi_core::keys::PublicKey;
use vidi_core::presentation::{Presentation, RebuildError, from_text_any};
use vidi_core::qr::{Ecc, min_version};
use vidi_core::trust::VerifierData;

use crate::InspectArgs;
use crate::output::{
    Failure, Style, emit, human_time, pad, read_payload, read_verifier_data, rfc3339,
};
use crate::verdict::{aligned, claim_json};

/// Where the issuer key shown came from.
enum IssuerSource {
    /// The entry with the proof's kid in the given trust file.
    TrustList,
    /// The built-in test issuer (kid matches).
    #[cfg(feature = "demo")]
    TestIssuer,
    /// Neither.
    Unknown,
}

struct IssuerInfo {
    key: Option<PublicKey>,
    name: Option<String>,
    source: IssuerSource,
}

fn issuer_info(proof: &Presentation, trust: Option<&VerifierData>) -> Result<IssuerInfo, Failure> {
    let kid = proof.kid;
    let document = proof.kind.document_type();
    if let Some(entry) = trust.and_then(|data| {
        data.trust_list
            .find(kid, document, OffsetDateTime::now_utc())
    }) {
        return Ok(IssuerInfo {
            key: Some(entry.public_key),
            name: Some(entry.name.clone()),
            source: IssuerSource::TrustList,
        });
    }
    // The built-in test issuer is known only to a CLI built with `demo`.
    #[cfg(feature = "demo")]
    if kid == vidi_core::sample::TEST_ISSUER_KID {
        let issuer = vidi_core::sample::test_issuer()
            .map_err(|e| Failure::Failed(format!("cannot make the test issuer: {e}")))?;
        return Ok(IssuerInfo {
            key: Some(issuer.key.public_key()),
            name: Some(issuer.name),
            source: IssuerSource::TestIssuer,
        });
    }
    Ok(IssuerInfo {
        key: None,
        name: None,
        source: IssuerSource::Unknown,
    })
}

fn rebuild_error_text(e: RebuildError) -> &'static str {
    match e {
        RebuildError::ClaimsHint => {
            "the disclosed values do not match the claims hint (altered claim?)"
        }
        RebuildError::DeviceSignature => {
            "the device signature does not recover the hinted device key"
        }
    }
}

/// Everything `inspect` reports.
struct Inspection {
    chars: usize,
    bytes: usize,
    proof: Presentation,
    /// The device key and the issuer's COSE_Sign1, or why they could not be rebuilt.
    rebuilt: Result<(PublicKey, Vec<u8>), RebuildError>,
    issuer: IssuerInfo,
}

impl Inspection {
    fn versions(&self) -> [(Ecc, Option<u8>); 3] {
        [Ecc::L, Ecc::M, Ecc::Q].map(|ecc| (ecc, min_version(self.chars, ecc)))
    }

    fn hidden_claims(&self) -> usize {
        self.proof.hidden_count()
    }

    fn to_json(&self) -> Value {
        let p = &self.proof;
        let claims: Vec<Value> = p
            .disclosed
            .iter()
            .map(|(slot, claim, _)| {
                let mut v = claim_json(claim);
                if let Some(object) = v.as_object_mut() {
                    object.insert("slot".into(), json!(slot));
                }
                v
            })
            .collect();
        let versions: serde_json::Map<String, Value> = self
            .versions()
            .into_iter()
            .map(|(ecc, v)| (ecc.as_str().to_owned(), json!(v)))
            .collect();
        let (device_key, cose, rebuild_error) = match &self.rebuilt {
            Ok((key, cose)) => (json!(key.to_hex()), json!(hex::encode(cose)), Value::Null),
            Err(e) => (Value::Null, Value::Null, json!(rebuild_error_text(*e))),
        };
        json!({
            "format": p.format.number(),
            "chars": self.chars,
            "bytes": self.bytes,
            "qr_version": min_version(self.chars, Ecc::M),
            "qr_versions": versions,
            "kid": p.kid,
            "kind": p.kind.name(),
            "document_type": p.kind.document_type(),
            "expires_at": rfc3339(p.expiry_time()),
            "status_index": p.status_index,
            "presented_at": rfc3339(p.presented_time()),
            "nonce_hex": p.nonce.as_ref().map(hex::encode),
            "audience": p.audience,
            "claims": claims,
            "hidden_claims": self.hidden_claims(),
            "seeds": p.seeds.len(),
            "hidden_digests": p.hidden.len(),
            "device_key": device_key,
            "cose_sign1_hex": cose,
            "rebuild_error": rebuild_error,
            "issuer_public_key_hex": self.issuer.key.map(|k| k.to_hex()),
            "issuer_name": self.issuer.name,
            "issuer_source": match self.issuer.source {
                IssuerSource::TrustList => json!("trust_list"),
                #[cfg(feature = "demo")]
                IssuerSource::TestIssuer => json!("test_issuer"),
                IssuerSource::Unknown => Value::Null,
            },
        })
    }

    fn to_human(&self, trust_given: bool, style: Style) -> String {
        let p = &self.proof;
        let version = |v: Option<u8>| v.map_or_else(|| "too long".to_owned(), |v| format!("v{v}"));
        let versions = self
            .versions()
            .map(|(ecc, v)| format!("{ecc} {}", version(v)))
            .join(" · ");
        let document = p.kind.document_type();
        let mut rows: Vec<(&str, String)> = vec![
            (
                "Format",
                format!("{} ({})", p.format.number(), p.format.prefix()),
            ),
            (
                "Size",
                format!(
                    "{} characters, {} bytes before Base45",
                    self.chars, self.bytes
                ),
            ),
            ("QR version", versions),
            ("Issuer key id", format!("{:04x} ({})", p.kid, p.kid)),
            (
                "Credential",
                format!(
                    "{} · {} · {}",
                    p.kind.name(),
                    document.label_vi(),
                    document.label_en()
                ),
            ),
            ("Expires", human_time(p.expiry_time())),
            ("Status index", p.status_index.to_string()),
            ("Presented at", human_time(p.presented_time())),
            (
                "Nonce",
                p.nonce
                    .as_ref()
                    .map_or_else(|| "none".to_owned(), hex::encode),
            ),
            (
                "Audience",
                p.audience.clone().unwrap_or_else(|| "none".to_owned()),
            ),
            (
                "Claims",
                format!(
                    "{} disclosed, {} hidden (of {})",
                    p.disclosed.len(),
                    self.hidden_claims(),
                    p.kind.slot_count()
                ),
            ),
            (
                "Tree nodes",
                format!(
                    "{} salt seeds, {} hidden digests",
                    p.seeds.len(),
                    p.hidden.len()
                ),
            ),
        ];
        match &self.rebuilt {
            Ok((key, cose)) => {
                rows.push(("Device key", key.to_hex()));
                rows.push((
                    "Issuer COSE_Sign1",
                    format!("{} bytes: {}", cose.len(), hex::encode(cose)),
                ));
            }
            Err(e) => {
                let why = format!("cannot be rebuilt: {}", rebuild_error_text(*e));
                rows.push(("Device key", why.clone()));
                rows.push(("Issuer COSE_Sign1", why));
            }
        }
        let issuer = match (&self.issuer.source, self.issuer.key, &self.issuer.name) {
            (IssuerSource::TrustList, Some(key), Some(name)) => {
                format!("{} ({name}, from the trust file)", key.to_hex())
            }
            #[cfg(feature = "demo")]
            (IssuerSource::TestIssuer, Some(key), Some(name)) => {
                let note = if trust_given {
                    "; not in the trust file"
                } else {
                    ""
                };
                format!("{} (the built-in test issuer: {name}{note})", key.to_hex())
            }
            _ if trust_given => "unknown (not in the trust file)".to_owned(),
            _ => "unknown (pass --trust)".to_owned(),
        };
        rows.push(("Issuer key", issuer));

        let column = rows.iter().map(|(l, _)| l.len()).max().unwrap_or(0) + 3;
        let mut out = String::new();
        for (label, value) in rows {
            out.push_str(&format!("{}{value}\n", pad(&format!("{label}:"), column)));
        }
        if !p.disclosed.is_empty() {
            out.push_str("\nDisclosed claims:\n");
            let rows: Vec<(String, String)> = p
                .disclosed
                .iter()
                .map(|(slot, claim, _)| {
                    (
                        format!(
                            "[{slot}] {} / {}:",
                            claim.id.label_vi(),
                            claim.id.label_en()
                        ),
                        format!("{}  ({})", claim.value.display(), claim.id.name()),
                    )
                })
                .collect();
            out.push_str(&aligned(&rows, style));
        }
        out
    }
}

/// `vidi inspect`.
pub fn run(args: &InspectArgs) -> Result<ExitCode, Failure> {
    let trust = args.trust.as_deref().map(read_verifier_data).transpose()?;
    let payload = read_payload(&args.payload)?;
    let (format, bytes) = from_text_any(&payload)
        .map_err(|e| Failure::Failed(format!("not a readable proof: {e}")))?;
    let proof = match format {
        vidi_core::format::Format::V1 => Presentation::from_bytes(&bytes),
        vidi_core::format::Format::V2 => Presentation::from_bytes_v2(&bytes),
    }
    .map_err(|e| Failure::Failed(format!("not a readable proof: {e}")))?;
    let rebuilt = proof.rebuild_statement().map(|statement| {
        (
            statement.device_key,
            statement.cose_sign1(&proof.issuer_signature),
        )
    });
    let issuer = issuer_info(&proof, trust.as_ref())?;
    let inspection = Inspection {
        chars: payload.len(),
        bytes: bytes.len(),
        proof,
        rebuilt,
        issuer,
    };
    if args.json {
        let text = serde_json::to_string_pretty(&inspection.to_json())
            .map_err(|e| Failure::Failed(format!("cannot write JSON: {e}")))?;
        emit(&format!("{text}\n"))?;
    } else {
        emit(&inspection.to_human(args.trust.is_some(), Style::detect()))?;
    }
    Ok(ExitCode::SUCCESS)
}
