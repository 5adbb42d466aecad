//! Fingerprints of what a page or a chart shows: a 64-bit hash of its view (as JSON) or data,
//! for [`super::part`] to tell which pages and charts changed between two builds
//! without rendering them.

use std::hash::{DefaultHasher, Hasher};
use std::io;

use serde::Serialize;

use crate::site;

/// The hash of what `page` shows: its path, its view and the hashes of its charts
/// (`chart_hashes`, by index into the graph's charts).
pub(super) fn page_hash(page: &site::Page, chart_hashes: &[u64]) -> u64 {
    let mut hasher = HashWriter::default();
    hasher.write_bytes(page.path.as_bytes());
    // Writing into a hasher cannot fail; a view that cannot be serialised cannot be rendered
    // either, and rendering reports it.
    let _ = serde_json::to_writer(&mut hasher, &page.view);
    for &c in &page.charts {
        let chart = chart_hashes.get(c).copied().unwrap_or_default();
        hasher.write_bytes(&chart.to_le_bytes());
    }
    hasher.finish()
}

/// The hash of `value` as JSON.
pub(super) fn hash_of(value: &impl Serialize) -> u64 {
    let mut hasher = HashWriter::default();
    let _ = serde_json::to_writer(&mut hasher, value);
    hasher.finish()
}

/// A hasher that bytes can be written into. JSON is written a few bytes at a time; the bytes
/// are gathered and hashed in blocks, which is several times faster than hashing each piece.
struct HashWriter {
    hasher: DefaultHasher,
    block: Vec<u8>,
}

/// How many bytes [`HashWriter`] gathers before hashing them.
const HASH_BLOCK: usize = 16 * 1024;

impl Default for HashWriter {
    fn default() -> HashWriter {
        HashWriter {
            hasher: DefaultHasher::new(),
            block: Vec::with_capacity(HASH_BLOCK),
        }
    }
}

impl HashWriter {
    fn write_bytes(&mut self, bytes: &[u8]) {
        if self.block.len() + bytes.len() > HASH_BLOCK {
            self.hasher.write(&self.block);
            self.block.clear();
        }
        if bytes.len() >= HASH_BLOCK {
            self.hasher.write(bytes);
        } else {
            self.block.extend_from_slice(bytes);
        }
    }

    fn finish(mut self) -> u64 {
        self.hasher.write(&self.block);
        self.hasher.finish()
    }
}

impl io::Write for HashWriter {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        self.write_bytes(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}
