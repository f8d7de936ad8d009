//! Maps keyed by the address of a value (or a pair of them): identity
//! lookups on hot paths, where SipHash's resistance to chosen keys buys
//! nothing (the keys are our own pointers) and costs most of the lookup.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

/// A multiply-rotate hasher for machine words (the FxHash recipe).
#[derive(Clone, Copy, Default)]
pub struct WordHasher(u64);

const SEED: u64 = 0x51_7c_c1_b7_27_22_0a_95;

impl WordHasher {
    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(SEED);
    }
}

impl Hasher for WordHasher {
    fn write(&mut self, bytes: &[u8]) {
        for chunk in bytes.chunks(8) {
            let mut word = [0u8; 8];
            for (slot, byte) in word.iter_mut().zip(chunk) {
                *slot = *byte;
            }
            self.add(u64::from_le_bytes(word));
        }
    }

    fn write_u8(&mut self, n: u8) {
        self.add(u64::from(n));
    }

    fn write_u32(&mut self, n: u32) {
        self.add(u64::from(n));
    }

    fn write_u64(&mut self, n: u64) {
        self.add(n);
    }

    fn write_usize(&mut self, n: usize) {
        self.add(n as u64);
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

/// A `HashMap` for keys that are addresses, indices or short strings we
/// produced ourselves.
pub type AddressMap<K, V> = HashMap<K, V, BuildHasherDefault<WordHasher>>;

/// The address of a value, as a map key.
pub fn address<T>(value: &T) -> usize {
    std::ptr::from_ref(value) as usize
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distinct_words_hash_apart() {
        let hash = |n: usize| {
            let mut h = WordHasher::default();
            h.write_usize(n);
            h.finish()
        };
        assert_ne!(hash(8), hash(16));
        let mut map: AddressMap<(usize, usize), u32> = AddressMap::default();
        map.insert((1, 2), 3);
        assert_eq!(map.get(&(1, 2)), Some(&3));
        assert_eq!(map.get(&(2, 1)), None);
    }
}
