#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use super::*;

use proptest::prelude::*;

/// The QR alphanumeric set, in code-value order.
const CHARSET: &str = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:";

/// A deterministic pseudo-random payload of `len` characters, starting with
/// the "VD1:" prefix when long enough (xorshift, so tests are reproducible).
fn payload(len: usize, seed: u64) -> String {
    let charset = CHARSET.as_bytes();
    let mut state = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
    let mut out: String = "VD1:".chars().take(len).collect();
    while out.len() < len {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        out.push(char::from(charset[(state % 45) as usize]));
    }
    out
}

/// rqrr's number for an error-correction level (the 2-bit format field).
fn rqrr_ecc(ecc: Ecc) -> u16 {
    match ecc {
        Ecc::M => 0,
        Ecc::L => 1,
        Ecc::H => 2,
        Ecc::Q => 3,
    }
}

/// Decodes the only QR code in a grey image with rqrr.
fn decode_luma(width: u32, height: u32, pixels: &[u8]) -> (rqrr::MetaData, String) {
    let (w, h) = (width as usize, height as usize);
    assert_eq!(pixels.len(), w * h);
    let mut image = rqrr::PreparedImage::prepare_from_greyscale(w, h, |x, y| pixels[y * w + x]);
    let grids = image.detect_grids();
    assert_eq!(grids.len(), 1, "expected exactly one QR code in the image");
    grids[0].decode().expect("rqrr decodes the code")
}

/// Encodes, renders and decodes `text`, checking everything rqrr reports.
fn assert_round_trip(text: &str, ecc: Ecc) -> QrCode {
    let code = QrCode::alphanumeric(text, ecc).unwrap();
    assert_eq!(Some(code.version()), min_version(text.len(), ecc));
    assert_eq!(code.ecc(), ecc);
    assert_eq!(code.size(), 4 * usize::from(code.version()) + 17);
    let (w, h, pixels) = code.to_luma(3, QUIET_ZONE);
    let (meta, decoded) = decode_luma(w, h, &pixels);
    assert_eq!(decoded, text, "version {} {ecc}", code.version());
    assert_eq!(meta.version.0, usize::from(code.version()));
    assert_eq!(meta.ecc_level, rqrr_ecc(ecc));
    code
}

/// The version-9 to -22 figures at M given with the requirement, plus
/// version 13 at L and Q and the four version-40 / version-1 corners.
#[test]
fn capacity_table_matches_known_figures() {
    let known_m = [
        (9, 262),
        (10, 311),
        (11, 366),
        (12, 419),
        (13, 483),
        (15, 600),
        (18, 816),
        (22, 1134),
    ];
    for (version, chars) in known_m {
        assert_eq!(
            alphanumeric_capacity(version, Ecc::M),
            chars,
            "v{version}-M"
        );
    }
    assert_eq!(alphanumeric_capacity(13, Ecc::L), 619);
    assert_eq!(alphanumeric_capacity(13, Ecc::Q), 352);
    assert_eq!(alphanumeric_capacity(1, Ecc::L), 25);
    assert_eq!(alphanumeric_capacity(1, Ecc::H), 10);
    assert_eq!(alphanumeric_capacity(40, Ecc::L), 4296);
    assert_eq!(alphanumeric_capacity(40, Ecc::H), 1852);
    assert_eq!(alphanumeric_capacity(0, Ecc::M), 0);
    assert_eq!(alphanumeric_capacity(41, Ecc::M), 0);
}

#[test]
fn capacity_grows_with_version_and_shrinks_with_ecc() {
    for version in 1..=MAX_VERSION {
        let caps = Ecc::ALL.map(|ecc| alphanumeric_capacity(version, ecc));
        assert!(caps.windows(2).all(|w| w[0] > w[1]), "v{version}: {caps:?}");
        if version > 1 {
            for ecc in Ecc::ALL {
                assert!(
                    alphanumeric_capacity(version, ecc) > alphanumeric_capacity(version - 1, ecc)
                );
            }
        }
    }
}

#[test]
fn min_version_at_every_boundary() {
    for ecc in Ecc::ALL {
        assert_eq!(min_version(0, ecc), Some(1));
        for version in 1..=MAX_VERSION {
            let cap = alphanumeric_capacity(version, ecc);
            assert_eq!(min_version(cap, ecc), Some(version));
            let next = (version < MAX_VERSION).then_some(version + 1);
            assert_eq!(min_version(cap + 1, ecc), next);
        }
    }
}

/// At capacity and one past it, for several versions (including the
/// character-count-indicator steps at 9/10 and 26/27 and version 40), the
/// code is built at `min_version` and rqrr reads it back.
#[test]
fn chosen_version_is_minimal_around_capacity_boundaries() {
    for ecc in Ecc::ALL {
        for version in [1u8, 2, 6, 9, 10, 12, 13, 14, 26, 27, 39, 40] {
            let cap = alphanumeric_capacity(version, ecc);
            let code = assert_round_trip(&payload(cap, u64::from(version)), ecc);
            assert_eq!(code.version(), version, "{cap} chars at {ecc}");
            if version < MAX_VERSION {
                let code = assert_round_trip(&payload(cap + 1, u64::from(version)), ecc);
                assert_eq!(code.version(), version + 1, "{} chars at {ecc}", cap + 1);
            }
        }
    }
}

/// fast_qr's own choice (no version forced) agrees with our table at every
/// boundary; we still pass the version explicitly.
#[test]
fn fast_qr_own_choice_agrees_with_the_table() {
    for ecc in Ecc::ALL {
        for version in 1..=MAX_VERSION {
            let cap = alphanumeric_capacity(version, ecc);
            for (len, expected) in [(cap, Some(version)), (cap + 1, min_version(cap + 1, ecc))] {
                let text = payload(len, 7);
                let built = QRBuilder::new(text.as_bytes())
                    .mode(Mode::Alphanumeric)
                    .ecl(ecc.to_fast_qr())
                    .build();
                let chosen = built.ok().and_then(|qr| qr.version).map(|v| v as u8 + 1);
                assert_eq!(chosen, expected, "{len} chars at {ecc}");
            }
        }
    }
}

#[test]
fn round_trip_through_rqrr_at_every_level() {
    let every_char = CHARSET.to_owned();
    let payloads = [
        "VD1:6BFOXN*TS0BI$ZDFRH".to_owned(),
        payload(250, 1),
        payload(480, 2),
        every_char.clone(),
        every_char.chars().rev().collect(),
        " ".to_owned(),
        "0".to_owned(),
    ];
    for ecc in Ecc::ALL {
        for text in &payloads {
            assert_round_trip(text, ecc);
        }
    }
    // ~480 characters at M is a version-13 code.
    assert_eq!(assert_round_trip(&payload(480, 2), Ecc::M).version(), 13);
}

#[test]
fn empty_payload_is_a_version_1_code() {
    let code = QrCode::alphanumeric("", Ecc::M).unwrap();
    assert_eq!(code.version(), 1);
    let (w, h, pixels) = code.to_luma(4, QUIET_ZONE);
    let (meta, decoded) = decode_luma(w, h, &pixels);
    assert_eq!(decoded, "");
    assert_eq!(meta.version.0, 1);
}

#[test]
fn modules_are_row_major_and_not_transposed() {
    let code = QrCode::alphanumeric(&payload(100, 3), Ecc::M).unwrap();
    let n = code.size();
    assert_eq!(code.modules().len(), n * n);
    for (i, &dark) in code.modules().iter().enumerate() {
        assert_eq!(code.is_dark(i % n, i / n), dark);
    }
    // The always-dark module sits at column 8, row 4 * version + 9.
    assert!(code.is_dark(8, n - 8));
    // Finder patterns: dark 7×7 outline, light ring, dark 3×3 core.
    for (fx, fy) in [(0, 0), (n - 7, 0), (0, n - 7)] {
        for i in 0..7 {
            assert!(code.is_dark(fx + i, fy) && code.is_dark(fx + i, fy + 6));
            assert!(code.is_dark(fx, fy + i) && code.is_dark(fx + 6, fy + i));
        }
        assert!(!code.is_dark(fx + 1, fy + 1) && code.is_dark(fx + 3, fy + 3));
    }
    assert!(!code.is_dark(n, 0) && !code.is_dark(0, n) && !code.is_dark(usize::MAX, 3));
}

#[test]
fn png_decodes_to_the_right_size_and_then_through_rqrr() {
    let text = payload(300, 4);
    let code = QrCode::alphanumeric(&text, Ecc::M).unwrap();
    let scale = 3;
    let bytes = code.to_png(scale).unwrap();
    assert_eq!(&bytes[..8], b"\x89PNG\r\n\x1a\n");

    let mut decoder = png::Decoder::new(std::io::Cursor::new(bytes));
    decoder.set_transformations(png::Transformations::EXPAND);
    let mut reader = decoder.read_info().unwrap();
    let mut buf = vec![0; reader.output_buffer_size().unwrap()];
    let info = reader.next_frame(&mut buf).unwrap();
    let side = (code.size() as u32 + 2 * QUIET_ZONE) * scale;
    assert_eq!((info.width, info.height), (side, side));
    assert_eq!(info.color_type, png::ColorType::Grayscale);
    assert_eq!(info.bit_depth, png::BitDepth::Eight);
    let pixels = &buf[..info.buffer_size()];
    assert_eq!(pixels, code.to_luma(scale, QUIET_ZONE).2.as_slice());

    let (meta, decoded) = decode_luma(info.width, info.height, pixels);
    assert_eq!(decoded, text);
    assert_eq!(meta.version.0, usize::from(code.version()));
}

#[test]
fn png_refuses_a_scale_out_of_range() {
    let code = QrCode::alphanumeric("VD1:", Ecc::M).unwrap();
    assert!(matches!(code.to_png(0), Err(QrError::Image(_))));
    assert!(matches!(code.to_png(MAX_SCALE + 1), Err(QrError::Image(_))));
    assert!(code.to_png(MAX_SCALE).is_ok());
}

#[test]
fn luma_has_a_light_quiet_zone_and_scaled_modules() {
    let code = QrCode::alphanumeric("VD1:ABC", Ecc::M).unwrap();
    let n = code.size();
    let (w, h, pixels) = code.to_luma(2, 4);
    assert_eq!((w as usize, h as usize), ((n + 8) * 2, (n + 8) * 2));
    let w = w as usize;
    for y in 0..h as usize {
        for x in 0..w {
            let (mx, my) = ((x / 2).wrapping_sub(4), (y / 2).wrapping_sub(4));
            let expected = if code.is_dark(mx, my) { 0 } else { 255 };
            assert_eq!(pixels[y * w + x], expected, "pixel ({x}, {y})");
        }
    }
    // Out-of-range parameters are clamped, and the size says so.
    let (w0, _, _) = code.to_luma(0, 0);
    assert_eq!(w0 as usize, n);
    let (wmax, _, big) = code.to_luma(u32::MAX, u32::MAX);
    let side = (n + 2 * MAX_QUIET as usize) * MAX_SCALE as usize;
    assert_eq!((wmax as usize, big.len()), (side, side * side));
}

#[test]
fn svg_is_one_path_that_redraws_the_modules() {
    let text = payload(200, 5);
    let code = QrCode::alphanumeric(&text, Ecc::Q).unwrap();
    let svg = code.to_svg();
    let side = code.size() + 8;
    assert!(svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""));
    assert!(svg.ends_with("</svg>"));
    assert!(svg.contains(&format!("viewBox=\"0 0 {side} {side}\"")));
    assert!(svg.contains("shape-rendering=\"crispEdges\""));
    assert_eq!(svg.matches("<path").count(), 1);

    // Rasterise the path (runs "M{x} {y}h{n}v1h-{n}z") and compare.
    let d = svg.split("d=\"").nth(1).unwrap().split('"').next().unwrap();
    let mut grid = vec![false; side * side];
    for rect in d.split('z').filter(|r| !r.is_empty()) {
        let (xy, rest) = rect.strip_prefix('M').unwrap().split_once('h').unwrap();
        let (x, y) = xy.split_once(' ').unwrap();
        let (x, y): (usize, usize) = (x.parse().unwrap(), y.parse().unwrap());
        let (run, back) = rest.split_once("v1h-").unwrap();
        assert_eq!(run, back);
        for dx in 0..run.parse::<usize>().unwrap() {
            assert!(!grid[y * side + x + dx], "overlapping runs");
            grid[y * side + x + dx] = true;
        }
    }
    for y in 0..side {
        for x in 0..side {
            let expected = code.is_dark(x.wrapping_sub(4), y.wrapping_sub(4));
            assert_eq!(grid[y * side + x], expected, "module ({x}, {y})");
        }
    }
    let scale = 3;
    let pixels: Vec<u8> = (0..side * scale)
        .flat_map(|py| (0..side * scale).map(move |px| (px / scale, py / scale)))
        .map(|(x, y)| if grid[y * side + x] { 0 } else { 255 })
        .collect();
    let px_side = (side * scale) as u32;
    assert_eq!(decode_luma(px_side, px_side, &pixels).1, text);
}

/// Reads terminal text back into the grid of painted (block) cells.
fn painted_cells(text: &str) -> Vec<Vec<bool>> {
    let mut rows = Vec::new();
    for line in text.split('\n') {
        let (top, bottom): (Vec<bool>, Vec<bool>) = line
            .chars()
            .map(|c| match c {
                '█' => (true, true),
                '▀' => (true, false),
                '▄' => (false, true),
                ' ' => (false, false),
                other => panic!("unexpected character {other:?}"),
            })
            .unzip();
        rows.push(top);
        rows.push(bottom);
    }
    rows
}

#[test]
fn terminal_has_the_expected_lines_and_width() {
    // 22 characters at M: version 2, 25 modules, 33 with the quiet zone.
    let code = QrCode::alphanumeric("VD1:6BFOXN*TS0BI$ZDFRH", Ecc::M).unwrap();
    assert_eq!(code.size(), 25);
    for theme in [TerminalTheme::Dark, TerminalTheme::Light] {
        let text = code.to_terminal_for(theme);
        assert!(!text.ends_with('\n'));
        let lines: Vec<&str> = text.split('\n').collect();
        assert_eq!(lines.len(), 17, "(25 + 8 + 1) / 2");
        assert!(lines.iter().all(|l| l.chars().count() == 33));
    }
    assert_eq!(
        code.to_terminal(),
        code.to_terminal_for(TerminalTheme::Dark)
    );
    // For a dark background, the quiet zone is drawn: every line starts and
    // ends with a full block, and the first two lines are solid.
    let text = code.to_terminal();
    assert!(
        text.split('\n')
            .all(|l| l.starts_with('█') && l.ends_with('█'))
    );
    assert!(
        text.split('\n')
            .take(2)
            .all(|l| l.chars().all(|c| c == '█'))
    );
}

/// Simulates both terminal themes pixel by pixel and decodes with rqrr:
/// drawn for its theme the code reads normally; shown on the other theme it
/// is the exact photographic negative, quiet zone included.
#[test]
fn terminal_rendering_scans_on_its_theme_and_is_a_clean_negative_on_the_other() {
    let text = payload(120, 6);
    let code = QrCode::alphanumeric(&text, Ecc::M).unwrap();
    let side = code.size() + 8;
    for theme in [TerminalTheme::Dark, TerminalTheme::Light] {
        let cells = painted_cells(&code.to_terminal_for(theme));
        assert_eq!(cells.len(), side + 1);
        // The padding half-line below the code is light too.
        let light_painted = theme == TerminalTheme::Dark;
        assert!(cells[side].iter().all(|&p| p == light_painted));
        for on_dark_background in [true, false] {
            // Painted cells take the foreground colour, the rest the background.
            let (fg, bg) = if on_dark_background {
                (230, 20)
            } else {
                (20, 230)
            };
            let scale = 3;
            let pixels: Vec<u8> = (0..(side + 1) * scale)
                .flat_map(|py| (0..side * scale).map(move |px| (px / scale, py / scale)))
                .map(|(x, y)| if cells[y][x] { fg } else { bg })
                .collect();
            let (w, h) = ((side * scale) as u32, ((side + 1) * scale) as u32);
            let matching = on_dark_background == (theme == TerminalTheme::Dark);
            let image = if matching {
                pixels
            } else {
                // Wrong theme: inverted. Undo it, as a reversal-aware scanner would.
                pixels.iter().map(|p| 250 - p).collect()
            };
            let (meta, decoded) = decode_luma(w, h, &image);
            assert_eq!(decoded, text);
            assert_eq!(meta.version.0, usize::from(code.version()));
        }
    }
}

#[test]
fn refuses_characters_outside_the_set() {
    assert_eq!(
        QrCode::alphanumeric("VD1:ABc", Ecc::M),
        Err(QrError::NotAlphanumeric { position: 6 })
    );
    assert_eq!(
        QrCode::alphanumeric("vd1:", Ecc::M),
        Err(QrError::NotAlphanumeric { position: 0 })
    );
    // Positions count characters, not bytes.
    assert_eq!(
        QrCode::alphanumeric("ĐĐ?", Ecc::M),
        Err(QrError::NotAlphanumeric { position: 0 })
    );
    assert_eq!(
        QrCode::alphanumeric("VĐ", Ecc::M),
        Err(QrError::NotAlphanumeric { position: 1 })
    );
    for bad in ["?", "=", "_", "\n", "#", "a"] {
        assert!(!is_alphanumeric(bad), "{bad:?}");
    }
    assert!(is_alphanumeric(CHARSET));
    assert!(is_alphanumeric(""));
}

#[test]
fn refuses_payloads_that_are_too_long() {
    let long = payload(5000, 8);
    for ecc in Ecc::ALL {
        assert_eq!(
            QrCode::alphanumeric(&long, ecc),
            Err(QrError::TooLong { chars: 5000 })
        );
    }
    let max_h = alphanumeric_capacity(40, Ecc::H);
    assert_eq!(
        QrCode::alphanumeric(&payload(max_h + 1, 9), Ecc::H),
        Err(QrError::TooLong { chars: max_h + 1 })
    );
    assert_eq!(
        QrCode::alphanumeric(&payload(max_h, 9), Ecc::H).map(|c| c.version()),
        Ok(40)
    );
    let err = QrError::TooLong { chars: 5000 }.to_string();
    assert!(err.contains("5000"), "{err}");
}

#[test]
fn ecc_parses_displays_and_defaults_to_m() {
    assert_eq!(Ecc::default(), Ecc::M);
    for ecc in Ecc::ALL {
        assert_eq!(ecc.to_string().parse::<Ecc>(), Ok(ecc));
        assert_eq!(ecc.as_str().to_lowercase().parse::<Ecc>(), Ok(ecc));
    }
    assert!("".parse::<Ecc>().is_err());
    assert!("X".parse::<Ecc>().is_err());
    assert!("MM".parse::<Ecc>().is_err());
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(32))]

    /// Any alphanumeric text up to ~600 characters encodes at its minimal
    /// version and reads back exactly.
    #[test]
    fn any_alphanumeric_text_round_trips(
        text in "[0-9A-Z $%*+./:-]{0,600}",
        level in 0usize..4,
    ) {
        let ecc = Ecc::ALL[level];
        let code = QrCode::alphanumeric(&text, ecc).unwrap();
        prop_assert_eq!(Some(code.version()), min_version(text.len(), ecc));
        let (w, h, pixels) = code.to_luma(2, QUIET_ZONE);
        let (meta, decoded) = decode_luma(w, h, &pixels);
        prop_assert_eq!(decoded, text);
        prop_assert_eq!(meta.version.0, usize::from(code.version()));
    }

    /// Text with any non-alphanumeric character is refused at its position.
    #[test]
    fn first_bad_character_is_reported(
        prefix in "[0-9A-Z $%*+./:-]{0,40}",
        bad in "[^0-9A-Z $%*+./:-]",
        suffix in ".{0,10}",
    ) {
        let text = format!("{prefix}{bad}{suffix}");
        prop_assert!(!is_alphanumeric(&text));
        prop_assert_eq!(
            QrCode::alphanumeric(&text, Ecc::M),
            Err(QrError::NotAlphanumeric { position: prefix.len() })
        );
    }
}
