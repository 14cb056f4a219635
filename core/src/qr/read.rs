//! Reading QR codes from a picture file: the desktop's stand-in for the
//! phone camera. [`read_image`] decodes a PNG or JPEG with the `image`
//! crate (those two formats only), turns it grey, finds every QR code in it
//! with `rqrr` and returns each code's text.
//!
//! The file is untrusted: it is refused before decoding when it is larger
//! than [`MAX_IMAGE_BYTES`] or declares more than [`MAX_IMAGE_PIXELS`]
//! (a decompression bomb declares a huge size in a small file), and no
//! input makes it panic.

use std::io::Cursor;
use std::panic::{AssertUnwindSafe, catch_unwind};

use image::{DynamicImage, ImageDecoder, ImageError, ImageFormat, ImageReader, Limits};

/// Largest picture file [`read_image`] reads, in bytes (20 MiB).
pub const MAX_IMAGE_BYTES: usize = 20 * 1024 * 1024;

/// Largest picture [`read_image`] decodes, in pixels (40 megapixels): more
/// than any phone camera's photo or screenshot.
pub const MAX_IMAGE_PIXELS: u64 = 40_000_000;

/// The most memory the image decoder may ask for (a 40-megapixel picture
/// with 16-bit RGBA samples is 320 MB).
const MAX_DECODER_ALLOC: u64 = 384 * 1024 * 1024;

/// Why [`read_image`] returned no text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, thiserror::Error)]
#[non_exhaustive]
pub enum QrReadError {
    /// The bytes are not a PNG or JPEG picture, or the picture is damaged.
    #[error("the file is not a PNG or JPEG picture, or the picture is damaged")]
    NotAnImage,
    /// The file is over [`MAX_IMAGE_BYTES`] or the picture over
    /// [`MAX_IMAGE_PIXELS`]; nothing was decoded.
    #[error("the picture is too large to read: at most 40 megapixels and 20 MB")]
    TooLarge,
    /// The picture holds no QR code that could be read.
    #[error("no QR code could be read in the picture")]
    NoCode,
}

/// The text of every QR code in a PNG or JPEG picture, in reading order
/// (rows from the top, then left to right within a row), each distinct
/// text once. Any text is returned, not only Vidi proofs: the caller
/// decides what it is.
///
/// Transparent pixels count as white, so a code drawn on a transparent
/// background reads as it shows. Codes drawn light on dark are not read.
///
/// # Errors
/// - [`QrReadError::TooLarge`] if `bytes` is longer than [`MAX_IMAGE_BYTES`]
///   or the picture's header declares more than [`MAX_IMAGE_PIXELS`]
///   (checked before any pixel is decoded);
/// - [`QrReadError::NotAnImage`] if `bytes` is not a PNG or JPEG file, or
///   is truncated or corrupt;
/// - [`QrReadError::NoCode`] if no QR code in the picture could be decoded.
pub fn read_image(bytes: &[u8]) -> Result<Vec<String>, QrReadError> {
    if bytes.len() > MAX_IMAGE_BYTES {
        return Err(QrReadError::TooLarge);
    }
    // `image` and `rqrr` are written not to panic on bad input; a crafted
    // file that finds a bug in either is still only a file we cannot read.
    let grey = catch_unwind(|| decode_grey(bytes)).unwrap_or(Err(QrReadError::NotAnImage))?;
    let texts = catch_unwind(AssertUnwindSafe(|| find_codes(&grey))).unwrap_or_default();
    if texts.is_empty() {
        Err(QrReadError::NoCode)
    } else {
        Ok(texts)
    }
}

/// An 8-bit grey picture: width, height, pixels row-major (0 black).
pub(super) struct Grey {
    width: usize,
    height: usize,
    pixels: Vec<u8>,
}

/// Decodes a PNG or JPEG into grey, refusing oversized pictures first.
pub(super) fn decode_grey(bytes: &[u8]) -> Result<Grey, QrReadError> {
    let reader = ImageReader::new(Cursor::new(bytes))
        .with_guessed_format()
        .map_err(|_| QrReadError::NotAnImage)?;
    if !matches!(reader.format(), Some(ImageFormat::Png | ImageFormat::Jpeg)) {
        return Err(QrReadError::NotAnImage);
    }
    let mut reader = reader;
    let mut limits = Limits::default();
    limits.max_alloc = Some(MAX_DECODER_ALLOC);
    reader.limits(limits);
    // Reads the header only: the size is known before any pixel is decoded.
    let decoder = reader.into_decoder().map_err(image_error)?;
    let (width, height) = decoder.dimensions();
    if u64::from(width) * u64::from(height) > MAX_IMAGE_PIXELS
        || decoder.total_bytes() > MAX_DECODER_ALLOC
    {
        return Err(QrReadError::TooLarge);
    }
    if width == 0 || height == 0 {
        return Err(QrReadError::NotAnImage);
    }
    let image = DynamicImage::from_decoder(decoder).map_err(image_error)?;
    let pixels = if image.color().has_alpha() {
        // Blend onto white: transparent pixels often hold black.
        image
            .into_luma_alpha8()
            .pixels()
            .map(|p| {
                let [luma, alpha] = p.0;
                let (luma, alpha) = (u16::from(luma), u16::from(alpha));
                // At most (255 * alpha + 255 * (255 - alpha)) / 255 = 255.
                u8::try_from((luma * alpha + 255 * (255 - alpha)) / 255).unwrap_or(u8::MAX)
            })
            .collect()
    } else {
        image.into_luma8().into_raw()
    };
    let (width, height) = (width as usize, height as usize);
    if pixels.len() != width * height {
        return Err(QrReadError::NotAnImage);
    }
    Ok(Grey {
        width,
        height,
        pixels,
    })
}

/// `image`'s error as ours: a refused size limit is too large, anything
/// else is a file we cannot read.
fn image_error(e: ImageError) -> QrReadError {
    match e {
        ImageError::Limits(_) => QrReadError::TooLarge,
        _ => QrReadError::NotAnImage,
    }
}

/// Every decodable code's text, in reading order, duplicates dropped.
pub(super) fn find_codes(grey: &Grey) -> Vec<String> {
    let Grey {
        width,
        height,
        pixels,
    } = grey;
    let mut prepared = rqrr::PreparedImage::prepare_from_greyscale(*width, *height, |x, y| {
        pixels.get(y * width + x).copied().unwrap_or(u8::MAX)
    });
    let mut found: Vec<(Bounds, String)> = prepared
        .detect_grids()
        .into_iter()
        .filter_map(|grid| {
            let bounds = Bounds::of(&grid.bounds);
            grid.decode().ok().map(|(_, text)| (bounds, text))
        })
        .collect();
    reading_order(&mut found);
    let mut texts: Vec<String> = Vec::with_capacity(found.len());
    for (_, text) in found {
        if !texts.contains(&text) {
            texts.push(text);
        }
    }
    texts
}

/// A code's axis-aligned bounding box, in pixels.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Bounds {
    left: i32,
    top: i32,
    right: i32,
    bottom: i32,
}

impl Bounds {
    fn of(corners: &[rqrr::Point; 4]) -> Self {
        let xs = corners.iter().map(|p| p.x);
        let ys = corners.iter().map(|p| p.y);
        Self {
            left: xs.clone().min().unwrap_or(0),
            right: xs.max().unwrap_or(0),
            top: ys.clone().min().unwrap_or(0),
            bottom: ys.max().unwrap_or(0),
        }
    }

    fn middle_y(self) -> i32 {
        self.top + (self.bottom - self.top) / 2
    }
}

/// Sorts codes as a page is read: a code whose vertical middle lies within
/// the first code of the current row belongs to that row; rows go from the
/// top, codes within a row from the left.
fn reading_order<T>(codes: &mut [(Bounds, T)]) {
    codes.sort_by_key(|(b, _)| (b.top, b.left));
    let mut start = 0;
    while start < codes.len() {
        let first = codes[start].0;
        let end = codes[start..]
            .iter()
            .position(|(b, _)| b.middle_y() > first.bottom)
            .map_or(codes.len(), |n| start + n);
        codes[start..end].sort_by_key(|(b, _)| b.left);
        start = end;
    }
}
