//! A bounded, process-wide memo for pure functions of text that a pass asks again and again:
//! a touched story is rebuilt from all its posts, and most of them were read the same way in
//! the last pass. Keys are 64-bit hashes of every input. The memo keeps two generations of
//! `cap / 2` entries: when the young one is full it becomes the old one and the old one is
//! dropped, and an entry found in the old one moves back to the young one. So it costs at most
//! `cap` entries, and what a pass asks again survives while what nobody asks ages out.

use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::sync::Mutex;

/// `key → value`, at most `cap` entries in two generations, in shards chosen by key so that
/// the threads building a pass's stories seldom wait for each other.
#[derive(Debug)]
pub struct Memo<V> {
    shards: Vec<Mutex<Generations<V>>>,
    /// Entries per shard.
    cap: usize,
}

/// Shards of a memo large enough to need them.
const SHARDS: usize = 16;

#[derive(Debug)]
struct Generations<V> {
    young: HashMap<u64, V>,
    old: HashMap<u64, V>,
}

impl<V> Generations<V> {
    fn insert(&mut self, key: u64, value: V, cap: usize) {
        if self.young.len() >= (cap / 2).max(1) {
            self.old = std::mem::take(&mut self.young);
        }
        self.young.insert(key, value);
    }

    #[cfg(test)]
    fn len(&self) -> usize {
        self.young.len() + self.old.len()
    }
}

impl<V: Clone> Memo<V> {
    pub fn new(cap: usize) -> Memo<V> {
        // A small memo stays one shard, so that its cap holds exactly.
        let shards = if cap >= 64 * SHARDS { SHARDS } else { 1 };
        Memo {
            shards: (0..shards)
                .map(|_| {
                    Mutex::new(Generations {
                        young: HashMap::new(),
                        old: HashMap::new(),
                    })
                })
                .collect(),
            cap: cap / shards,
        }
    }

    /// The value under `key`, computed by `compute` the first time.
    pub fn get_or(&self, key: u64, compute: impl FnOnce() -> V) -> V {
        {
            let mut entries = self.lock(key);
            if let Some(found) = entries.young.get(&key) {
                return found.clone();
            }
            if let Some(found) = entries.old.remove(&key) {
                entries.insert(key, found.clone(), self.cap);
                return found;
            }
        }
        let value = compute();
        self.lock(key).insert(key, value.clone(), self.cap);
        value
    }

    fn lock(&self, key: u64) -> std::sync::MutexGuard<'_, Generations<V>> {
        // The high bits: FxHash mixes them best.
        let shard = (key >> 58) as usize % self.shards.len();
        self.shards[shard]
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

/// The memo key of `value`: FxHash, stable within a process.
pub fn key_of(value: &impl Hash) -> u64 {
    let mut hasher = rustc_hash::FxHasher::default();
    value.hash(&mut hasher);
    hasher.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn computes_once_and_keeps_what_is_asked_again() {
        let memo: Memo<usize> = Memo::new(4);
        let calls = std::cell::Cell::new(0);
        let len = |text: &str| {
            calls.set(calls.get() + 1);
            text.len()
        };
        assert_eq!(memo.get_or(key_of(&"ab"), || len("ab")), 2);
        assert_eq!(memo.get_or(key_of(&"ab"), || len("ab")), 2);
        assert_eq!(calls.get(), 1, "asked twice, computed once");
        // Two more entries fill the young generation: "ab" ages into the old one.
        memo.get_or(key_of(&"abc"), || len("abc"));
        memo.get_or(key_of(&"abcd"), || len("abcd"));
        assert_eq!(memo.get_or(key_of(&"ab"), || len("ab")), 2);
        assert_eq!(calls.get(), 3, "the aged entry was still there");
        // Entries nobody asks again are dropped; the memo never holds more than its cap.
        for word in ["e", "ee", "eee", "eeee", "eeeee"] {
            memo.get_or(key_of(&word), || len(word));
        }
        assert!(memo.lock(0).len() <= 4);
        let before = calls.get();
        memo.get_or(key_of(&"abc"), || len("abc"));
        assert_eq!(
            calls.get(),
            before + 1,
            "an entry nobody asked again aged out"
        );
    }

    #[test]
    fn a_sharded_memo_keeps_its_cap_and_its_answers() {
        let memo: Memo<u64> = Memo::new(2048);
        assert_eq!(memo.shards.len(), SHARDS);
        for n in 0..10_000u64 {
            assert_eq!(memo.get_or(key_of(&n), || n * 2), n * 2);
        }
        let held: usize = (0..SHARDS)
            .map(|shard| {
                memo.shards[shard]
                    .lock()
                    .unwrap_or_else(|poisoned| poisoned.into_inner())
                    .len()
            })
            .sum();
        assert!(held <= 2048, "{held} entries held");
        // The last key asked is still there: not computed again.
        assert_eq!(memo.get_or(key_of(&9_999u64), || 0), 19_998);
    }
}
