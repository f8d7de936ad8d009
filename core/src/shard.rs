//! `--shard K/N`: the part of a run one CI job does. Fixtures are assigned
//! by a hash of their id, so the N jobs cover every fixture exactly once,
//! and a fixture stays in its shard when others are added or removed.

use std::fmt;
use std::str::FromStr;

/// Shard `index` (1-based) of `count`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Shard {
    pub index: u64,
    pub count: u64,
}

impl Shard {
    /// Whether the fixture with this id is this shard's.
    pub fn includes(&self, id: &str) -> bool {
        fnv1a(id.as_bytes()) % self.count == self.index - 1
    }
}

/// FNV-1a, 64 bits: stable across versions and platforms (std's hasher is
/// not promised to be).
pub(crate) fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |hash, byte| {
        (hash ^ u64::from(*byte)).wrapping_mul(0x0000_0100_0000_01b3)
    })
}

impl FromStr for Shard {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let wrong = || format!("`{text}` is not a shard: expected K/N with 1 ≤ K ≤ N (`2/4`)");
        let (k, n) = text.split_once('/').ok_or_else(wrong)?;
        let (index, count): (u64, u64) = (
            k.trim().parse().map_err(|_| wrong())?,
            n.trim().parse().map_err(|_| wrong())?,
        );
        if index == 0 || count == 0 || index > count {
            return Err(wrong());
        }
        Ok(Self { index, count })
    }
}

impl fmt::Display for Shard {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.index, self.count)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shards_cover_every_id_exactly_once() {
        let ids: Vec<String> = (0..1000).map(|i| format!("crm-acme-fixture-{i}")).collect();
        for count in 1..=5 {
            let shards: Vec<Shard> = (1..=count).map(|index| Shard { index, count }).collect();
            for id in &ids {
                assert_eq!(
                    shards.iter().filter(|s| s.includes(id)).count(),
                    1,
                    "{id} in {count} shards"
                );
            }
            // Roughly even.
            for shard in &shards {
                let mine = ids.iter().filter(|id| shard.includes(id)).count();
                let scaled = mine * (count as usize);
                assert!(scaled > 700 && scaled < 1300, "{shard}: {mine}");
            }
        }
    }

    #[test]
    fn parsing() {
        assert_eq!("2/4".parse::<Shard>(), Ok(Shard { index: 2, count: 4 }));
        for bad in ["0/2", "3/2", "1", "a/b", "1/0", ""] {
            assert!(bad.parse::<Shard>().is_err(), "{bad}");
        }
    }
}
