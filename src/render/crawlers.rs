//! The files for search engines: `robots.txt`, and `sitemap.xml` listing every page when the
//! site's full address (`base_url`) is known — a sitemap must give full addresses.

use crate::output::OutputFile;
use crate::site::urls;

/// `robots.txt` (everything may be crawled; the sitemap's address when known) and, with a full
/// base URL (`https://…/`), `sitemap.xml` with every HTML page of `pages` (their paths, in
/// order) but the 404 page; the feeds are not pages for a sitemap.
pub fn files<'a>(
    pages: impl IntoIterator<Item = &'a str>,
    base_url: Option<&str>,
) -> Vec<OutputFile> {
    let mut robots = String::from("User-agent: *\nAllow: /\n");
    let mut files = Vec::new();
    if let Some(base) = base_url {
        let root = urls::root_from("", Some(base));
        let mut xml = String::from(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
        );
        let not_found = urls::not_found();
        for page in pages
            .into_iter()
            .filter(|p| *p != not_found && p.ends_with(".html"))
        {
            xml.push_str(&format!(
                "  <url><loc>{}</loc></url>\n",
                escape(&format!("{root}{page}"))
            ));
        }
        xml.push_str("</urlset>\n");
        robots.push_str(&format!("Sitemap: {root}sitemap.xml\n"));
        files.push(OutputFile {
            path: "sitemap.xml".to_string(),
            contents: xml.into_bytes().into(),
        });
    }
    files.push(OutputFile {
        path: "robots.txt".to_string(),
        contents: robots.into_bytes().into(),
    });
    files
}

/// `text` escaped for XML.
fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}
