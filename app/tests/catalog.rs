//! The catalog holds only words the app core shows: every text (but those
//! the platforms read outside the app, `android.*` and `ios.*`, which are
//! not in the Rust catalog) is used by some screen, and every text has its
//! arguments in both languages.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

use std::path::Path;

use vidi_app::words::Str;

fn sources(dir: &Path, out: &mut String) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            sources(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") && !path.ends_with("catalog.rs") {
            out.push_str(&std::fs::read_to_string(&path).unwrap());
        }
    }
}

#[test]
fn every_text_of_the_catalog_is_used() {
    let mut code = String::new();
    sources(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("src"),
        &mut code,
    );
    let unused: Vec<&str> = Str::ALL
        .iter()
        .filter(|text| {
            let name = format!("Str::{text:?}");
            // `Str::Name` not followed by more of a name (`Str::NameMore`).
            !code.match_indices(&name).any(|(at, _)| {
                !code[at + name.len()..].starts_with(|c: char| c.is_alphanumeric() || c == '_')
            })
        })
        .map(|text| text.key())
        .collect();
    assert!(unused.is_empty(), "catalog keys no screen uses: {unused:?}");
}
