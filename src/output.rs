//! Writing the finished site: into a staging folder beside the output folder, swapped in only when
//! every file was written. A failed build leaves the previous output as it was.

use std::fs;
use std::io;
use std::path::{Component, Path, PathBuf};

use rayon::prelude::*;

use crate::diagnostics::{Code, Diagnostic};
use crate::progress::Progress;
use crate::render::OutputFile;

/// Writes `files` as the new contents of `output`, replacing what was there.
///
/// The files go to `.<name>.staging-<pid>` beside `output`; then the old folder is moved aside,
/// the staging folder renamed to `output`, and the old one removed. Leftover staging folders of
/// an interrupted run are removed first.
///
/// # Errors
/// An [`Code::Io`] diagnostic naming the path that could not be written; `output` is then
/// unchanged.
pub fn write_site(
    output: &Path,
    files: &[OutputFile],
    progress: &dyn Progress,
) -> Result<(), Diagnostic> {
    let fail = |path: &Path, what: &str, e: io::Error| {
        Diagnostic::error(Code::Io, path, format!("cannot {what}: {e}"))
    };
    let name = output
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .ok_or_else(|| Diagnostic::error(Code::Io, output, "the output folder needs a name"))?;
    let parent = match output.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    fs::create_dir_all(&parent).map_err(|e| fail(&parent, "create the folder", e))?;
    if output.exists() && !output.is_dir() {
        return Err(Diagnostic::error(
            Code::Io,
            output,
            "the output path exists and is not a folder",
        ));
    }
    remove_leftovers(&parent, &name);

    let pid = std::process::id();
    let staging = parent.join(format!(".{name}.staging-{pid}"));
    let result = write_all(&staging, files, progress);
    if let Err(d) = result {
        let _ = fs::remove_dir_all(&staging);
        return Err(d);
    }

    let old = parent.join(format!(".{name}.old-{pid}"));
    let had_output = output.exists();
    if had_output {
        fs::rename(output, &old).map_err(|e| {
            let _ = fs::remove_dir_all(&staging);
            fail(output, "move the previous output aside", e)
        })?;
    }
    if let Err(e) = fs::rename(&staging, output) {
        if had_output {
            let _ = fs::rename(&old, output);
        }
        let _ = fs::remove_dir_all(&staging);
        return Err(fail(output, "move the new site into place", e));
    }
    if had_output {
        let _ = fs::remove_dir_all(&old);
    }
    Ok(())
}

/// Writes every file under `dir`, creating folders as needed.
fn write_all(dir: &Path, files: &[OutputFile], progress: &dyn Progress) -> Result<(), Diagnostic> {
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
    files.par_iter().try_for_each(|file| {
        let path = safe_join(dir, &file.path)?;
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

/// Removes `.<name>.staging-*` and `.<name>.old-*` folders left by a run that was interrupted.
fn remove_leftovers(parent: &Path, name: &str) {
    let staging = format!(".{name}.staging-");
    let old = format!(".{name}.old-");
    let Ok(entries) = fs::read_dir(parent) else {
        return;
    };
    for entry in entries.filter_map(Result::ok) {
        let file_name = entry.file_name();
        let file_name = file_name.to_string_lossy();
        if file_name.starts_with(&staging) || file_name.starts_with(&old) {
            let _ = fs::remove_dir_all(entry.path());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::progress::Silent;

    fn file(path: &str, text: &str) -> OutputFile {
        OutputFile {
            path: path.to_string(),
            contents: text.as_bytes().to_vec(),
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
    fn stale_staging_folders_are_removed() -> Result<(), Box<dyn std::error::Error>> {
        let tmp = tempfile::tempdir()?;
        fs::create_dir_all(tmp.path().join(".public.staging-99999/x"))?;
        write_site(
            &tmp.path().join("public"),
            &[file("index.html", "x")],
            &Silent,
        )?;
        assert!(!tmp.path().join(".public.staging-99999").exists());
        Ok(())
    }
}
