//! The shards of the preview's last index, kept for the next ([`ShardCache`]).

use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, PoisonError};

use super::INDEX_DIR;
use crate::output::OutputFile;

/// The shards of the last index a preview made, by number and key ([`super::shard_key`]), so that the
/// next index makes again only the shards whose pages changed: after one saved project, the
/// shard of that project's plan, not the whole site's.
#[derive(Debug, Default)]
pub struct ShardCache {
    shards: Mutex<HashMap<(usize, u64), Vec<OutputFile>>>,
    /// How many shards were taken from the cache, in all.
    hits: AtomicUsize,
}

impl ShardCache {
    /// The files of shard `number` with `key`, if the last index had it.
    pub(super) fn get(&self, number: usize, key: u64) -> Option<Vec<OutputFile>> {
        let files = self
            .shards
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .get(&(number, key))
            .cloned()?;
        self.hits.fetch_add(1, Ordering::Relaxed);
        Some(files)
    }

    /// How many shards the indexes made with this cache took from it instead of making them.
    pub fn hits(&self) -> usize {
        self.hits.load(Ordering::Relaxed)
    }

    /// Keeps the shards of an index just made (`files`, its shards' `keys`, shard 1 first) in
    /// place of those kept until now.
    pub(super) fn keep(&self, files: &[OutputFile], keys: &[u64]) {
        let mut shards: HashMap<(usize, u64), Vec<OutputFile>> = HashMap::new();
        for file in files {
            let number = file
                .path
                .strip_prefix(INDEX_DIR)
                .and_then(|rest| rest.strip_prefix('/'))
                .and_then(|rest| rest.split_once('/'))
                .and_then(|(n, _)| n.parse::<usize>().ok());
            if let Some(number) = number
                && let Some(key) = keys.get(number.wrapping_sub(1))
            {
                shards.entry((number, *key)).or_default().push(file.clone());
            }
        }
        *self.shards.lock().unwrap_or_else(PoisonError::into_inner) = shards;
    }
}
