//! The files for search engines: `robots.txt`, and `sitemap.xml` listing every page when the
//! site's full address (`base_url`) is known — a sitemap must give full addresses.

use quick_xml::Writer;
use quick_xml::events::{BytesDecl, BytesText, Event};

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
        let not_found = urls::not_found();
        let addresses = pages
            .into_iter()
            .filter(|p| *p != not_found && p.ends_with(".html"))
            .map(|page| format!("{root}{page}"));
        robots.push_str(&format!("Sitemap: {root}sitemap.xml\n"));
        files.push(OutputFile {
            path: "sitemap.xml".to_string(),
            contents: sitemap(addresses).into(),
        });
    }
    files.push(OutputFile {
        path: "robots.txt".to_string(),
        contents: robots.into_bytes().into(),
    });
    files
}

/// A sitemap (sitemaps.org 0.9) of `addresses`, in order, indented, written by quick-xml (which
/// escapes them).
fn sitemap(addresses: impl Iterator<Item = String>) -> Vec<u8> {
    let mut xml = Writer::new_with_indent(Vec::new(), b' ', 2);
    // Writing into memory cannot fail.
    let _ = xml.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)));
    let _ = xml
        .create_element("urlset")
        .with_attribute(("xmlns", "http://www.sitemaps.org/schemas/sitemap/0.9"))
        .write_inner_content(|xml| {
            for address in addresses {
                xml.create_element("url").write_inner_content(|xml| {
                    xml.create_element("loc")
                        .write_text_content(BytesText::new(&address))
                        .map(|_| ())
                })?;
            }
            Ok::<(), std::io::Error>(())
        });
    let mut bytes = xml.into_inner();
    bytes.push(b'\n');
    bytes
}
