//! VISCII (RFC 1456), the 8-bit Vietnamese character set: printable ASCII
//! plus all 134 precomposed Vietnamese letters in one byte each. Proof
//! format 2 sends names and places in it (`docs/proof-format.md`, "Compact
//! text"), where UTF-8 takes two or three bytes for most Vietnamese letters.

/// Bytes 0x80-0xFF.
const HIGH: [char; 128] = [
    '\u{1EA0}', '\u{1EAE}', '\u{1EB0}', '\u{1EB6}', '\u{1EA4}', '\u{1EA6}', '\u{1EA8}', '\u{1EAC}',
    '\u{1EBC}', '\u{1EB8}', '\u{1EBE}', '\u{1EC0}', '\u{1EC2}', '\u{1EC4}', '\u{1EC6}', '\u{1ED0}',
    '\u{1ED2}', '\u{1ED4}', '\u{1ED6}', '\u{1ED8}', '\u{1EE2}', '\u{1EDA}', '\u{1EDC}', '\u{1EDE}',
    '\u{1ECA}', '\u{1ECE}', '\u{1ECC}', '\u{1EC8}', '\u{1EE6}', '\u{0168}', '\u{1EE4}', '\u{1EF2}',
    '\u{00D5}', '\u{1EAF}', '\u{1EB1}', '\u{1EB7}', '\u{1EA5}', '\u{1EA7}', '\u{1EA9}', '\u{1EAD}',
    '\u{1EBD}', '\u{1EB9}', '\u{1EBF}', '\u{1EC1}', '\u{1EC3}', '\u{1EC5}', '\u{1EC7}', '\u{1ED1}',
    '\u{1ED3}', '\u{1ED5}', '\u{1ED7}', '\u{1EE0}', '\u{01A0}', '\u{1ED9}', '\u{1EDD}', '\u{1EDF}',
    '\u{1ECB}', '\u{1EF0}', '\u{1EE8}', '\u{1EEA}', '\u{1EEC}', '\u{01A1}', '\u{1EDB}', '\u{01AF}',
    '\u{00C0}', '\u{00C1}', '\u{00C2}', '\u{00C3}', '\u{1EA2}', '\u{0102}', '\u{1EB3}', '\u{1EB5}',
    '\u{00C8}', '\u{00C9}', '\u{00CA}', '\u{1EBA}', '\u{00CC}', '\u{00CD}', '\u{0128}', '\u{1EF3}',
    '\u{0110}', '\u{1EE9}', '\u{00D2}', '\u{00D3}', '\u{00D4}', '\u{1EA1}', '\u{1EF7}', '\u{1EEB}',
    '\u{1EED}', '\u{00D9}', '\u{00DA}', '\u{1EF9}', '\u{1EF5}', '\u{00DD}', '\u{1EE1}', '\u{01B0}',
    '\u{00E0}', '\u{00E1}', '\u{00E2}', '\u{00E3}', '\u{1EA3}', '\u{0103}', '\u{1EEF}', '\u{1EAB}',
    '\u{00E8}', '\u{00E9}', '\u{00EA}', '\u{1EBB}', '\u{00EC}', '\u{00ED}', '\u{0129}', '\u{1EC9}',
    '\u{0111}', '\u{1EF1}', '\u{00F2}', '\u{00F3}', '\u{00F4}', '\u{00F5}', '\u{1ECF}', '\u{1ECD}',
    '\u{1EE5}', '\u{00F9}', '\u{00FA}', '\u{0169}', '\u{1EE7}', '\u{00FD}', '\u{1EE3}', '\u{1EEE}',
];

/// The six C0 positions VISCII gives to letters.
const LOW: [(u8, char); 6] = [
    (0x02, '\u{1EB2}'),
    (0x05, '\u{1EB4}'),
    (0x06, '\u{1EAA}'),
    (0x14, '\u{1EF6}'),
    (0x19, '\u{1EF8}'),
    (0x1E, '\u{1EF4}'),
];

/// The character of one VISCII byte; `None` for the control characters
/// VISCII keeps (the other C0 bytes and DEL), which no claim may hold.
pub fn decode_byte(byte: u8) -> Option<char> {
    match byte {
        0x20..=0x7E => Some(char::from(byte)),
        0x80..=0xFF => HIGH.get(usize::from(byte - 0x80)).copied(),
        _ => LOW.iter().find(|(b, _)| *b == byte).map(|(_, c)| *c),
    }
}

/// The VISCII byte of `c`, if it has one.
pub fn encode_char(c: char) -> Option<u8> {
    match c {
        ' '..='~' => u8::try_from(u32::from(c)).ok(),
        _ => HIGH
            .iter()
            .position(|h| *h == c)
            .and_then(|i| u8::try_from(0x80 + i).ok())
            .or_else(|| LOW.iter().find(|(_, l)| *l == c).map(|(b, _)| *b)),
    }
}

/// `text` in VISCII, if every character has a byte.
pub fn encode(text: &str) -> Option<Vec<u8>> {
    text.chars().map(encode_char).collect()
}

/// VISCII bytes as text; `None` if a byte is a control character.
pub fn decode(bytes: &[u8]) -> Option<String> {
    bytes.iter().map(|b| decode_byte(*b)).collect()
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn every_vietnamese_letter_is_one_byte_and_round_trips() {
        let text = "Nguyễn Thị Thanh Hương, Đắk Lắk, Bà Rịa - Vũng Tàu, ẲẴẪỶỸỴ";
        let bytes = encode(text).unwrap();
        assert_eq!(bytes.len(), text.chars().count());
        assert_eq!(decode(&bytes).unwrap(), text);
        // RFC 1456's table: a few fixed points.
        assert_eq!(encode_char('ư'), Some(0xDF));
        assert_eq!(encode_char('Đ'), Some(0xD0));
        assert_eq!(encode_char('ễ'), Some(0xAD));
        assert_eq!(encode_char('Ẳ'), Some(0x02));
        assert_eq!(decode_byte(0x80), Some('Ạ'));
        // Every byte but the kept controls decodes, and back to itself.
        for byte in 0..=255u8 {
            match decode_byte(byte) {
                Some(c) => assert_eq!(encode_char(c), Some(byte), "{byte:#x}"),
                None => assert!(byte < 0x20 || byte == 0x7F, "{byte:#x}"),
            }
        }
    }

    #[test]
    fn characters_outside_the_set_and_controls_have_no_byte() {
        assert_eq!(encode("Nguyễn 李"), None);
        assert_eq!(encode("a\u{1b}b"), None);
        assert_eq!(decode(&[0x41, 0x00]), None);
        assert_eq!(decode(&[0x7F]), None);
        // Decomposed (NFD) marks are not in the set: only NFC text encodes.
        assert_eq!(encode("e\u{302}"), None);
    }
}
