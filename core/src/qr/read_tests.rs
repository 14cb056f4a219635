//! Tests of [`read_image`]: codes drawn by this module's writer (and one by
//! an independent encoder, segno) are read back from PNG and JPEG files,
//! and bad files are refused with the right error, never a panic.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::io::Cursor;

use image::{GrayImage, ImageFormat, Luma, Rgba, RgbaImage};

use super::read::{decode_grey, find_codes};
use super::*;
use crate::preset::Preset;
use crate::sample::sample_proof;

/// `text` drawn by [`QrCode`] at `scale` pixels per module, with the
/// standard quiet zone, as a grey image.
fn code_image(text: &str, scale: u32) -> GrayImage {
    let code = QrCode::alphanumeric(text, Ecc::M).unwrap();
    let (w, h, pixels) = code.to_luma(scale, QUIET_ZONE);
    GrayImage::from_raw(w, h, pixels).unwrap()
}

/// A white canvas with each image pasted at its top-left corner.
fn canvas(width: u32, height: u32, placed: &[(&GrayImage, u32, u32)]) -> GrayImage {
    let mut out = GrayImage::from_pixel(width, height, Luma([255]));
    for &(image, x, y) in placed {
        image::imageops::replace(&mut out, image, i64::from(x), i64::from(y));
    }
    out
}

fn encode(image: &GrayImage, format: ImageFormat) -> Vec<u8> {
    let mut out = Cursor::new(Vec::new());
    image.write_to(&mut out, format).unwrap();
    out.into_inner()
}

fn png(image: &GrayImage) -> Vec<u8> {
    encode(image, ImageFormat::Png)
}

fn jpeg(image: &GrayImage) -> Vec<u8> {
    encode(image, ImageFormat::Jpeg)
}

/// One PNG chunk: length, type, data, CRC.
fn png_chunk(kind: &[u8; 4], data: &[u8]) -> Vec<u8> {
    let mut body = kind.to_vec();
    body.extend_from_slice(data);
    let mut crc = flate2::Crc::new();
    crc.update(&body);
    let mut out = u32::try_from(data.len()).unwrap().to_be_bytes().to_vec();
    out.extend_from_slice(&body);
    out.extend_from_slice(&crc.sum().to_be_bytes());
    out
}

/// A decompression bomb: a PNG declaring `width` × `height` 8-bit grey
/// pixels, whose one IDAT chunk is a megabyte of zeros deflated to about a
/// kilobyte (the stream stops there; a decoder that went on would need
/// `width * height` bytes before finding out).
fn png_bomb(width: u32, height: u32) -> Vec<u8> {
    use std::io::Write as _;
    let mut ihdr = width.to_be_bytes().to_vec();
    ihdr.extend_from_slice(&height.to_be_bytes());
    // Bit depth 8, colour type 0 (grey), deflate, adaptive filter, no interlace.
    ihdr.extend_from_slice(&[8, 0, 0, 0, 0]);
    let mut zlib = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::best());
    zlib.write_all(&vec![0u8; 1 << 20]).unwrap();
    let idat = zlib.finish().unwrap();
    let mut out = b"\x89PNG\r\n\x1a\n".to_vec();
    out.extend(png_chunk(b"IHDR", &ihdr));
    out.extend(png_chunk(b"IDAT", &idat));
    out
}

const TEXT: &str = "VD1:READ-IMAGE TEST 0123456789";

#[test]
fn a_png_drawn_by_the_writer_reads_back() {
    let bytes = png(&code_image(TEXT, 4));
    assert_eq!(read_image(&bytes).unwrap(), [TEXT]);
}

#[test]
fn the_writer_s_own_one_bit_png_reads_back() {
    let bytes = QrCode::alphanumeric(TEXT, Ecc::M)
        .unwrap()
        .to_png(3)
        .unwrap();
    assert_eq!(read_image(&bytes).unwrap(), [TEXT]);
}

#[test]
fn a_jpeg_drawn_by_the_writer_reads_back() {
    let bytes = jpeg(&code_image(TEXT, 5));
    assert_eq!(&bytes[..2], b"\xff\xd8", "a JPEG file");
    assert_eq!(read_image(&bytes).unwrap(), [TEXT]);
}

#[test]
fn a_colour_jpeg_with_the_code_off_centre_reads_back() {
    let code = code_image(TEXT, 4);
    let grey = canvas(640, 480, &[(&code, 300, 150)]);
    // Grey to blue-ish RGB: the reader turns it grey again.
    let rgb = image::RgbImage::from_fn(640, 480, |x, y| {
        let l = grey.get_pixel(x, y).0[0];
        image::Rgb([l / 2, l / 2, l])
    });
    let mut bytes = Cursor::new(Vec::new());
    rgb.write_to(&mut bytes, ImageFormat::Jpeg).unwrap();
    assert_eq!(read_image(bytes.get_ref()).unwrap(), [TEXT]);
}

#[test]
fn a_checkpoint_proof_reads_back_from_png_and_jpeg() {
    let now = time::macros::datetime!(2026-06-01 08:00 UTC);
    let proof = sample_proof(Preset::CheckpointId, 1, now).unwrap();
    let code = QrCode::alphanumeric(&proof, Ecc::M).unwrap();
    assert!(code.version() >= 5, "a real proof is a large code");
    assert_eq!(
        read_image(&code.to_png(4).unwrap()).unwrap(),
        [proof.as_str()]
    );
    let (w, h, pixels) = code.to_luma(4, QUIET_ZONE);
    let grey = GrayImage::from_raw(w, h, pixels).unwrap();
    assert_eq!(read_image(&jpeg(&grey)).unwrap(), [proof.as_str()]);
}

#[test]
fn two_codes_side_by_side_give_both_left_first() {
    let (left, right) = ("VD1:LEFT", "VD1:RIGHT 2");
    let (a, b) = (code_image(left, 4), code_image(right, 4));
    // The right-hand code sits a little higher: still the same row.
    let image = canvas(400, 200, &[(&a, 10, 40), (&b, 210, 20)]);
    assert_eq!(read_image(&png(&image)).unwrap(), [left, right]);
    assert_eq!(read_image(&jpeg(&image)).unwrap(), [left, right]);
}

#[test]
fn codes_come_in_reading_order_rows_first() {
    let texts = ["ROW 1 LEFT", "ROW 1 RIGHT", "ROW 2 LEFT", "ROW 2 RIGHT"];
    let codes: Vec<GrayImage> = texts.iter().map(|t| code_image(t, 3)).collect();
    // Placed out of order on purpose, with the rows' codes at uneven heights.
    let image = canvas(
        300,
        300,
        &[
            (&codes[3], 160, 170),
            (&codes[0], 10, 15),
            (&codes[2], 10, 160),
            (&codes[1], 160, 5),
        ],
    );
    assert_eq!(read_image(&png(&image)).unwrap(), texts);
}

#[test]
fn the_same_code_twice_is_given_once() {
    let code = code_image(TEXT, 3);
    let other = code_image("VD1:OTHER", 3);
    let image = canvas(
        500,
        200,
        &[(&code, 0, 10), (&other, 170, 10), (&code, 340, 10)],
    );
    assert_eq!(read_image(&png(&image)).unwrap(), [TEXT, "VD1:OTHER"]);
}

#[test]
fn a_code_on_a_transparent_background_reads_as_it_shows() {
    // Black modules on fully transparent *black*: dropping the alpha
    // channel would make the whole picture black.
    let code = code_image(TEXT, 4);
    let rgba = RgbaImage::from_fn(code.width(), code.height(), |x, y| {
        if code.get_pixel(x, y).0[0] == 0 {
            Rgba([0, 0, 0, 255])
        } else {
            Rgba([0, 0, 0, 0])
        }
    });
    let mut bytes = Cursor::new(Vec::new());
    rgba.write_to(&mut bytes, ImageFormat::Png).unwrap();
    assert_eq!(read_image(bytes.get_ref()).unwrap(), [TEXT]);
}

/// Made once with segno 1.6.1 (tests/interop's version), an encoder
/// independent of ours, byte mode with lowercase text:
/// `segno.make_qr("https://example.invalid/offer?code=Vidi-42", error="m",
/// boost_error=False).save("segno-url.png", scale=4, border=4)`
#[test]
fn a_png_made_by_segno_reads_back() {
    let bytes = include_bytes!("testdata/segno-url.png");
    assert_eq!(
        read_image(bytes).unwrap(),
        ["https://example.invalid/offer?code=Vidi-42"]
    );
}

/// Made once with segno 1.6.1: a 1-bit grey PNG whose light modules are
/// transparent (tRNS):
/// `segno.make_qr("VD1:SEGNO-TRANSPARENT 123", error="q", mode="alphanumeric",
/// boost_error=False).save("segno-transparent.png", scale=3, border=4, light=None)`
#[test]
fn a_transparent_png_made_by_segno_reads_back() {
    let bytes = include_bytes!("testdata/segno-transparent.png");
    assert_eq!(read_image(bytes).unwrap(), ["VD1:SEGNO-TRANSPARENT 123"]);
}

#[test]
fn a_blank_picture_has_no_code() {
    let blank = GrayImage::from_pixel(320, 240, Luma([255]));
    assert_eq!(read_image(&png(&blank)), Err(QrReadError::NoCode));
    assert_eq!(read_image(&jpeg(&blank)), Err(QrReadError::NoCode));
    let black = GrayImage::from_pixel(1, 1, Luma([0]));
    assert_eq!(read_image(&png(&black)), Err(QrReadError::NoCode));
}

#[test]
fn a_code_with_its_middle_torn_out_is_no_code() {
    let mut image = code_image(TEXT, 4);
    let (w, h) = image.dimensions();
    for y in h / 2 - 30..h / 2 + 30 {
        for x in 16..w - 16 {
            image.put_pixel(x, y, Luma([255]));
        }
    }
    assert_eq!(read_image(&png(&image)), Err(QrReadError::NoCode));
}

#[test]
fn what_is_not_a_png_or_jpeg_is_not_an_image() {
    for bytes in [
        &b""[..],
        b"VD1:6BFOXN*TS0BI$ZDFRH",
        b"GIF89a\x01\x00\x01\x00\x00\x00\x00;",
        b"BM\x1e\x00\x00\x00\x00\x00\x00\x00\x1a\x00\x00\x00",
        b"\x89PNG\r\n\x1a\n",
        b"\xff\xd8\xff",
    ] {
        assert_eq!(read_image(bytes), Err(QrReadError::NotAnImage), "{bytes:?}");
    }
    // A real picture in a format the reader is not built for.
    let mut gif = Vec::new();
    gif.extend_from_slice(b"GIF89a");
    gif.extend_from_slice(&png(&code_image(TEXT, 2))[8..]);
    assert_eq!(read_image(&gif), Err(QrReadError::NotAnImage));
    // A zero-sized PNG is refused rather than searched.
    assert_eq!(read_image(&png_bomb(0, 10)), Err(QrReadError::NotAnImage));
}

#[test]
fn every_truncated_png_is_not_an_image() {
    let bytes = png(&code_image(TEXT, 2));
    // Cut anywhere before the 12-byte IEND chunk, pixels are missing. Cut
    // inside it, they are all there and the decoder may or may not insist
    // on the end marker: either answer will do, but nothing else.
    let iend = bytes.len() - 12;
    assert_eq!(&bytes[iend + 4..iend + 8], b"IEND");
    for len in 0..iend {
        assert_eq!(
            read_image(&bytes[..len]),
            Err(QrReadError::NotAnImage),
            "first {len} of {} bytes",
            bytes.len()
        );
    }
    for len in iend..bytes.len() {
        match read_image(&bytes[..len]) {
            Ok(texts) => assert_eq!(texts, [TEXT]),
            Err(e) => assert_eq!(e, QrReadError::NotAnImage),
        }
    }
}

#[test]
fn truncated_jpegs_are_refused_or_read_without_panicking() {
    // A JPEG cut short may still decode (its missing blocks grey), so the
    // only promise is an answer; the header alone is never an image.
    let bytes = jpeg(&code_image(TEXT, 3));
    for len in (0..bytes.len()).step_by(7) {
        let _ = read_image(&bytes[..len]);
    }
    assert_eq!(read_image(&bytes[..20]), Err(QrReadError::NotAnImage));
}

/// Garbled files: random bytes overwritten, inserted and deleted in a PNG
/// and a JPEG. No input may panic; the decoding steps are called directly
/// here, so a panic the reader would catch still fails the test.
#[test]
fn garbled_files_never_panic() {
    let image = code_image(TEXT, 2);
    let mut state = 0x2545_F491_4F6C_DD1Du64;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    for original in [png(&image), jpeg(&image)] {
        for round in 0..300 {
            let mut bytes = original.clone();
            let edits = 1 + next() % 8;
            for _ in 0..edits {
                let at = (next() as usize) % bytes.len();
                match next() % 3 {
                    0 => bytes[at] = next() as u8,
                    1 => bytes.insert(at, next() as u8),
                    _ => {
                        bytes.remove(at);
                    }
                }
            }
            if round % 10 == 0 {
                let keep = (next() as usize) % bytes.len();
                bytes.truncate(keep);
            }
            if let Ok(grey) = decode_grey(&bytes) {
                let _ = find_codes(&grey);
            }
            let _ = read_image(&bytes);
        }
    }
}

#[test]
fn a_huge_declared_size_is_too_large_before_decoding() {
    // 100 000 × 100 000 grey pixels would be 10 GB; the file is about 1 kB.
    let bomb = png_bomb(100_000, 100_000);
    assert!(bomb.len() < 4096, "{} bytes", bomb.len());
    assert_eq!(read_image(&bomb), Err(QrReadError::TooLarge));
    // Just over the limit in pixels: 8 000 × 5 001 (40 MB, under the
    // decoder's own memory limit, so this is the pixel count's refusal).
    const { assert!(8_000 * 5_001 > MAX_IMAGE_PIXELS) };
    assert_eq!(
        read_image(&png_bomb(8_000, 5_001)),
        Err(QrReadError::TooLarge)
    );
    // The widest PNG there can be, one row high.
    assert_eq!(
        read_image(&png_bomb(0x7fff_ffff, 1)),
        Err(QrReadError::TooLarge)
    );
    // At the limit, the same bomb is decoded: its pixel data runs out.
    assert_eq!(
        read_image(&png_bomb(8_000, 5_000)),
        Err(QrReadError::NotAnImage)
    );
}

#[test]
fn a_file_over_twenty_megabytes_is_too_large() {
    let mut bytes = png(&code_image(TEXT, 2));
    bytes.resize(MAX_IMAGE_BYTES + 1, 0);
    assert_eq!(read_image(&bytes), Err(QrReadError::TooLarge));
}

#[test]
fn errors_are_plain_words() {
    assert_eq!(
        QrReadError::NotAnImage.to_string(),
        "the file is not a PNG or JPEG picture, or the picture is damaged"
    );
    assert_eq!(
        QrReadError::TooLarge.to_string(),
        "the picture is too large to read: at most 40 megapixels and 20 MB"
    );
    assert_eq!(
        QrReadError::NoCode.to_string(),
        "no QR code could be read in the picture"
    );
}
