//! Collecting the problems of one file, each located by its dotted YAML path.

use crate::diagnostics::{Code, Diagnostic, Position, Severity};
use crate::fiscal_year::FiscalYear;
use crate::load::SourceFile;
use crate::load::source_map::SourceMap;

/// Collects the problems of one file, locating each by its dotted YAML path.
pub(crate) struct FileCheck<'a> {
    pub(crate) file: &'a SourceFile,
    map: Option<SourceMap>,
    found: Vec<Diagnostic>,
}

impl<'a> FileCheck<'a> {
    pub(crate) fn new(file: &'a SourceFile) -> Self {
        FileCheck {
            file,
            map: None,
            found: Vec::new(),
        }
    }

    pub(crate) fn map(&mut self) -> &SourceMap {
        self.map
            .get_or_insert_with(|| SourceMap::new(&self.file.text))
    }

    /// An error at the value (or key) at `path`.
    pub(crate) fn error(&mut self, code: Code, path: &str, message: String, hint: Option<String>) {
        let position = self.map().locate(path);
        self.push(code, position, message, hint);
    }

    /// The key naming `fy` in the map at `map_path` (`years`), as written (2019, 令和元年度 …),
    /// with its position.
    pub(crate) fn year_key(
        &mut self,
        map_path: &str,
        fy: FiscalYear,
    ) -> Option<(String, Position)> {
        let prefix = format!("{map_path}.");
        self.map()
            .keys_under(&prefix)
            .find(|(key, _)| key.parse::<FiscalYear>().ok() == Some(fy))
            .map(|(key, position)| (key.to_string(), position))
    }

    /// An error at the key naming `fy` in the map at `map_path`.
    pub(crate) fn error_at_year_key(
        &mut self,
        code: Code,
        map_path: &str,
        fy: FiscalYear,
        message: String,
    ) {
        let position = match self.year_key(map_path, fy) {
            Some((_, position)) => position,
            None => self.map().locate(map_path),
        };
        self.push(code, position, message, None);
    }

    pub(crate) fn push(
        &mut self,
        code: Code,
        position: Position,
        message: String,
        hint: Option<String>,
    ) {
        let mut d = Diagnostic::error(code, &self.file.path, message).at(&self.file.text, position);
        d.hint = hint;
        self.found.push(d);
    }

    /// A warning at the value (or key) at `path`: probably a mistake, but the site can be built.
    pub(crate) fn warning(
        &mut self,
        code: Code,
        path: &str,
        message: String,
        hint: Option<String>,
    ) {
        let position = self.map().locate(path);
        self.warning_at(code, position, message, hint);
    }

    /// A warning at `position`.
    pub(crate) fn warning_at(
        &mut self,
        code: Code,
        position: Position,
        message: String,
        hint: Option<String>,
    ) {
        let mut d = Diagnostic::error(code, &self.file.path, message).at(&self.file.text, position);
        d.severity = Severity::Warning;
        d.hint = hint;
        self.found.push(d);
    }

    pub(crate) fn into_diagnostics(self) -> Vec<Diagnostic> {
        self.found
    }
}
