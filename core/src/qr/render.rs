//! Renderings of a [`QrCode`]: terminal text, SVG, grey bitmap, PNG.

use std::fmt::Write as _;

use super::{QrCode, QrError};

/// Width of the light margin (quiet zone) the standard asks for around the
/// symbol, in modules. [`QrCode::to_terminal`], [`QrCode::to_svg`] and
/// [`QrCode::to_png`] all draw it.
pub const QUIET_ZONE: u32 = 4;

/// Largest pixels-per-module factor accepted by [`QrCode::to_luma`] and
/// [`QrCode::to_png`]; a version-40 code at this scale is 5 952 pixels wide.
pub const MAX_SCALE: u32 = 32;

/// Largest quiet zone, in modules, accepted by [`QrCode::to_luma`].
pub const MAX_QUIET: u32 = 16;

/// The background of the terminal a code is printed on, which decides what
/// the printed block characters stand for.
///
/// Plain text cannot pick its own colours: glyphs are drawn in the
/// terminal's foreground colour on its background colour, so whichever way
/// the code is drawn, one of the two themes shows it with light and dark
/// swapped. Drawing for the wrong theme therefore gives an inverted code
/// (light modules on a dark quiet zone), which only scanners that handle
/// reflectance reversal read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum TerminalTheme {
    /// Light text on a dark background (the default): the block characters
    /// paint the *light* modules and the quiet zone, dark modules are
    /// spaces showing the background.
    #[default]
    Dark,
    /// Dark text on a light background: the block characters paint the
    /// *dark* modules; light modules and the quiet zone are spaces.
    Light,
}

impl QrCode {
    /// Whether the module at `(x, y)` of the symbol surrounded by a quiet
    /// zone of `quiet` modules is dark.
    fn is_dark_with_margin(&self, x: usize, y: usize, quiet: usize) -> bool {
        x >= quiet && y >= quiet && self.is_dark(x - quiet, y - quiet)
    }

    /// The code as text for a terminal with a dark background (light text):
    /// the same as [`QrCode::to_terminal_for`]`(TerminalTheme::Dark)`.
    ///
    /// Each character is one module wide and two modules tall (`▀`, `▄`,
    /// `█` or a space), with a 4-module quiet zone drawn in block
    /// characters, so the code carries its own light margin and every line
    /// starts and ends with a block, which survives trimming of trailing
    /// spaces. Lines are separated by `\n`, with no newline after the last.
    /// On a light-background terminal the same text shows an inverted code;
    /// use [`TerminalTheme::Light`] there.
    #[must_use]
    pub fn to_terminal(&self) -> String {
        self.to_terminal_for(TerminalTheme::Dark)
    }

    /// The code as Unicode half-block text for a terminal whose background
    /// is `theme`; see [`QrCode::to_terminal`] and [`TerminalTheme`].
    ///
    /// The output has `size + 8` characters per line and
    /// `(size + 9) / 2` lines: the bottom quiet zone gets half a line extra
    /// because the module count is odd.
    #[must_use]
    pub fn to_terminal_for(&self, theme: TerminalTheme) -> String {
        let quiet = QUIET_ZONE as usize;
        let width = self.size + 2 * quiet;
        let lines = width.div_ceil(2);
        // Block elements are 3 bytes in UTF-8, plus a newline per line.
        let mut out = String::with_capacity(lines * (3 * width + 1));
        let painted = |x, y| match theme {
            TerminalTheme::Dark => !self.is_dark_with_margin(x, y, quiet),
            TerminalTheme::Light => self.is_dark_with_margin(x, y, quiet),
        };
        for line in 0..lines {
            if line > 0 {
                out.push('\n');
            }
            let (top, bottom) = (2 * line, 2 * line + 1);
            for x in 0..width {
                out.push(match (painted(x, top), painted(x, bottom)) {
                    (true, true) => '█',
                    (true, false) => '▀',
                    (false, true) => '▄',
                    (false, false) => ' ',
                });
            }
        }
        out
    }

    /// The code as a standalone SVG document: a white square with a
    /// 4-module quiet zone and one black `<path>` for the dark modules
    /// (one rectangle per horizontal run), in a `viewBox` measured in
    /// modules, with `shape-rendering="crispEdges"`. It has no `width` or
    /// `height`, so it scales to whatever box it is placed in.
    #[must_use]
    pub fn to_svg(&self) -> String {
        let quiet = QUIET_ZONE as usize;
        let side = self.size + 2 * quiet;
        let mut path = String::with_capacity(self.modules.len() * 4);
        for (y, row) in self.modules.chunks_exact(self.size.max(1)).enumerate() {
            let mut x = 0;
            while x < row.len() {
                let run = row.iter().skip(x).take_while(|&&dark| dark).count();
                if run > 0 {
                    // Writing to a String cannot fail.
                    let _ = write!(path, "M{} {}h{run}v1h-{run}z", x + quiet, y + quiet);
                    x += run;
                } else {
                    x += 1;
                }
            }
        }
        format!(
            "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {side} {side}\" \
             shape-rendering=\"crispEdges\">\
             <rect width=\"{side}\" height=\"{side}\" fill=\"#fff\"/>\
             <path fill=\"#000\" d=\"{path}\"/></svg>"
        )
    }

    /// The code as an 8-bit grey bitmap: `(width, height, pixels)`, pixels
    /// row-major from the top-left, 0 for dark and 255 for light.
    ///
    /// Each module is `scale` × `scale` pixels and the symbol is surrounded
    /// by a light quiet zone of `quiet` modules (the standard asks for
    /// [`QUIET_ZONE`]). `scale` is clamped to `1..=MAX_SCALE` and `quiet` to
    /// at most [`MAX_QUIET`]; the returned width and height are those of the
    /// image actually drawn, `(size + 2 * quiet) * scale` each.
    #[must_use]
    pub fn to_luma(&self, scale: u32, quiet: u32) -> (u32, u32, Vec<u8>) {
        let scale = scale.clamp(1, MAX_SCALE) as usize;
        let quiet = quiet.min(MAX_QUIET) as usize;
        let side = (self.size + 2 * quiet) * scale;
        let mut pixels = vec![u8::MAX; side * side];
        if self.size > 0 {
            // One band of `scale` pixel rows per module row, after the quiet zone.
            let bands = pixels.chunks_exact_mut(side * scale).skip(quiet);
            for (band, row) in bands.zip(self.modules.chunks_exact(self.size)) {
                let mut lines = band.chunks_exact_mut(side);
                let Some(first) = lines.next() else { continue };
                let cells = first.chunks_exact_mut(scale).skip(quiet);
                for (cell, &dark) in cells.zip(row) {
                    if dark {
                        cell.fill(0);
                    }
                }
                for line in lines {
                    line.copy_from_slice(first);
                }
            }
        }
        // At most (177 + 2 * 16) * 32 = 6 688, which fits in a u32.
        let side_px = side as u32;
        (side_px, side_px, pixels)
    }

    /// The code as a PNG file: 1-bit greyscale, `scale` pixels per module,
    /// with the standard 4-module quiet zone.
    ///
    /// # Errors
    /// [`QrError::Image`] if `scale` is outside `1..=MAX_SCALE` or the PNG
    /// encoder fails.
    pub fn to_png(&self, scale: u32) -> Result<Vec<u8>, QrError> {
        if !(1..=MAX_SCALE).contains(&scale) {
            return Err(QrError::Image(format!(
                "scale {scale} is outside 1..={MAX_SCALE}"
            )));
        }
        let (width, height, pixels) = self.to_luma(scale, QUIET_ZONE);
        let row_px = width as usize;
        let stride = row_px.div_ceil(8);
        let mut packed = vec![0u8; stride * height as usize];
        for (src, dst) in pixels
            .chunks_exact(row_px)
            .zip(packed.chunks_exact_mut(stride))
        {
            for (byte, eight) in dst.iter_mut().zip(src.chunks(8)) {
                // Most significant bit first; 1 is white in 1-bit greyscale.
                *byte = eight
                    .iter()
                    .enumerate()
                    .filter(|&(_, &p)| p != 0)
                    .fold(0, |acc, (i, _)| acc | (0x80 >> i));
            }
        }

        let image_error = |e: png::EncodingError| QrError::Image(e.to_string());
        let mut out = Vec::new();
        let mut encoder = png::Encoder::new(&mut out, width, height);
        encoder.set_color(png::ColorType::Grayscale);
        encoder.set_depth(png::BitDepth::One);
        let mut writer = encoder.write_header().map_err(image_error)?;
        writer.write_image_data(&packed).map_err(image_error)?;
        writer.finish().map_err(image_error)?;
        Ok(out)
    }
}
