//! A bounded, process-wide memo for pure functions of text that a pass asks again and again:
//! a touched story is rebuilt from all its posts, and most of them were read the same way in
//! the last pass. Keys are 64-bit hashes of every input; the memo is emptied when it is full,
//! so it costs at most `cap` entries.

use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::sync::Mutex;

/// `key → value`, at most `cap` entries (emptied when full).
#[derive(Debug)]
pub struct Memo<V> {
    entries: Mutex<HashMap<u64, V>>,
    cap: usize,
}

impl<V: Clone> Memo<V> {
    pub fn new(cap: usize) -> Memo<V> {
        Memo {
            entries: Mutex::new(HashMap::new()),
            cap,
        }
    }

    /// The value under `key`, computed by `compute` the first time.
    pub fn get_or(&self, key: u64, compute: impl FnOnce() -> V) -> V {
        if let Some(found) = self.lock().get(&key) {
            return found.clone();
        }
        let value = compute();
        let mut entries = self.lock();
        if entries.len() >= self.cap {
            entries.clear();
        }
        entries.insert(key, value.clone());
        value
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<u64, V>> {
        self.entries
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
    fn computes_once_and_empties_when_full() {
        let memo: Memo<usize> = Memo::new(2);
        let calls = std::cell::Cell::new(0);
        let len = |text: &str| {
            calls.set(calls.get() + 1);
            text.len()
        };
        assert_eq!(memo.get_or(key_of(&"ab"), || len("ab")), 2);
        assert_eq!(memo.get_or(key_of(&"ab"), || len("ab")), 2);
        assert_eq!(calls.get(), 1, "asked twice, computed once");
        memo.get_or(key_of(&"abc"), || len("abc"));
        memo.get_or(key_of(&"abcd"), || len("abcd"));
        assert_eq!(
            memo.lock().len(),
            1,
            "emptied when full, then the new entry"
        );
    }
}
