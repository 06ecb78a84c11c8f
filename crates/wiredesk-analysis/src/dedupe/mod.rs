//! Dedupe: exact reposts by a folded-text key, near-duplicates by MinHash with LSH banding.
//!
//! Decision: MinHash over word bigrams rather than SimHash. Posts are short (10–80 terms), and a
//! copy with a word dropped or punctuation changed keeps most of its bigrams, so the Jaccard
//! similarity of bigram sets is both easy to reason about ("0.8 = four in five word pairs
//! shared") and stable under small edits, while two different texts on the same topic share few
//! word pairs even when they share many words. SimHash's Hamming distance over so few features
//! is noisier and its threshold harder to state. LSH banding (bands of `r` rows over 128
//! permutations, `r` chosen from the threshold so that a pair at the threshold is a candidate
//! with probability ≥ 0.99) makes `insert` a handful of hash-map lookups; every candidate is then
//! checked against the full signature, so the reported similarity is the MinHash estimate of
//! the bigram Jaccard.
//!
//! Hashes are FNV-1a and SplitMix64, fixed here, so keys and signatures are the same on every
//! run and machine (std's `DefaultHasher` promises neither).

use std::collections::HashMap;

pub mod translation;

/// Number of MinHash permutations per signature.
const N_HASHES: usize = 128;

/// FNV-1a 64 over bytes: small, stable, good enough for keys that are compared, not defended.
pub(crate) fn fnv1a(bytes: &[u8]) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for &byte in bytes {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
    }
    hash
}

/// SplitMix64 finalizer: turns one hash into many independent-looking ones.
fn mix(mut x: u64) -> u64 {
    x = x.wrapping_add(0x9e37_79b9_7f4a_7c15);
    x = (x ^ (x >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    x ^ (x >> 31)
}

/// Key of a text for exact reposts: lower-cased (Unicode), every run of characters that are not
/// letters or digits (whitespace, punctuation, emoji, symbols) folded to one space, trimmed,
/// then hashed. "🌡 Heat warning!" and "heat   warning" have the same key.
pub fn exact_key(text: &str) -> u64 {
    let mut folded = String::with_capacity(text.len());
    let mut pending_space = false;
    for ch in text.chars() {
        if ch.is_alphanumeric() {
            if pending_space && !folded.is_empty() {
                folded.push(' ');
            }
            pending_space = false;
            folded.extend(ch.to_lowercase());
        } else {
            pending_space = true;
        }
    }
    fnv1a(folded.as_bytes())
}

/// An earlier document that the inserted one nearly duplicates.
#[derive(Debug, Clone, PartialEq)]
pub struct NearDup {
    /// Id of the earlier document.
    pub id: String,
    /// MinHash estimate of the Jaccard similarity of the two documents' bigram sets.
    pub similarity: f32,
}

/// Incremental near-duplicate index: each insert is compared with the documents inserted before.
#[derive(Debug)]
pub struct NearDupIndex {
    threshold: f32,
    rows_per_band: usize,
    ids: Vec<String>,
    signatures: Vec<[u32; N_HASHES]>,
    /// One bucket table per band: band hash → documents (indexes into `ids`).
    bands: Vec<HashMap<u64, Vec<u32>>>,
    /// Documents removed but still in the buckets (skipped), until a quarter of the index is
    /// removed and it is rebuilt.
    removed: Vec<bool>,
    n_removed: usize,
}

impl NearDupIndex {
    /// Threshold the near-duplicate pipeline uses: word-bigram Jaccard of 0.6 catches a copy with
    /// a few words dropped or changed in a 20-word post, and stays well above what two
    /// independently written posts on one event reach (usually below 0.2).
    pub const DEFAULT_THRESHOLD: f32 = 0.6;

    /// An empty index reporting pairs whose estimated Jaccard is at least `threshold`
    /// (clamped to 0.05..=1).
    pub fn new(threshold: f32) -> Self {
        let threshold = if threshold.is_nan() {
            Self::DEFAULT_THRESHOLD
        } else {
            threshold.clamp(0.05, 1.0)
        };
        let rows_per_band = rows_for(threshold);
        let n_bands = N_HASHES / rows_per_band;
        NearDupIndex {
            threshold,
            rows_per_band,
            ids: Vec::new(),
            signatures: Vec::new(),
            bands: (0..n_bands).map(|_| HashMap::new()).collect(),
            removed: Vec::new(),
            n_removed: 0,
        }
    }

    /// Number of documents indexed (and not removed).
    pub fn len(&self) -> usize {
        self.ids.len() - self.n_removed
    }

    /// Whether nothing is indexed.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Forgets the documents whose ids are in `gone`: they are no longer matched, and an insert
    /// matches exactly as if they had never been inserted. They are marked and skipped; once a
    /// quarter of the index is marked, it is rebuilt from the kept signatures (no text is read
    /// again), keeping their order.
    pub fn remove(&mut self, gone: &std::collections::HashSet<String>) {
        for (idx, id) in self.ids.iter().enumerate() {
            if !self.removed[idx] && gone.contains(id) {
                self.removed[idx] = true;
                self.n_removed += 1;
            }
        }
        if self.n_removed * 4 <= self.ids.len() {
            return;
        }
        let removed = std::mem::take(&mut self.removed);
        let kept: Vec<(String, [u32; N_HASHES])> = std::mem::take(&mut self.ids)
            .into_iter()
            .zip(std::mem::take(&mut self.signatures))
            .zip(removed)
            .filter(|(_, removed)| !removed)
            .map(|(kept, _)| kept)
            .collect();
        self.n_removed = 0;
        for band in &mut self.bands {
            band.clear();
        }
        for (doc_idx, (id, signature)) in kept.into_iter().enumerate() {
            let doc_idx = u32::try_from(doc_idx).unwrap_or(u32::MAX);
            for band_idx in 0..self.bands.len() {
                let key = band_key(&signature, band_idx, self.rows_per_band);
                self.bands[band_idx].entry(key).or_default().push(doc_idx);
            }
            self.ids.push(id);
            self.signatures.push(signature);
            self.removed.push(false);
        }
    }

    /// Index a document by its normalized terms and return the most similar earlier document at
    /// or above the threshold (the earliest one on a tie). A document without terms is neither
    /// indexed nor matched.
    pub fn insert(&mut self, id: &str, terms: &[String]) -> Option<NearDup> {
        let signature = signature(terms)?;
        let mut best: Option<(usize, f32)> = None;
        let mut seen: Vec<u32> = Vec::new();
        for (band_idx, band) in self.bands.iter().enumerate() {
            let key = band_key(&signature, band_idx, self.rows_per_band);
            let Some(bucket) = band.get(&key) else {
                continue;
            };
            for &doc_idx in bucket {
                if seen.contains(&doc_idx) || self.removed[doc_idx as usize] {
                    continue;
                }
                seen.push(doc_idx);
                let doc_idx = doc_idx as usize;
                let similarity = estimate(&signature, &self.signatures[doc_idx]);
                let better = match best {
                    None => true,
                    Some((best_idx, best_sim)) => {
                        similarity > best_sim || (similarity == best_sim && doc_idx < best_idx)
                    }
                };
                if similarity >= self.threshold && better {
                    best = Some((doc_idx, similarity));
                }
            }
        }
        let doc_idx = u32::try_from(self.ids.len()).unwrap_or(u32::MAX);
        for band_idx in 0..self.bands.len() {
            let key = band_key(&signature, band_idx, self.rows_per_band);
            self.bands[band_idx].entry(key).or_default().push(doc_idx);
        }
        self.ids.push(id.to_string());
        self.signatures.push(signature);
        self.removed.push(false);
        best.map(|(doc_idx, similarity)| NearDup {
            id: self.ids[doc_idx].clone(),
            similarity,
        })
    }
}

/// The largest band height `r` (fewest candidates) for which a pair exactly at the threshold is
/// still a candidate with probability ≥ 0.99: `1 - (1 - t^r)^b ≥ 0.99`, `b = 128 / r`.
fn rows_for(threshold: f32) -> usize {
    let t = f64::from(threshold);
    let mut best = 1;
    for rows in 1..=16 {
        let n_bands = (N_HASHES / rows) as i32;
        let p_candidate = 1.0 - (1.0 - t.powi(rows as i32)).powi(n_bands);
        if p_candidate >= 0.99 {
            best = rows;
        }
    }
    best
}

/// Word bigrams (unigrams for a one-term text), each hashed once.
fn shingles(terms: &[String]) -> Vec<u64> {
    if terms.len() == 1 {
        return vec![fnv1a(terms[0].as_bytes())];
    }
    terms
        .windows(2)
        .map(|pair| {
            let mut bytes = Vec::with_capacity(pair[0].len() + pair[1].len() + 1);
            bytes.extend_from_slice(pair[0].as_bytes());
            bytes.push(0x1f);
            bytes.extend_from_slice(pair[1].as_bytes());
            fnv1a(&bytes)
        })
        .collect()
}

fn signature(terms: &[String]) -> Option<[u32; N_HASHES]> {
    if terms.is_empty() {
        return None;
    }
    let mut signature = [u32::MAX; N_HASHES];
    for shingle in shingles(terms) {
        for (slot, value) in signature.iter_mut().enumerate() {
            // Keep the high half: the low bits of the finalizer are as good, this is just a choice.
            let hashed = (mix(shingle ^ mix(slot as u64)) >> 32) as u32;
            if hashed < *value {
                *value = hashed;
            }
        }
    }
    Some(signature)
}

fn band_key(signature: &[u32; N_HASHES], band_idx: usize, rows_per_band: usize) -> u64 {
    let rows = &signature[band_idx * rows_per_band..(band_idx + 1) * rows_per_band];
    rows.iter()
        .fold(band_idx as u64, |acc, &value| mix(acc ^ u64::from(value)))
}

fn estimate(a: &[u32; N_HASHES], b: &[u32; N_HASHES]) -> f32 {
    let same = a.iter().zip(b).filter(|(x, y)| x == y).count();
    same as f32 / N_HASHES as f32
}

#[cfg(test)]
mod tests;
