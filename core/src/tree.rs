//! The claim tree of a credential: one binary tree over the claim slots that
//! serves twice.
//!
//! * **Salts** come down the tree (a GGM tree): each node's 16-byte seed
//!   derives its two children's seeds, and a leaf's seed is that claim's salt.
//!   Disclosing a whole subtree costs one seed, not one salt per claim.
//! * **Digests** go up the tree (a Merkle tree): each leaf is the salted digest
//!   of one claim, the issuer signs the root. Hiding a whole subtree costs one
//!   node digest, not one digest per claim.
//!
//! Both directions send the same kind of thing, the minimal set of subtrees
//! ("cover") of the disclosed, resp. undisclosed, leaves, so a presentation
//! costs 16 bytes per cover node plus the disclosed values. The covers are a
//! function of the leaf count and the disclosure mask, so the wire carries no
//! node positions.
//!
//! Leaves past the count (the tree is padded to a power of two) do not exist:
//! a node with no existing leaf has no digest and is never in a cover, and a
//! node whose right child does not exist takes its left child's digest
//! (as in RFC 9162), so padding costs nothing.

use sha2::{Digest as _, Sha256};

/// Bytes of a salt seed, a salt, and a node or leaf digest.
pub const NODE_LEN: usize = 16;
/// A 16-byte seed, salt or digest.
pub type Node = [u8; NODE_LEN];

const LEAF_TAG: u8 = 0x00;
const NODE_TAG: u8 = 0x01;
const SEED_TAG: u8 = 0x02;

/// The most claim slots one credential may have (the mask is at most 4 bytes).
pub const MAX_LEAVES: usize = 32;

/// A subtree: `level` 0 is a leaf; it covers leaves
/// `index << level .. (index + 1) << level`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Subtree {
    /// Height above the leaves.
    pub level: u32,
    /// Position among the subtrees of that height, left to right.
    pub index: usize,
}

impl Subtree {
    fn first_leaf(self) -> usize {
        self.index << self.level
    }
    fn end_leaf(self) -> usize {
        (self.index + 1) << self.level
    }
    fn children(self) -> (Subtree, Subtree) {
        let level = self.level - 1;
        (
            Subtree {
                level,
                index: self.index * 2,
            },
            Subtree {
                level,
                index: self.index * 2 + 1,
            },
        )
    }
}

/// Height of the tree over `leaves` leaves (0 for a single leaf).
pub fn height(leaves: usize) -> u32 {
    leaves.max(1).next_power_of_two().trailing_zeros()
}

/// The minimal subtrees, left to right, whose existing leaves are exactly the
/// leaves `i < leaves` with `wanted(i)`.
pub fn cover(leaves: usize, wanted: impl Fn(usize) -> bool) -> Vec<Subtree> {
    let mut out = Vec::new();
    let root = Subtree {
        level: height(leaves),
        index: 0,
    };
    cover_into(root, leaves, &wanted, &mut out);
    out
}

fn cover_into(
    node: Subtree,
    leaves: usize,
    wanted: &dyn Fn(usize) -> bool,
    out: &mut Vec<Subtree>,
) {
    let end = node.end_leaf().min(leaves);
    let range = node.first_leaf()..end;
    if range.is_empty() {
        return;
    }
    let count = range.clone().filter(|&i| wanted(i)).count();
    if count == 0 {
        return;
    }
    if count == range.len() {
        out.push(node);
        return;
    }
    let (left, right) = node.children();
    cover_into(left, leaves, wanted, out);
    cover_into(right, leaves, wanted, out);
}

fn sha256_16(parts: &[&[u8]]) -> Node {
    let mut hasher = Sha256::new();
    for part in parts {
        hasher.update(part);
    }
    let full = hasher.finalize();
    let mut out = [0u8; NODE_LEN];
    out.copy_from_slice(&full[..NODE_LEN]);
    out
}

/// The seed of a node's child (`right` chooses which).
pub fn child_seed(seed: &Node, right: bool) -> Node {
    sha256_16(&[&[SEED_TAG], seed, &[u8::from(right)]])
}

/// The seed of `node`, derived from the seed of `ancestor`, which contains it.
pub fn descend(ancestor: Subtree, seed: &Node, leaf: usize) -> Node {
    let mut seed = *seed;
    for level in (0..ancestor.level).rev() {
        seed = child_seed(&seed, (leaf >> level) & 1 == 1);
    }
    seed
}

/// The salt of every leaf, from the root seed (the issuer's and holder's view).
pub fn all_salts(root_seed: &Node, leaves: usize) -> Vec<Node> {
    let root = Subtree {
        level: height(leaves),
        index: 0,
    };
    (0..leaves).map(|i| descend(root, root_seed, i)).collect()
}

/// The salted digest of one claim: its salt, slot and encoded value.
pub fn leaf_digest(salt: &Node, slot: usize, value: &[u8]) -> Node {
    // Slots are < MAX_LEAVES, so one byte holds them.
    sha256_16(&[&[LEAF_TAG], salt, &[slot as u8], value])
}

/// The digest of an inner node.
pub fn node_digest(left: &Node, right: &Node) -> Node {
    sha256_16(&[&[NODE_TAG], left, right])
}

/// The seed (or digest) of `node` as the holder computes it for a cover.
pub fn subtree_seed(root_seed: &Node, leaves: usize, node: Subtree) -> Node {
    let mut seed = *root_seed;
    let top = height(leaves);
    for level in (node.level..top).rev() {
        let bit = (node.index >> (level - node.level)) & 1 == 1;
        seed = child_seed(&seed, bit);
    }
    seed
}

/// Where the digest of a subtree comes from while rebuilding the root.
pub trait DigestSource {
    /// The given digest of `node` if it is a hidden subtree.
    fn hidden(&mut self, node: Subtree) -> Option<Node>;
    /// The digest of existing leaf `leaf`, which is disclosed.
    fn leaf(&mut self, leaf: usize) -> Node;
}

/// The root digest over `leaves` leaves.
pub fn root(leaves: usize, source: &mut dyn DigestSource) -> Node {
    let top = Subtree {
        level: height(leaves),
        index: 0,
    };
    // A tree has at least one existing leaf, so the root has a digest.
    subtree_digest(top, leaves, source).unwrap_or([0; NODE_LEN])
}

fn subtree_digest(node: Subtree, leaves: usize, source: &mut dyn DigestSource) -> Option<Node> {
    if node.first_leaf() >= leaves {
        return None;
    }
    if let Some(given) = source.hidden(node) {
        return Some(given);
    }
    if node.level == 0 {
        return Some(source.leaf(node.first_leaf()));
    }
    let (left, right) = node.children();
    let left = subtree_digest(left, leaves, source)?;
    match subtree_digest(right, leaves, source) {
        Some(right) => Some(node_digest(&left, &right)),
        None => Some(left),
    }
}

/// A full tree's digests from every leaf digest (the issuer's and holder's view).
pub struct FullTree<'a> {
    /// Every leaf's digest, in slot order.
    pub leaves: &'a [Node],
}

impl DigestSource for FullTree<'_> {
    fn hidden(&mut self, _: Subtree) -> Option<Node> {
        None
    }
    fn leaf(&mut self, leaf: usize) -> Node {
        self.leaves[leaf]
    }
}

/// The digest of `node` in a full tree.
pub fn subtree_digest_full(leaves: &[Node], node: Subtree) -> Node {
    let end = node.end_leaf().min(leaves.len());
    let sub = &leaves[node.first_leaf()..end];
    root(sub.len(), &mut FullTree { leaves: sub })
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn cover_of_contiguous_prefix_is_small() {
        // 10 leaves, tree of 16: disclosing 0..3 needs [0,2) and leaf 2.
        let c = cover(10, |i| i < 3);
        assert_eq!(
            c,
            vec![
                Subtree { level: 1, index: 0 },
                Subtree { level: 0, index: 2 }
            ]
        );
        // The complement: leaf 3, [4,8), [8,16) which holds only 8 and 9.
        let h = cover(10, |i| i >= 3);
        assert_eq!(
            h,
            vec![
                Subtree { level: 0, index: 3 },
                Subtree { level: 2, index: 1 },
                Subtree { level: 3, index: 1 }
            ]
        );
    }

    #[test]
    fn cover_of_everything_and_nothing() {
        assert_eq!(cover(7, |_| true), vec![Subtree { level: 3, index: 0 }]);
        assert!(cover(7, |_| false).is_empty());
        assert_eq!(cover(1, |_| true), vec![Subtree { level: 0, index: 0 }]);
    }

    #[test]
    fn subtree_seed_matches_descent_to_leaves() {
        let seed = [7u8; NODE_LEN];
        let salts = all_salts(&seed, 10);
        for node in cover(10, |i| i % 3 != 1) {
            let s = subtree_seed(&seed, 10, node);
            let range = node.first_leaf()..node.end_leaf().min(10);
            for (leaf, salt) in salts.iter().enumerate().take(range.end).skip(range.start) {
                assert_eq!(descend(node, &s, leaf), *salt);
            }
        }
    }

    #[test]
    fn partial_root_equals_full_root_for_every_mask() {
        let leaves: Vec<Node> = (0..11u8).map(|i| [i; NODE_LEN]).collect();
        let full = root(11, &mut FullTree { leaves: &leaves });
        for mask in 0u32..(1 << 11) {
            let hidden: Vec<(Subtree, Node)> = cover(11, |i| mask & (1 << i) == 0)
                .into_iter()
                .map(|n| (n, subtree_digest_full(&leaves, n)))
                .collect();
            struct Partial<'a>(&'a [(Subtree, Node)], &'a [Node]);
            impl DigestSource for Partial<'_> {
                fn hidden(&mut self, node: Subtree) -> Option<Node> {
                    self.0.iter().find(|(n, _)| *n == node).map(|(_, d)| *d)
                }
                fn leaf(&mut self, leaf: usize) -> Node {
                    self.1[leaf]
                }
            }
            assert_eq!(
                root(11, &mut Partial(&hidden, &leaves)),
                full,
                "mask {mask:b}"
            );
        }
    }

    #[test]
    fn digests_depend_on_every_input() {
        let salt = [1u8; NODE_LEN];
        let d = leaf_digest(&salt, 0, b"a");
        assert_ne!(d, leaf_digest(&salt, 1, b"a"));
        assert_ne!(d, leaf_digest(&salt, 0, b"b"));
        assert_ne!(d, leaf_digest(&[2u8; NODE_LEN], 0, b"a"));
        assert_ne!(
            node_digest(&[1; 16], &[2; 16]),
            node_digest(&[2; 16], &[1; 16])
        );
        assert_ne!(child_seed(&salt, false), child_seed(&salt, true));
    }

    #[test]
    fn sha256_vector() {
        // SHA-256("abc") starts ba7816bf8f01cfea414140de5dae2223.
        let d = sha256_16(&[b"a", b"bc"]);
        assert_eq!(hex::encode(d), "ba7816bf8f01cfea414140de5dae2223");
    }
}
