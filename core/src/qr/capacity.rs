//! How many alphanumeric characters each QR version holds.

use super::Ecc;

/// The largest QR code version (177 × 177 modules).
pub const MAX_VERSION: u8 = 40;

/// Alphanumeric-mode data capacity in characters, ISO/IEC 18004:2015
/// Table 7, one row per version 1..=40, columns L, M, Q, H.
///
/// Each figure is the largest `n` with
/// `4 + cci_bits(version) + 11 * (n / 2) + 6 * (n % 2) <= 8 * data_codewords`,
/// where the character-count indicator is 9 bits for versions 1–9, 11 for
/// 10–26 and 13 for 27–40.
const ALPHANUMERIC_CAPACITY: [[u16; 4]; MAX_VERSION as usize] = [
    [25, 20, 16, 10],         // 1
    [47, 38, 29, 20],         // 2
    [77, 61, 47, 35],         // 3
    [114, 90, 67, 50],        // 4
    [154, 122, 87, 64],       // 5
    [195, 154, 108, 84],      // 6
    [224, 178, 125, 93],      // 7
    [279, 221, 157, 122],     // 8
    [335, 262, 189, 143],     // 9
    [395, 311, 221, 174],     // 10
    [468, 366, 259, 200],     // 11
    [535, 419, 296, 227],     // 12
    [619, 483, 352, 259],     // 13
    [667, 528, 376, 283],     // 14
    [758, 600, 426, 321],     // 15
    [854, 656, 470, 365],     // 16
    [938, 734, 531, 408],     // 17
    [1046, 816, 574, 452],    // 18
    [1153, 909, 644, 493],    // 19
    [1249, 970, 702, 557],    // 20
    [1352, 1035, 742, 587],   // 21
    [1460, 1134, 823, 640],   // 22
    [1588, 1248, 890, 672],   // 23
    [1704, 1326, 963, 744],   // 24
    [1853, 1451, 1041, 779],  // 25
    [1990, 1542, 1094, 864],  // 26
    [2132, 1637, 1172, 910],  // 27
    [2223, 1732, 1263, 958],  // 28
    [2369, 1839, 1322, 1016], // 29
    [2520, 1994, 1429, 1080], // 30
    [2677, 2113, 1499, 1150], // 31
    [2840, 2238, 1618, 1226], // 32
    [3009, 2369, 1700, 1307], // 33
    [3183, 2506, 1787, 1394], // 34
    [3351, 2632, 1867, 1431], // 35
    [3537, 2780, 1966, 1530], // 36
    [3729, 2894, 2071, 1591], // 37
    [3927, 3054, 2181, 1658], // 38
    [4087, 3220, 2298, 1774], // 39
    [4296, 3391, 2420, 1852], // 40
];

/// Picks the column of `ecc` from one row of the table.
fn column(row: [u16; 4], ecc: Ecc) -> usize {
    let [l, m, q, h] = row;
    usize::from(match ecc {
        Ecc::L => l,
        Ecc::M => m,
        Ecc::Q => q,
        Ecc::H => h,
    })
}

/// How many characters of the QR alphanumeric set a QR code of `version`
/// holds in alphanumeric mode at error-correction level `ecc`
/// (ISO/IEC 18004:2015, Table 7).
///
/// Returns 0 for a `version` outside `1..=40`.
#[must_use]
pub fn alphanumeric_capacity(version: u8, ecc: Ecc) -> usize {
    version
        .checked_sub(1)
        .and_then(|index| ALPHANUMERIC_CAPACITY.get(usize::from(index)))
        .map_or(0, |&row| column(row, ecc))
}

/// The smallest QR version whose alphanumeric capacity at `ecc` is at least
/// `chars`, or `None` when even version 40 is too small.
///
/// An empty payload fits in version 1.
#[must_use]
pub fn min_version(chars: usize, ecc: Ecc) -> Option<u8> {
    let index = ALPHANUMERIC_CAPACITY.partition_point(|&row| column(row, ecc) < chars);
    // `index` is at most 40, so the conversion and the addition cannot fail.
    u8::try_from(index)
        .ok()
        .map(|index| index + 1)
        .filter(|&version| version <= MAX_VERSION)
}
