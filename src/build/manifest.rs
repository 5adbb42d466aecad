//! What a build wrote, for the next build over the same output folder to reuse: each page's
//! and chart file's fingerprint and each search shard's key, in `.<output>.manifest.json` beside
//! the output folder (`.public.manifest.json` beside `public/`), never published with the site.
//!
//! A manifest belongs to one output folder: it names the folder by its device and inode, which
//! the atomic swap of [`crate::output::Staging::publish`] carries over. A manifest whose folder
//! is not the one there now (a build that failed after writing it, a folder copied or replaced
//! by hand), of another version of mieruka, or that cannot be read is ignored: the build then
//! makes everything, as a first build does.

use std::collections::HashMap;
use std::fs;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::search::INDEX_DIR;

/// The fingerprints of what a build wrote into its output folder.
#[derive(Debug, Default, Serialize, Deserialize)]
pub struct Manifest {
    /// The version of mieruka that wrote it.
    version: String,
    /// The output folder it describes: device and inode.
    folder: (u64, u64),
    /// The templates' and settings' fingerprint the pages were rendered with.
    pub basis: u64,
    /// Each page's fingerprint, by path.
    pub pages: HashMap<String, u64>,
    /// Each chart with files of its own: the path of its SVG, by the chart's fingerprint.
    pub charts: HashMap<u64, String>,
    /// Each search shard's key ([`crate::search`]), shard 1 first.
    pub shards: Vec<u64>,
}

/// A previous build's output folder and its manifest.
#[derive(Debug)]
pub struct Previous {
    /// The output folder.
    pub folder: PathBuf,
    /// What is in it.
    pub manifest: Manifest,
}

impl Previous {
    /// The previous build of `output`, when it has a manifest that describes it; `None`
    /// otherwise (nothing can be reused). Its pages and charts can be reused only by a build
    /// with the same [`Manifest::basis`]; its search shards by any build whose shard has the
    /// same key.
    pub fn of(output: &Path) -> Option<Previous> {
        let text = fs::read(path(output)).ok()?;
        let manifest: Manifest = serde_json::from_slice(&text).ok()?;
        let current = (manifest.version == env!("CARGO_PKG_VERSION")
            && Some(manifest.folder) == folder_id(output))
        .then_some(manifest)?;
        Some(Previous {
            folder: output.to_path_buf(),
            manifest: current,
        })
    }

    /// The bytes of the file at `path` (relative to the output folder), as the previous build
    /// wrote it; `None` when it cannot be read.
    pub fn read(&self, path: &str) -> Option<Vec<u8>> {
        fs::read(self.folder.join(path)).ok()
    }

    /// Hard-links the files of search shard `number` (`pagefind/<number>/…`) as the previous
    /// build wrote them into the same place under `staging`, when that shard had `key`: how
    /// many files; `None` when it had another key or a file could not be linked (what was
    /// linked is removed again, so that making the shard writes no file the previous build
    /// shares).
    pub fn link_shard(&self, number: usize, key: u64, staging: &Path) -> Option<usize> {
        if self.manifest.shards.get(number.checked_sub(1)?) != Some(&key) {
            return None;
        }
        let mut linked = Vec::new();
        let all = (|| {
            let dir = self.folder.join(format!("{INDEX_DIR}/{number}"));
            for entry in walkdir::WalkDir::new(dir) {
                let entry = entry.ok()?;
                let target = staging.join(entry.path().strip_prefix(&self.folder).ok()?);
                if entry.file_type().is_dir() {
                    fs::create_dir_all(&target).ok()?;
                } else {
                    fs::hard_link(entry.path(), &target).ok()?;
                    linked.push(target);
                }
            }
            Some(())
        })();
        if all.is_none() || linked.is_empty() {
            for target in &linked {
                let _ = fs::remove_file(target);
            }
            return None;
        }
        Some(linked.len())
    }
}

impl Manifest {
    /// Writes the manifest for the folder `staging`, which becomes `output` when published:
    /// before publishing, so that a published folder never lacks its manifest (a manifest
    /// whose folder was not published names a folder that is not there, and is ignored).
    ///
    /// # Errors
    /// When the file cannot be written, or the folder's identity cannot be read.
    pub fn write(mut self, staging: &Path, output: &Path) -> std::io::Result<()> {
        self.version = env!("CARGO_PKG_VERSION").to_string();
        self.folder = folder_id(staging).ok_or_else(|| std::io::Error::other("no inode"))?;
        let json = serde_json::to_vec(&self).map_err(std::io::Error::other)?;
        fs::write(path(output), json)
    }
}

/// Removes the manifest of `output`, before a build that will not write one.
pub fn remove(output: &Path) {
    let _ = fs::remove_file(path(output));
}

/// The manifest's path: `.<name>.manifest.json` beside the output folder.
fn path(output: &Path) -> PathBuf {
    let name = output
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let parent = output.parent().unwrap_or(Path::new("."));
    parent.join(format!(".{name}.manifest.json"))
}

/// The device and inode of the folder `dir`; `None` when it cannot be read, or on a system
/// without inodes.
fn folder_id(dir: &Path) -> Option<(u64, u64)> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        let metadata = fs::metadata(dir).ok()?;
        Some((metadata.dev(), metadata.ino()))
    }
    #[cfg(not(unix))]
    {
        let _ = dir;
        None
    }
}
