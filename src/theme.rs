//! The theme: the Tera templates that make the pages and the static files (CSS, scripts, icon)
//! copied beside them.
//!
//! The default theme is compiled into the binary, so a site needs no `themes/` folder. A site
//! may override it file by file: a file under `themes/<name>/templates/` or
//! `themes/<name>/static/` takes the place of the built-in file of the same name, and a file the
//! default theme does not have is added. `<name>` is `theme` in `site.toml` (`default` when
//! absent). [`write_default`] writes the built-in files out for a city that wants to restyle them
//! (`mieruka new theme`).

use std::fs;
use std::path::{Path, PathBuf};

use include_dir::{Dir, include_dir};
use walkdir::WalkDir;

use crate::diagnostics::{Code, Diagnostic, Diagnostics};

/// The folder under the site's root that holds the themes.
pub const THEMES_DIR: &str = "themes";
/// Whether a file under `templates/` named `name` is a template: HTML pages, XML feeds.
fn is_template(name: &str) -> bool {
    name.ends_with(".html") || name.ends_with(".xml")
}

/// The folder of templates in a theme.
pub const TEMPLATES_DIR: &str = "templates";
/// The folder of static files in a theme; copied to `static/` in the output.
pub const STATIC_DIR: &str = "static";
/// The name of the built-in theme.
pub const DEFAULT_THEME: &str = "default";

/// The built-in theme, as it is in this repository's `themes/default/`.
static BUILT_IN: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/themes/default");

/// Where a file of the theme comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    /// The theme compiled into the binary.
    BuiltIn,
    /// A file of the site's `themes/<name>/` folder, at this path.
    Site(PathBuf),
}

/// One file of a theme.
#[derive(Debug, Clone)]
pub struct ThemeFile {
    /// Its name under `templates/` or `static/`, `/`-separated (`plan.html`, `style.css`).
    pub name: String,
    /// Its bytes.
    pub contents: Vec<u8>,
    /// Where it comes from.
    pub origin: Origin,
}

impl ThemeFile {
    /// The path a message about this file names: the site's file, or where the built-in file
    /// would be written by `mieruka new theme` (`themes/default/templates/plan.html (built in)`).
    pub fn shown_path(&self, folder: &str) -> PathBuf {
        match &self.origin {
            Origin::Site(path) => path.clone(),
            Origin::BuiltIn => PathBuf::from(format!(
                "{THEMES_DIR}/{DEFAULT_THEME}/{folder}/{} (built in)",
                self.name
            )),
        }
    }
}

/// A theme with the site's files laid over the built-in ones: every template and every static
/// file, each sorted by name.
#[derive(Debug, Clone)]
pub struct Theme {
    /// The templates under `templates/`: the pages' `*.html` and the feed's `atom.xml`.
    pub templates: Vec<ThemeFile>,
    /// The files under `static/`.
    pub statics: Vec<ThemeFile>,
}

impl Theme {
    /// The built-in theme alone.
    pub fn built_in() -> Theme {
        let files = |folder: &str| -> Vec<ThemeFile> {
            let mut files = Vec::new();
            if let Some(dir) = BUILT_IN.get_dir(folder) {
                collect_built_in(dir, folder, &mut files);
            }
            if folder == TEMPLATES_DIR {
                files.retain(|f| is_template(&f.name));
            }
            files.sort_by(|a, b| a.name.cmp(&b.name));
            files
        };
        Theme {
            templates: files(TEMPLATES_DIR),
            statics: files(STATIC_DIR),
        }
    }

    /// The theme `name` of the site under `root`: the built-in theme with the files of
    /// `root/themes/<name>/` laid over it. For the theme `default`, the folder may be absent.
    ///
    /// # Errors
    /// [`Code::Template`] when a theme other than `default` has no folder; [`Code::Io`] for each
    /// file of the folder that cannot be read.
    pub fn load(root: &Path, name: &str) -> Result<Theme, Diagnostics> {
        let mut theme = Theme::built_in();
        let dir = root.join(THEMES_DIR).join(name);
        let mut problems = Diagnostics::default();
        if !dir.is_dir() {
            if name == DEFAULT_THEME {
                return Ok(theme);
            }
            problems.push(
                Diagnostic::error(
                    Code::Template,
                    &root.join("site.toml"),
                    format!("`theme = \"{name}\"`, but there is no folder {THEMES_DIR}/{name}"),
                )
                .with_hint(
                    "write the default theme there with `mieruka new theme`, or remove `theme` to use the built-in one",
                ),
            );
            return Err(problems);
        }
        for (folder, files) in [
            (TEMPLATES_DIR, &mut theme.templates),
            (STATIC_DIR, &mut theme.statics),
        ] {
            let base = dir.join(folder);
            for entry in WalkDir::new(&base)
                .sort_by_file_name()
                .into_iter()
                .filter_map(Result::ok)
                .filter(|e| e.file_type().is_file())
            {
                let path = entry.path();
                if folder == TEMPLATES_DIR && !is_template(&path.to_string_lossy()) {
                    continue;
                }
                let contents = match fs::read(path) {
                    Ok(contents) => contents,
                    Err(e) => {
                        problems.push(Diagnostic::error(
                            Code::Io,
                            path,
                            format!("cannot read the theme's file: {e}"),
                        ));
                        continue;
                    }
                };
                let file = ThemeFile {
                    name: relative_name(&base, path),
                    contents,
                    origin: Origin::Site(path.to_path_buf()),
                };
                match files.iter_mut().find(|f| f.name == file.name) {
                    Some(existing) => *existing = file,
                    None => files.push(file),
                }
            }
            files.sort_by(|a, b| a.name.cmp(&b.name));
        }
        if problems.has_errors() {
            return Err(problems);
        }
        Ok(theme)
    }
}

/// Every file under the built-in folder `dir`, named relative to `folder`.
fn collect_built_in(dir: &Dir<'static>, folder: &str, out: &mut Vec<ThemeFile>) {
    for file in dir.files() {
        let name = file
            .path()
            .strip_prefix(folder)
            .unwrap_or(file.path())
            .components()
            .map(|c| c.as_os_str().to_string_lossy())
            .collect::<Vec<_>>()
            .join("/");
        out.push(ThemeFile {
            name,
            contents: file.contents().to_vec(),
            origin: Origin::BuiltIn,
        });
    }
    for sub in dir.dirs() {
        collect_built_in(sub, folder, out);
    }
}

/// `path` relative to `dir`, with `/` separators.
pub(crate) fn relative_name(dir: &Path, path: &Path) -> String {
    path.strip_prefix(dir)
        .unwrap_or(path)
        .components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// What [`write_default`] did with one file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Written {
    /// The file was written.
    Written(PathBuf),
    /// The site already has the file; it was left as it is.
    Kept(PathBuf),
}

/// Writes the built-in theme's files into `root/themes/<name>/`, for a city to restyle: all of
/// them, or only those named in `only` (`templates/plan.html`, `static/style.css`). A file the
/// site already has is kept, never overwritten.
///
/// # Errors
/// [`Code::Io`] naming a file `only` asks for that the built-in theme does not have (with the
/// names it has), or a file that cannot be written.
pub fn write_default(root: &Path, name: &str, only: &[String]) -> Result<Vec<Written>, Diagnostic> {
    let theme = Theme::built_in();
    let dir = root.join(THEMES_DIR).join(name);
    let all: Vec<(String, &ThemeFile)> = [
        (TEMPLATES_DIR, &theme.templates),
        (STATIC_DIR, &theme.statics),
    ]
    .into_iter()
    .flat_map(|(folder, files)| {
        files
            .iter()
            .map(move |f| (format!("{folder}/{}", f.name), f))
    })
    .collect();
    for wanted in only {
        if !all.iter().any(|(path, _)| path == wanted) {
            let names: Vec<&str> = all.iter().map(|(p, _)| p.as_str()).collect();
            return Err(Diagnostic::error(
                Code::Io,
                &dir.join(wanted),
                format!("the default theme has no file `{wanted}`"),
            )
            .with_hint(format!("its files are: {}", names.join(", "))));
        }
    }
    let mut done = Vec::new();
    for (relative, file) in all {
        if !only.is_empty() && !only.contains(&relative) {
            continue;
        }
        let path = dir.join(&relative);
        if path.exists() {
            done.push(Written::Kept(path));
            continue;
        }
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent).map_err(|e| cannot_write(parent, &e))?;
        }
        fs::write(&path, &file.contents).map_err(|e| cannot_write(&path, &e))?;
        done.push(Written::Written(path));
    }
    Ok(done)
}

fn cannot_write(path: &Path, e: &std::io::Error) -> Diagnostic {
    Diagnostic::error(Code::Io, path, format!("cannot write: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_built_in_theme_has_every_page_template_and_its_styles() {
        let theme = Theme::built_in();
        let names: Vec<&str> = theme.templates.iter().map(|f| f.name.as_str()).collect();
        for page in [
            "base.html",
            "index.html",
            "plan.html",
            "project.html",
            "404.html",
        ] {
            assert!(names.contains(&page), "{page} missing from {names:?}");
        }
        assert!(theme.statics.iter().any(|f| f.name == "style.css"));
        assert!(theme.templates.iter().all(|f| f.origin == Origin::BuiltIn));
    }

    #[test]
    fn a_site_file_takes_the_place_of_the_built_in_one_of_the_same_name() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let own = dir.path().join("themes/civic/static/style.css");
        fs::create_dir_all(own.parent().unwrap_or(dir.path())).unwrap_or_else(|e| panic!("{e}"));
        fs::write(&own, "body { color: navy }").unwrap_or_else(|e| panic!("{e}"));
        let theme = Theme::load(dir.path(), "civic").unwrap_or_else(|d| panic!("{d}"));
        let style = theme.statics.iter().find(|f| f.name == "style.css");
        assert_eq!(
            style.map(|f| (f.contents.as_slice(), &f.origin)),
            Some((&b"body { color: navy }"[..], &Origin::Site(own)))
        );
        assert_eq!(theme.statics.len(), Theme::built_in().statics.len());
        assert!(Theme::load(dir.path(), "missing").is_err());
        assert!(Theme::load(dir.path(), DEFAULT_THEME).is_ok());
    }

    #[test]
    fn the_default_theme_is_written_out_without_overwriting_the_site_s_files() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let own = dir.path().join("themes/default/static/style.css");
        fs::create_dir_all(own.parent().unwrap_or(dir.path())).unwrap_or_else(|e| panic!("{e}"));
        fs::write(&own, "/* ours */").unwrap_or_else(|e| panic!("{e}"));
        let only = [
            "static/style.css".to_string(),
            "templates/base.html".to_string(),
        ];
        let done =
            write_default(dir.path(), DEFAULT_THEME, &only).unwrap_or_else(|d| panic!("{d}"));
        let base = dir.path().join("themes/default/templates/base.html");
        assert_eq!(
            done,
            [Written::Written(base.clone()), Written::Kept(own.clone())]
        );
        assert_eq!(fs::read_to_string(&own).unwrap_or_default(), "/* ours */");
        let built_in = Theme::built_in();
        let template = built_in.templates.iter().find(|f| f.name == "base.html");
        assert_eq!(
            fs::read(&base).ok().as_deref(),
            template.map(|f| f.contents.as_slice())
        );
        let all = write_default(dir.path(), DEFAULT_THEME, &[]).unwrap_or_else(|d| panic!("{d}"));
        assert_eq!(all.len(), built_in.templates.len() + built_in.statics.len());
        let unknown = write_default(dir.path(), DEFAULT_THEME, &["static/logo.png".to_string()])
            .err()
            .map(|d| d.message)
            .unwrap_or_default();
        assert_eq!(unknown, "the default theme has no file `static/logo.png`");
    }
}
