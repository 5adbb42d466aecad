//! Fingerprints of what a page or a chart shows: a 64-bit hash of its view (as JSON) or data,
//! for [`super::batch`] to tell which pages and charts changed between two builds
//! without rendering them.

use std::hash::{DefaultHasher, Hasher};
use std::io::{self, BufWriter, Write};

use serde::Serialize;

use crate::site;

/// How many bytes of JSON are gathered before they are hashed: JSON is written a few bytes at a
/// time, and hashing it in blocks is several times faster than hashing each piece.
const HASH_BLOCK: usize = 16 * 1024;

/// The hash of what `page` shows: its path, its view and the hashes of its charts
/// (`chart_hashes`, by index into the graph's charts).
pub(super) fn page_hash(page: &site::Page, chart_hashes: &[u64]) -> u64 {
    let mut hasher = writer();
    let _ = hasher.write_all(page.path.as_bytes());
    // Writing into a hasher cannot fail; a view that cannot be serialised cannot be rendered
    // either, and rendering reports it.
    let _ = serde_json::to_writer(&mut hasher, &page.view);
    for &c in &page.charts {
        let chart = chart_hashes.get(c).copied().unwrap_or_default();
        let _ = hasher.write_all(&chart.to_le_bytes());
    }
    finish(hasher)
}

/// The hash of `value` as JSON.
pub(super) fn hash_of(value: &impl Serialize) -> u64 {
    let mut hasher = writer();
    let _ = serde_json::to_writer(&mut hasher, value);
    finish(hasher)
}

/// A hasher that bytes can be written into, through std's buffer.
fn writer() -> BufWriter<HashWrite> {
    BufWriter::with_capacity(HASH_BLOCK, HashWrite(DefaultHasher::new()))
}

/// The hash of what was written into `writer`.
fn finish(writer: BufWriter<HashWrite>) -> u64 {
    match writer.into_inner() {
        Ok(HashWrite(hasher)) => hasher.finish(),
        // Flushing into a hasher cannot fail.
        Err(e) => e.into_inner().get_ref().0.finish(),
    }
}

/// A [`Hasher`] as an [`io::Write`].
struct HashWrite(DefaultHasher);

impl Write for HashWrite {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        self.0.write(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}
