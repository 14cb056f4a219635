//! Checking the write-ahead log before SQLite reads it.
//!
//! SQLite chains a checksum through the WAL's frames and stops at the
//! first frame that does not verify: a flipped byte in the middle of the
//! log silently drops every transaction committed after it (a wallet of 8
//! documents shows 3). Once SQLite has opened the file, the dropped frames
//! are overwritten or checkpointed away, so the check runs first, on the
//! bytes: a frame that does not verify, followed by a *commit* frame of
//! the same log generation (same salts), means committed changes would be
//! lost. Leftovers of a transaction that never committed carry no commit
//! frame after the break, so a crash is not mistaken for damage. A header
//! that does not verify in a log with frames is damage too (SQLite would
//! ignore the whole log).
//!
//! The file format is SQLite's (sqlite.org/fileformat.html, "WAL file
//! format"): a 32-byte header, then frames of a 24-byte header and a page.

use std::path::{Path, PathBuf};

const HEADER_LEN: usize = 32;
const FRAME_HEADER_LEN: usize = 24;
const MAGIC_LE: u32 = 0x377f_0682;
const MAGIC_BE: u32 = 0x377f_0683;
const FORMAT_VERSION: u32 = 3_007_000;

/// The WAL file of the database at `path`.
pub(crate) fn wal_path(path: &Path) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push("-wal");
    PathBuf::from(name)
}

fn be32(bytes: &[u8], at: usize) -> u32 {
    let mut word = [0u8; 4];
    word.copy_from_slice(&bytes[at..at + 4]);
    u32::from_be_bytes(word)
}

/// SQLite's WAL checksum of `data` (a multiple of 8 bytes) continuing `seed`.
fn checksum(big_endian: bool, seed: (u32, u32), data: &[u8]) -> (u32, u32) {
    let (mut s0, mut s1) = seed;
    for pair in data.chunks_exact(8) {
        let word = |b: &[u8]| {
            let w = [b[0], b[1], b[2], b[3]];
            if big_endian {
                u32::from_be_bytes(w)
            } else {
                u32::from_le_bytes(w)
            }
        };
        s0 = s0.wrapping_add(word(&pair[..4])).wrapping_add(s1);
        s1 = s1.wrapping_add(word(&pair[4..])).wrapping_add(s0);
    }
    (s0, s1)
}

/// Whether the WAL bytes show committed transactions SQLite would drop.
pub(crate) fn loses_commits(wal: &[u8]) -> bool {
    if wal.len() <= HEADER_LEN {
        return false;
    }
    let header = &wal[..HEADER_LEN];
    let magic = be32(header, 0);
    let page_size = be32(header, 8) as usize;
    let header_ok = (magic == MAGIC_LE || magic == MAGIC_BE)
        && be32(header, 4) == FORMAT_VERSION
        && page_size.is_power_of_two()
        && (512..=65536).contains(&page_size);
    if !header_ok {
        return true;
    }
    let big_endian = magic == MAGIC_BE;
    let mut sum = checksum(big_endian, (0, 0), &header[..24]);
    if sum != (be32(header, 24), be32(header, 28)) {
        // SQLite ignores the whole log; it had frames.
        return wal.len() >= HEADER_LEN + FRAME_HEADER_LEN + page_size;
    }
    let salts = (be32(header, 16), be32(header, 20));
    let frame_len = FRAME_HEADER_LEN + page_size;
    let frames = wal[HEADER_LEN..].chunks_exact(frame_len);
    let mut broken = false;
    for frame in frames {
        let same_log = (be32(frame, 8), be32(frame, 12)) == salts;
        let commit = be32(frame, 4) != 0;
        if broken {
            if same_log && commit {
                return true;
            }
            continue;
        }
        if !same_log {
            // The rest is from an earlier log generation: not read.
            broken = true;
            continue;
        }
        let next = checksum(big_endian, sum, &frame[..8]);
        let next = checksum(big_endian, next, &frame[FRAME_HEADER_LEN..]);
        if next != (be32(frame, 16), be32(frame, 20)) {
            broken = true;
            continue;
        }
        sum = next;
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn checksums_follow_sqlites_definition() {
        // Two words at a time: s0 += x0 + s1, s1 += x1 + s0.
        let data = [0, 0, 0, 1, 0, 0, 0, 2];
        assert_eq!(checksum(true, (0, 0), &data), (1, 3));
        assert_eq!(
            checksum(false, (0, 0), &data),
            (1 << 24, (2 << 24) + (1 << 24))
        );
    }

    #[test]
    fn an_empty_or_header_only_log_loses_nothing() {
        assert!(!loses_commits(&[]));
        assert!(!loses_commits(&[0u8; HEADER_LEN]));
    }
}
