//! Writing the finished site: into a staging folder beside the output folder, swapped in only when
//! every file was written. A failed build — an error, a panic, or the process killed — leaves the
//! previous output as it was.

use std::fs;
use std::io;
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

use crate::diagnostics::{Code, Diagnostic};
use crate::progress::Progress;

/// A file's bytes, shared between threads, builds and the preview server without being copied.
pub type Bytes = Arc<[u8]>;

/// One file of the finished site.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutputFile {
    /// Its path relative to the output folder, `/`-separated.
    pub path: String,
    /// Its bytes.
    pub contents: Bytes,
}

/// Writes `files` as the new contents of `output`, replacing what was there: [`Staging::create`],
/// [`Staging::write`], [`Staging::publish`].
///
/// # Errors
/// An [`Code::Io`] diagnostic naming the path that could not be written; `output` is then
/// unchanged.
pub fn write_site(
    output: &Path,
    files: &[OutputFile],
    progress: &dyn Progress,
) -> Result<(), Diagnostic> {
    let staging = Staging::create(output)?;
    staging.write(files, progress)?;
    staging.publish()
}

/// A staging folder for the new contents of an output folder, beside it on the same file system:
/// `.<name>.staging-<pid>` (for `public/`: `.public.staging-1234/`).
///
/// [`Staging::publish`] puts it in the output's place. On Linux the two folders are exchanged in
/// one atomic step, so that the output is at every moment either the old site or the new one;
/// elsewhere the old folder is moved aside to `.<name>.old-<pid>` and the staging folder renamed
/// in its place. Dropped without being published — after an error or a panic — the staging
/// folder is removed and the output is as it was. Folders left by an interrupted run are dealt
/// with by [`recover`], which [`Staging::create`] calls first.
#[derive(Debug)]
pub struct Staging {
    dir: PathBuf,
    output: PathBuf,
}

impl Staging {
    /// An empty staging folder for `output`.
    ///
    /// # Errors
    /// An [`Code::Io`] diagnostic when `output` has no name, is a file, or the folder cannot be
    /// created.
    pub fn create(output: &Path) -> Result<Staging, Diagnostic> {
        let name = output
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .ok_or_else(|| Diagnostic::error(Code::Io, output, "the output folder needs a name"))?;
        let parent = parent_of(output);
        fs::create_dir_all(&parent).map_err(|e| fail(&parent, "create the folder", e))?;
        recover(output);
        if output.exists() && !output.is_dir() {
            return Err(Diagnostic::error(
                Code::Io,
                output,
                "the output path exists and is not a folder",
            ));
        }
        let dir = parent.join(format!(".{name}.staging-{}", std::process::id()));
        let staging = Staging {
            dir,
            output: output.to_path_buf(),
        };
        fs::create_dir_all(&staging.dir).map_err(|e| fail(&staging.dir, "create the folder", e))?;
        Ok(staging)
    }

    /// Writes `files` (paths relative to the output root, `/`-separated) into the staging folder,
    /// in parallel, telling `progress` of each.
    ///
    /// # Errors
    /// An [`Code::Io`] diagnostic naming the file that could not be written, or a path that
    /// would leave the folder.
    pub fn write(&self, files: &[OutputFile], progress: &dyn Progress) -> Result<(), Diagnostic> {
        write_all(&self.dir, files, None, progress)
    }

    /// [`Staging::write`], except that each of `files` whose index is in `same` — its bytes
    /// are those of the file at the same path in the folder `previous` — is hard-linked to that
    /// file instead of written again (written when it cannot be linked). Linking leaves the
    /// previous folder as it was.
    ///
    /// # Errors
    /// As [`Staging::write`].
    pub fn write_or_link(
        &self,
        files: &[OutputFile],
        same: &[usize],
        previous: &Path,
        progress: &dyn Progress,
    ) -> Result<(), Diagnostic> {
        let mut linked = vec![false; files.len()];
        for &n in same {
            if let Some(l) = linked.get_mut(n) {
                *l = true;
            }
        }
        write_all(&self.dir, files, Some((&linked, previous)), progress)
    }

    /// The staging folder itself.
    pub fn folder(&self) -> &Path {
        &self.dir
    }

    /// Puts the staging folder in the output's place and removes the previous site.
    ///
    /// # Errors
    /// An [`Code::Io`] diagnostic when the folders cannot be renamed; the output is then as it
    /// was.
    pub fn publish(self) -> Result<(), Diagnostic> {
        let output = &self.output;
        if output.exists() {
            if exchange(&self.dir, output).is_ok() {
                // The staging folder now holds the previous site; dropping it removes it.
                return Ok(());
            }
            let name = output.file_name().unwrap_or_default().to_string_lossy();
            let old = parent_of(output).join(format!(".{name}.old-{}", std::process::id()));
            fs::rename(output, &old)
                .map_err(|e| fail(output, "move the previous output aside", e))?;
            if let Err(e) = fs::rename(&self.dir, output) {
                let _ = fs::rename(&old, output);
                return Err(fail(output, "move the new site into place", e));
            }
            let _ = fs::remove_dir_all(&old);
        } else {
            fs::rename(&self.dir, output)
                .map_err(|e| fail(output, "move the new site into place", e))?;
        }
        Ok(())
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        remove_folder(&self.dir);
    }
}

/// Removes the folder `dir` and everything in it, if it exists, its top-level entries in
/// parallel (removing a site of many thousand files is bound by the file system's latency more
/// than by one core).
fn remove_folder(dir: &Path) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    let entries: Vec<PathBuf> = entries.filter_map(Result::ok).map(|e| e.path()).collect();
    entries.par_iter().for_each(|path| {
        if path.is_dir() && !path.is_symlink() {
            let _ = fs::remove_dir_all(path);
        } else {
            let _ = fs::remove_file(path);
        }
    });
    let _ = fs::remove_dir_all(dir);
}

/// The folder that holds `output` (`.` for a bare name).
fn parent_of(output: &Path) -> PathBuf {
    match output.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// An I/O error as a diagnostic: "cannot <what>: <error>" at `path`.
fn fail(path: &Path, what: &str, e: io::Error) -> Diagnostic {
    Diagnostic::error(Code::Io, path, format!("cannot {what}: {e}"))
}

/// Exchanges the folders `a` and `b` in one atomic step.
#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> io::Result<()> {
    use rustix::fs::{CWD, RenameFlags, renameat_with};
    renameat_with(CWD, a, CWD, b, RenameFlags::EXCHANGE).map_err(io::Error::from)
}

/// Where the file system cannot exchange two folders, the caller renames them in two steps.
#[cfg(not(target_os = "linux"))]
fn exchange(_: &Path, _: &Path) -> io::Result<()> {
    Err(io::Error::from(io::ErrorKind::Unsupported))
}

/// Deals with what an interrupted run left beside `output`: when there is no `output` but a
/// previous site moved aside (`.<name>.old-<pid>`), the newest of those is put back; every other
/// leftover staging or old folder is removed — but not one whose process is still running
/// (`in_use`): another build may be writing it. [`crate::build()`] calls this first, so that
/// even a build that fails puts back a site an earlier, killed build had moved aside.
pub fn recover(output: &Path) {
    let Some(name) = output.file_name().map(|n| n.to_string_lossy().into_owned()) else {
        return;
    };
    let parent = parent_of(output);
    let staging = format!(".{name}.staging-");
    let old = format!(".{name}.old-");
    let Ok(entries) = fs::read_dir(&parent) else {
        return;
    };
    let mut leftovers: Vec<(PathBuf, bool)> = entries
        .filter_map(Result::ok)
        .filter_map(|entry| {
            let file_name = entry.file_name().to_string_lossy().into_owned();
            let is_old = file_name.starts_with(&old);
            let prefix = if is_old { &old } else { &staging };
            let ours = is_old || file_name.starts_with(&staging);
            let busy = ours
                && in_use(
                    &entry.path(),
                    &file_name[prefix.len().min(file_name.len())..],
                );
            (ours && !busy).then(|| (entry.path(), is_old))
        })
        .collect();
    if !output.exists() {
        let newest = leftovers
            .iter()
            .filter(|(_, is_old)| *is_old)
            .max_by_key(|(path, _)| fs::metadata(path).and_then(|m| m.modified()).ok())
            .map(|(path, _)| path.clone());
        if let Some(previous) = newest
            && fs::rename(&previous, output).is_ok()
        {
            leftovers.retain(|(path, _)| *path != previous);
        }
    }
    for (path, _) in leftovers {
        let _ = fs::remove_dir_all(path);
    }
}

/// Whether the leftover folder at `path`, named with the process id `pid` (its name's end), may
/// still be in use by another process: on Linux, when that process is running; elsewhere, when
/// the folder changed in the last hour. This process's own folders are never in use here:
/// [`recover`] runs before it makes any.
fn in_use(path: &Path, pid: &str) -> bool {
    let Ok(pid) = pid.parse::<u32>() else {
        return false;
    };
    if pid == std::process::id() {
        return false;
    }
    if cfg!(target_os = "linux") {
        return Path::new("/proc").join(pid.to_string()).exists();
    }
    fs::metadata(path)
        .and_then(|m| m.modified())
        .ok()
        .and_then(|t| t.elapsed().ok())
        .is_some_and(|age| age < std::time::Duration::from_secs(3600))
}

/// Writes `files` into `dir`, their folders first; with `link`, the files marked in it are
/// hard-linked to the same path in its folder instead (and written when that fails).
fn write_all(
    dir: &Path,
    files: &[OutputFile],
    link: Option<(&[bool], &Path)>,
    progress: &dyn Progress,
) -> Result<(), Diagnostic> {
    let mut folders: Vec<PathBuf> = vec![dir.to_path_buf()];
    for file in files {
        let path = safe_join(dir, &file.path)?;
        if let Some(parent) = path.parent() {
            folders.push(parent.to_path_buf());
        }
    }
    folders.sort();
    folders.dedup();
    for folder in &folders {
        fs::create_dir_all(folder).map_err(|e| {
            Diagnostic::error(Code::Io, folder, format!("cannot create the folder: {e}"))
        })?;
    }
    files.par_iter().enumerate().try_for_each(|(n, file)| {
        let path = safe_join(dir, &file.path)?;
        if let Some((linked, previous)) = link
            && linked.get(n) == Some(&true)
            && fs::hard_link(previous.join(&file.path), &path).is_ok()
        {
            progress.advance(1);
            return Ok(());
        }
        fs::write(&path, &file.contents).map_err(|e| {
            Diagnostic::error(Code::Io, &path, format!("cannot write the file: {e}"))
        })?;
        progress.advance(1);
        Ok(())
    })
}

/// `dir` joined with the relative, `/`-separated `path`; an error for a path that would leave
/// `dir` (absolute, `..`), which the site graph never produces.
fn safe_join(dir: &Path, path: &str) -> Result<PathBuf, Diagnostic> {
    let relative = Path::new(path);
    if path.is_empty()
        || !relative
            .components()
            .all(|c| matches!(c, Component::Normal(_)))
    {
        return Err(Diagnostic::error(
            Code::Io,
            relative,
            "refusing to write outside the output folder",
        ));
    }
    Ok(dir.join(relative))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::progress::Silent;

    fn file(path: &str, text: &str) -> OutputFile {
        OutputFile {
            path: path.to_string(),
            contents: text.as_bytes().into(),
        }
    }

    #[test]
    fn replaces_the_previous_output_and_leaves_no_staging_folder()
    -> Result<(), Box<dyn std::error::Error>> {
        let tmp = tempfile::tempdir()?;
        let out = tmp.path().join("public");
        write_site(
            &out,
            &[file("index.html", "one"), file("a/b.html", "b")],
            &Silent,
        )?;
        write_site(&out, &[file("index.html", "two")], &Silent)?;
        assert_eq!(fs::read_to_string(out.join("index.html"))?, "two");
        assert!(!out.join("a").exists());
        let names: Vec<String> = fs::read_dir(tmp.path())?
            .filter_map(Result::ok)
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect();
        assert_eq!(names, ["public"]);
        Ok(())
    }

    #[test]
    fn a_path_leaving_the_folder_fails_and_keeps_the_old_output()
    -> Result<(), Box<dyn std::error::Error>> {
        let tmp = tempfile::tempdir()?;
        let out = tmp.path().join("public");
        write_site(&out, &[file("index.html", "old")], &Silent)?;
        let err = write_site(
            &out,
            &[file("index.html", "new"), file("../escape.html", "x")],
            &Silent,
        );
        assert!(err.is_err());
        assert_eq!(fs::read_to_string(out.join("index.html"))?, "old");
        assert!(!tmp.path().join("escape.html").exists());
        Ok(())
    }

    #[test]
    #[cfg(target_os = "linux")]
    fn a_staging_folder_of_a_running_build_is_left_alone() -> Result<(), Box<dyn std::error::Error>>
    {
        let tmp = tempfile::tempdir()?;
        // The parent of this test process is running (the test harness or cargo).
        let running = std::os::unix::process::parent_id();
        let busy = tmp.path().join(format!(".public.staging-{running}"));
        fs::create_dir_all(busy.join("x"))?;
        fs::create_dir_all(tmp.path().join("public"))?;
        recover(&tmp.path().join("public"));
        assert!(busy.exists());
        Ok(())
    }

    #[test]
    fn stale_staging_folders_are_removed() -> Result<(), Box<dyn std::error::Error>> {
        let tmp = tempfile::tempdir()?;
        fs::create_dir_all(tmp.path().join(".public.staging-4294967295/x"))?;
        write_site(
            &tmp.path().join("public"),
            &[file("index.html", "x")],
            &Silent,
        )?;
        assert!(!tmp.path().join(".public.staging-4294967295").exists());
        Ok(())
    }
}
