//! QR codes read from a picture file: what the desktop app opens in place
//! of the phone camera.

use vidi_core::qr;

use crate::error::VidiError;

/// The text of every QR code in a PNG or JPEG picture (the file's bytes),
/// in reading order (rows from the top, left to right), each distinct text
/// once; any text, not only proofs. Found nothing is
/// `VidiError::QrImage` whose `problem` is `NotAnImage` (not PNG or JPEG,
/// or damaged), `TooLarge` (over 20 MB or 40 megapixels, refused before
/// decoding) or `NoCode` (a picture without a readable code).
#[uniffi::export]
pub fn read_qr_image(bytes: Vec<u8>) -> Result<Vec<String>, VidiError> {
    Ok(qr::read_image(&bytes)?)
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::panic)]
mod tests {
    use super::*;
    use crate::error::QrImageProblem;
    use vidi_core::qr::{Ecc, QrCode};

    fn problem(bytes: &[u8]) -> (QrImageProblem, String) {
        match read_qr_image(bytes.to_vec()) {
            Err(VidiError::QrImage { problem, reason }) => (problem, reason),
            other => panic!("expected a QrImage error, got {other:?}"),
        }
    }

    #[test]
    fn a_code_s_png_gives_its_text() {
        let text = "VD1:FFI READ TEST";
        let png = QrCode::alphanumeric(text, Ecc::M)
            .unwrap()
            .to_png(4)
            .unwrap();
        assert_eq!(read_qr_image(png).unwrap(), [text]);
    }

    #[test]
    fn each_problem_is_its_own_case_with_words() {
        let (kind, reason) = problem(b"not a picture");
        assert_eq!(kind, QrImageProblem::NotAnImage);
        assert_eq!(
            reason,
            "the file is not a PNG or JPEG picture, or the picture is damaged"
        );

        let png = QrCode::alphanumeric("VD1:X", Ecc::M)
            .unwrap()
            .to_png(2)
            .unwrap();
        let (kind, _) = problem(&png[..png.len() / 2]);
        assert_eq!(kind, QrImageProblem::NotAnImage);

        let blank = blank_png(64, 64);
        let (kind, reason) = problem(&blank);
        assert_eq!(kind, QrImageProblem::NoCode);
        assert_eq!(reason, "no QR code could be read in the picture");

        let (kind, _) = problem(&vec![0u8; qr::MAX_IMAGE_BYTES + 1]);
        assert_eq!(kind, QrImageProblem::TooLarge);
    }

    /// A white 8-bit grey PNG of `width` × `height`.
    fn blank_png(width: u32, height: u32) -> Vec<u8> {
        let mut out = Vec::new();
        let mut encoder = png::Encoder::new(&mut out, width, height);
        encoder.set_color(png::ColorType::Grayscale);
        encoder.set_depth(png::BitDepth::Eight);
        let mut writer = encoder.write_header().unwrap();
        writer
            .write_image_data(&vec![255; (width * height) as usize])
            .unwrap();
        writer.finish().unwrap();
        out
    }
}
