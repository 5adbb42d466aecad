//! The check that no two outputs of a build share a path ([`Outputs`]).

use std::collections::HashMap;
use std::path::Path;

use crate::diagnostics::{Code, Diagnostic, Diagnostics};
use crate::output::OutputFile;
use crate::site::{SiteGraph, urls};

/// Every path a build writes, with what writes it. Paths are unique by construction
/// ([`urls`]); this is the check that they stay so: a second output for a path is an error
/// naming both, never a file silently written over.
#[derive(Debug, Default)]
pub struct Outputs {
    seen: HashMap<String, String>,
}

impl Outputs {
    /// Records that `source` writes `path`; an error when something else already does.
    pub fn claim(&mut self, path: &str, source: String, problems: &mut Diagnostics) {
        if let Some(first) = self.seen.get(path) {
            problems.push(
                Diagnostic::error(
                    Code::DuplicateId,
                    Path::new(path),
                    format!("two outputs would be written at this path: {first}, and {source}"),
                )
                .with_hint("give one of them another id"),
            );
        } else {
            self.seen.insert(path.to_string(), source);
        }
    }

    /// Records the pages and charts (SVG and CSV) of `graph`.
    ///
    /// # Errors
    /// One diagnostic per path that something else already writes.
    pub fn graph(&mut self, graph: &SiteGraph) -> Result<(), Diagnostics> {
        let mut problems = Diagnostics::default();
        for page in &graph.pages {
            let source = format!("the page made by {}", page.view.template());
            self.claim(&page.path, source, &mut problems);
        }
        for chart in graph.charts.iter().filter(|c| c.files) {
            let source = format!("the chart 「{}」", chart.title);
            self.claim(&chart.path, source.clone(), &mut problems);
            self.claim(&urls::chart_data(&chart.path), source, &mut problems);
        }
        if problems.has_errors() {
            return Err(problems);
        }
        Ok(())
    }

    /// Records `files`, written as `what`.
    ///
    /// # Errors
    /// One diagnostic per path that something else already writes.
    pub fn files(&mut self, files: &[OutputFile], what: &str) -> Result<(), Diagnostics> {
        self.paths(files.iter().map(|f| f.path.as_str()), what)
    }

    /// Records `paths`, written as `what`.
    ///
    /// # Errors
    /// One diagnostic per path that something else already writes.
    pub fn paths<'a>(
        &mut self,
        paths: impl IntoIterator<Item = &'a str>,
        what: &str,
    ) -> Result<(), Diagnostics> {
        let mut problems = Diagnostics::default();
        for path in paths {
            self.claim(path, what.to_string(), &mut problems);
        }
        if problems.has_errors() {
            return Err(problems);
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::site::views::{NotFoundView, PageHead};
    use crate::site::{Page, PageView, SiteGraph};

    #[test]
    fn a_second_output_for_a_path_is_an_error_naming_both() {
        let page = |path: &str| Page {
            path: path.to_string(),
            view: PageView::NotFound(NotFoundView {
                head: PageHead::new("x", Vec::new()),
                search_url: None,
            }),
            charts: Vec::new(),
        };
        let mut outputs = Outputs::default();
        let first = SiteGraph {
            pages: vec![page("p/charts/ratings.svg")],
            charts: Vec::new(),
        };
        assert!(outputs.graph(&first).is_ok());
        let data = [OutputFile {
            path: "p/charts/ratings.svg".to_string(),
            contents: Vec::new().into(),
        }];
        let problems = outputs
            .files(&data, "a data download")
            .err()
            .map(|d| d.to_string())
            .unwrap_or_default();
        assert!(
            problems.contains("p/charts/ratings.svg")
                && problems.contains("the page made by 404.html, and a data download"),
            "{problems}"
        );
    }
}
