//! QR codes of offer links. A link holds lowercase letters and `?&=`, which
//! the QR alphanumeric set core's `QrCode` encodes does not, so this is
//! byte mode (ISO/IEC 18004 8-bit), by the `fast_qr` encoder core also uses,
//! drawn as SVG and 1-bit PNG the way core draws its codes.

use std::fmt::Write as _;

use fast_qr::qr::QRBuilder;
use fast_qr::{ECL, Mode};

use crate::error::{Error, Result};

/// Modules of light margin around the symbol (the standard's quiet zone).
const QUIET: usize = 4;
/// PNG pixels per module.
const SCALE: usize = 6;

/// A QR code's modules, row by row, `true` for dark.
pub struct OfferQr {
    size: usize,
    modules: Vec<bool>,
}

impl OfferQr {
    /// Encodes `text` in byte mode at error correction M, at the smallest
    /// version that holds it.
    pub fn encode(text: &str) -> Result<Self> {
        let qr = QRBuilder::new(text.as_bytes())
            .mode(Mode::Byte)
            .ecl(ECL::M)
            .build()
            .map_err(|e| {
                Error::invalid_request(format!("the offer link does not fit in a QR code: {e}"))
            })?;
        let size = qr.size;
        let modules = qr
            .data
            .get(..size * size)
            .ok_or_else(|| Error::internal("QR module matrix too short"))?
            .iter()
            .map(|m| m.value())
            .collect();
        Ok(Self { size, modules })
    }

    /// Modules per side, quiet zone excluded.
    pub fn size(&self) -> usize {
        self.size
    }

    fn rows(&self) -> impl Iterator<Item = &[bool]> {
        self.modules.chunks_exact(self.size.max(1))
    }

    /// A standalone SVG, one rectangle per run of dark modules, scaling to
    /// its box.
    pub fn to_svg(&self) -> String {
        let side = self.size + 2 * QUIET;
        let mut path = String::new();
        for (y, row) in self.rows().enumerate() {
            let mut x = 0;
            while x < row.len() {
                let run = row.iter().skip(x).take_while(|&&dark| dark).count();
                if run > 0 {
                    // Writing to a String cannot fail.
                    let _ = write!(path, "M{} {}h{run}v1h-{run}z", x + QUIET, y + QUIET);
                    x += run;
                } else {
                    x += 1;
                }
            }
        }
        format!(
            "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {side} {side}\" \
             shape-rendering=\"crispEdges\"><rect width=\"{side}\" height=\"{side}\" \
             fill=\"#fff\"/><path fill=\"#000\" d=\"{path}\"/></svg>"
        )
    }

    /// A 1-bit greyscale PNG, [`SCALE`] pixels per module.
    pub fn to_png(&self) -> Result<Vec<u8>> {
        let side = (self.size + 2 * QUIET) * SCALE;
        let stride = side.div_ceil(8);
        // 1 is white in 1-bit greyscale: start all white, clear dark pixels.
        let mut packed = vec![0xffu8; stride * side];
        for (y, row) in self.rows().enumerate() {
            for (x, _) in row.iter().enumerate().filter(|(_, dark)| **dark) {
                for py in (y + QUIET) * SCALE..(y + QUIET + 1) * SCALE {
                    for px in (x + QUIET) * SCALE..(x + QUIET + 1) * SCALE {
                        if let Some(byte) = packed.get_mut(py * stride + px / 8) {
                            *byte &= !(0x80 >> (px % 8));
                        }
                    }
                }
            }
        }
        let side_px = u32::try_from(side).map_err(Error::internal)?;
        let mut out = Vec::new();
        let mut encoder = png::Encoder::new(&mut out, side_px, side_px);
        encoder.set_color(png::ColorType::Grayscale);
        encoder.set_depth(png::BitDepth::One);
        let mut writer = encoder.write_header().map_err(Error::internal)?;
        writer.write_image_data(&packed).map_err(Error::internal)?;
        writer.finish().map_err(Error::internal)?;
        Ok(out)
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn png_reads_back_and_svg_has_runs() {
        let link = "openid-credential-offer://?credential_offer_uri=http%3A%2F%2F10.0.2.2%3A8080%2Foffers%2Fabc";
        let qr = OfferQr::encode(link).unwrap();
        let png = qr.to_png().unwrap();
        let decoder = png::Decoder::new(std::io::Cursor::new(png));
        let mut reader = decoder.read_info().unwrap();
        let mut buf = vec![0; reader.output_buffer_size().unwrap()];
        let info = reader.next_frame(&mut buf).unwrap();
        assert_eq!(info.width as usize, (qr.size() + 8) * SCALE);
        // Top-left finder pattern: dark at the first module after the quiet zone.
        let px = QUIET * SCALE;
        let byte = buf[px * info.line_size + px / 8];
        assert_eq!(byte & (0x80 >> (px % 8)), 0);
        assert!(qr.to_svg().starts_with("<svg"));
    }
}
