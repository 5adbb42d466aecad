//! Long text fields as HTML: Markdown (pulldown-cmark), with any HTML written in the text shown as
//! text, never passed through, and single line breaks kept as line breaks (printed reports break
//! lines on purpose; Japanese has no spaces to join them with). The result then goes through
//! ammonia with an allow-list of what plan text needs, so that nothing executable can reach a
//! page even if the Markdown step missed it.

use std::collections::HashSet;
use std::sync::OnceLock;

use pulldown_cmark::{CowStr, Event, Options, Parser, Tag, TagEnd, html};

/// The tags plan text may use: paragraphs, breaks, emphasis, lists, tables, quotes, code, links.
const TAGS: [&str; 21] = [
    "p",
    "br",
    "strong",
    "em",
    "del",
    "ul",
    "ol",
    "li",
    "a",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "blockquote",
    "code",
    "pre",
    "hr",
    "sup",
    "sub",
];

/// The sanitiser, built once.
fn sanitiser() -> &'static ammonia::Builder<'static> {
    static BUILDER: OnceLock<ammonia::Builder<'static>> = OnceLock::new();
    BUILDER.get_or_init(|| {
        let mut builder = ammonia::Builder::empty();
        builder
            .tags(TAGS.into_iter().collect::<HashSet<_>>())
            .add_tag_attributes("a", ["href", "title"])
            .add_tag_attributes("th", ["align"])
            .add_tag_attributes("td", ["align"])
            .url_schemes(["http", "https", "mailto"].into_iter().collect())
            .link_rel(Some("noopener noreferrer"))
            .strip_comments(true);
        builder
    })
}

/// Renders `text` as safe HTML.
///
/// Raw HTML in the text is escaped. Links keep only `http:`, `https:`, `mailto:` and relative
/// addresses; any other scheme (`javascript:`, `data:`) is dropped, leaving the text. Images are
/// left out (their description stays as text), and headings become bold paragraphs, so that a
/// line that happens to start with `#` cannot add a heading to the page's outline.
pub fn to_html(text: &str) -> String {
    let parser = Parser::new_ext(text, Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH);
    let mut dropped_link_depth = 0usize;
    let events = parser.filter_map(|event| match event {
        Event::Html(raw) | Event::InlineHtml(raw) => Some(Event::Text(raw)),
        Event::SoftBreak => Some(Event::HardBreak),
        Event::Start(Tag::Link {
            link_type,
            dest_url,
            title,
            id,
        }) => {
            if is_safe_url(&dest_url) {
                Some(Event::Start(Tag::Link {
                    link_type,
                    dest_url,
                    title,
                    id,
                }))
            } else {
                dropped_link_depth += 1;
                None
            }
        }
        Event::End(TagEnd::Link) if dropped_link_depth > 0 => {
            dropped_link_depth -= 1;
            None
        }
        Event::Start(Tag::Image { .. }) | Event::End(TagEnd::Image) => None,
        Event::Start(Tag::Heading { .. }) => Some(Event::Html(CowStr::Borrowed("<p><strong>"))),
        Event::End(TagEnd::Heading(_)) => Some(Event::Html(CowStr::Borrowed("</strong></p>\n"))),
        other => Some(other),
    });
    let mut out = String::with_capacity(text.len() * 3 / 2);
    html::push_html(&mut out, events);
    sanitiser().clean(&out).to_string()
}

/// Whether a link address may be published: web and mail addresses, and relative ones.
fn is_safe_url(url: &str) -> bool {
    let lower = url.trim().to_ascii_lowercase();
    match lower.find(':') {
        None => true,
        Some(colon) => {
            let scheme = &lower[..colon];
            // A colon after a slash, `?` or `#` is part of a relative path, not a scheme.
            scheme.contains(['/', '?', '#']) || matches!(scheme, "http" | "https" | "mailto")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_breaks_are_kept_and_paragraphs_made() {
        assert_eq!(
            to_html("年間入館者数：22,310人\n高齢者の交流が広がった。"),
            "<p>年間入館者数：22,310人<br>\n高齢者の交流が広がった。</p>\n"
        );
    }

    #[test]
    fn html_in_text_is_shown_not_run() {
        let html = to_html("<script>alert(1)</script>と<b onclick=\"x\">太字</b>");
        assert!(!html.contains("<script"), "{html}");
        assert!(!html.contains("<b "), "{html}");
        assert!(html.contains("&lt;script&gt;"), "{html}");
    }

    #[test]
    fn headings_and_images_do_not_reach_the_page() {
        assert_eq!(
            to_html("# 注意\n本文"),
            "<p><strong>注意</strong></p>\n<p>本文</p>\n"
        );
        let html = to_html("![写真](https://example.com/a.png)");
        assert!(!html.contains("<img"), "{html}");
        assert!(html.contains("写真"), "{html}");
    }

    #[test]
    fn encoded_schemes_and_attribute_break_outs_do_not_survive() {
        for text in [
            "[x](&#x6A;avascript:alert(1))",
            "[x](JaVaScRiPt:alert(1))",
            "[x](\"onmouseover=\"alert(1))",
            "[x](https://example.com/\" onclick=\"alert(1))",
        ] {
            let html = to_html(text);
            // Text cannot hold a `<`, so everything between `<` and `>` is a tag.
            for tag in html.split('<').skip(1).filter_map(|t| t.split('>').next()) {
                let tag = tag.to_lowercase();
                assert!(!tag.contains("javascript:"), "{html}");
                assert!(!tag.contains(" on"), "{html}");
            }
        }
    }

    #[test]
    fn only_safe_links_survive() {
        assert!(
            to_html("[市](https://www.city.honjo.lg.jp/)")
                .contains("href=\"https://www.city.honjo.lg.jp/\"")
        );
        let bad = to_html("[x](javascript:alert(1)) [y](data:text/html,hi)");
        assert!(!bad.contains("href"), "{bad}");
        assert!(bad.contains('x') && bad.contains('y'));
        assert!(to_html("[a](../x.html)").contains("href=\"../x.html\""));
    }
}
