//! Turning the site graph into files: HTML pages from the theme's Tera templates ([`crate::theme`]), SVG charts from
//! plotters, and the theme's static files. Nothing is written to disk here ([`crate::output`] does
//! that), so a failure leaves no half-written site.

pub mod chart;
pub mod crawlers;
pub mod markdown;

use std::collections::HashMap;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::path::{Path, PathBuf};

use serde::Serialize;
use tera::{Context, Kwargs, State, Tera, Value};

use crate::config::{License, SiteConfig};
use crate::diagnostics::{Code, Diagnostic, Diagnostics};
use crate::output::OutputFile;
use crate::site::summary::ChartSpec;
use crate::site::{Page, urls};
use crate::theme::{STATIC_DIR, TEMPLATES_DIR, THEMES_DIR, Theme};

/// A theme's templates, compiled once, and its static files.
pub struct Renderer {
    tera: Tera,
    /// Each template's path, for messages.
    paths: HashMap<String, PathBuf>,
    /// The theme's static files, as they go into the output.
    statics: Vec<OutputFile>,
    fingerprint: u64,
}

/// The site-wide values every template sees as `site`.
#[derive(Debug, Serialize)]
struct SiteContext<'a> {
    title: &'a str,
    description: Option<&'a str>,
    language: &'a str,
    /// The licence of the data, for the footer.
    license: &'a License,
    /// The pages every page links to, relative to the output root; no search page when the
    /// site has no search.
    search_url: Option<String>,
    /// The site's Atom feed.
    feed_url: String,
    accessibility_url: String,
    departments_url: String,
    home_url: String,
    /// The theme's icon and script folder, relative to the output root.
    static_url: String,
}

impl Renderer {
    /// Compiles every template of `theme`.
    ///
    /// # Errors
    /// A [`Code::Template`] diagnostic per template that is not UTF-8 text, and one for a syntax
    /// error or a missing parent template.
    pub fn new(theme: &Theme) -> Result<Renderer, Diagnostics> {
        let mut diagnostics = Diagnostics::default();
        let mut templates = Vec::new();
        let mut paths = HashMap::new();
        for file in &theme.templates {
            let path = file.shown_path(TEMPLATES_DIR);
            match std::str::from_utf8(&file.contents) {
                Ok(text) => templates.push((file.name.clone(), text.to_string())),
                Err(e) => diagnostics.push(Diagnostic::error(
                    Code::Template,
                    &path,
                    format!("the template is not UTF-8 text: {e}"),
                )),
            }
            paths.insert(file.name.clone(), path);
        }
        let mut hasher = DefaultHasher::new();
        templates.hash(&mut hasher);
        let fingerprint = hasher.finish();
        let mut tera = Tera::new();
        tera.register_filter("markdown", markdown_filter);
        if let Err(e) = tera.add_raw_templates(templates) {
            // Tera's message names the template (first the one that failed); the diagnostic
            // points at its file.
            let message = format!("{e}");
            let path = theme
                .templates
                .iter()
                .filter_map(|f| message.find(&format!("'{}'", f.name)).map(|at| (at, f)))
                .min_by_key(|(at, _)| *at)
                .map_or_else(
                    || PathBuf::from(THEMES_DIR),
                    |(_, f)| f.shown_path(TEMPLATES_DIR),
                );
            diagnostics.push(Diagnostic::error(
                Code::Template,
                &path,
                format!("a template has an error:\n{message}"),
            ));
        }
        if diagnostics.has_errors() {
            return Err(diagnostics);
        }
        let statics = theme
            .statics
            .iter()
            .map(|f| OutputFile {
                path: format!("{STATIC_DIR}/{}", f.name),
                contents: f.contents.clone().into(),
            })
            .collect();
        Ok(Renderer {
            tera,
            paths,
            statics,
            fingerprint,
        })
    }

    /// A number that changes when any template changes: pages rendered with a renderer of the
    /// same fingerprint from the same view are the same.
    pub fn fingerprint(&self) -> u64 {
        self.fingerprint
    }

    /// One page of the site, showing `charts`: the SVG of each of `page.charts`, in order
    /// (`None` for a chart that could not be drawn).
    ///
    /// # Errors
    /// A [`Code::Template`] diagnostic naming the template and the page.
    pub fn page(
        &self,
        page: &Page,
        config: &SiteConfig,
        charts: &[Option<&str>],
    ) -> Result<OutputFile, Diagnostic> {
        let template = page.view.template();
        let fail = |message: String| {
            let path = self
                .paths
                .get(template)
                .cloned()
                .unwrap_or_else(|| PathBuf::from(template));
            Diagnostic::error(
                Code::Template,
                &path,
                format!("rendering {}: {message}", page.path),
            )
        };
        let site = SiteContext {
            title: &config.title,
            description: config.description.as_deref(),
            language: &config.language,
            license: &config.license,
            search_url: config.search.then(urls::search),
            feed_url: urls::site_feed(),
            accessibility_url: urls::accessibility(),
            departments_url: urls::departments(),
            home_url: urls::home(),
            static_url: format!("{STATIC_DIR}/"),
        };
        let mut context = Context::from_serialize(&page.view).map_err(|e| fail(e.to_string()))?;
        context.insert("site", &site);
        let root = urls::root_from(&page.path, config.base_url.as_deref());
        // With a full base URL the page's own address is known: for Open Graph and search
        // engines.
        let canonical = config
            .full_base_url()
            .map(|base| format!("{}{}", urls::root_from(&page.path, Some(base)), page.path));
        context.insert("root", &root);
        context.insert("canonical", &canonical);
        context.insert("path", &page.path);
        let svgs: Vec<Value> = charts
            .iter()
            .map(|svg| svg.map_or(Value::none(), Value::safe_string))
            .collect();
        context.insert_value("charts", Value::from(svgs));
        let html = self
            .tera
            .render(template, &context)
            .map_err(|e| fail(e.to_string()))?;
        Ok(OutputFile {
            path: page.path.clone(),
            contents: html.into_bytes().into(),
        })
    }

    /// The theme's static files, under `static/` in the output.
    pub fn static_files(&self) -> Vec<OutputFile> {
        self.statics.clone()
    }
}

/// Draws the chart `spec` as SVG.
///
/// # Errors
/// A [`Code::Template`] diagnostic naming the chart's file.
pub fn draw(spec: &ChartSpec) -> Result<String, Diagnostic> {
    chart::draw(spec)
        .map_err(|e| Diagnostic::error(Code::Template, Path::new(&spec.path), e.to_string()))
}

/// The numbers of the chart `spec` as CSV, at [`urls::chart_data`] of its path.
///
/// # Errors
/// A [`Code::Template`] diagnostic when the numbers cannot be written.
pub fn chart_csv(spec: &ChartSpec) -> Result<OutputFile, Diagnostic> {
    let csv = chart::data::csv(spec).map_err(|e| {
        Diagnostic::error(
            Code::Template,
            Path::new(&spec.path),
            format!("cannot write the chart's numbers: {e}"),
        )
    })?;
    Ok(OutputFile {
        path: urls::chart_data(&spec.path),
        contents: csv.into_bytes().into(),
    })
}

/// The `markdown` filter: `{{ project.description | markdown }}` → safe HTML.
fn markdown_filter(text: &str, _: Kwargs, _: &State) -> Value {
    Value::safe_string(&markdown::to_html(text))
}
