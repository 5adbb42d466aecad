//! Long text fields as HTML: Markdown (pulldown-cmark), with any HTML written in the text shown as
//! text, never passed through, and single line breaks kept as line breaks (printed reports break
//! lines on purpose; Japanese has no spaces to join them with).

use pulldown_cmark::{CowStr, Event, LinkType, Options, Parser, Tag, html};

/// Renders `text` as HTML.
///
/// Raw HTML in the text is escaped. Links and images keep only `http:`, `https:`, `mailto:`
/// and relative addresses; any other scheme (`javascript:`, `data:`) is dropped, leaving the text.
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
        Event::End(pulldown_cmark::TagEnd::Link) if dropped_link_depth > 0 => {
            dropped_link_depth -= 1;
            None
        }
        Event::Start(Tag::Image {
            dest_url, title, ..
        }) if !is_safe_url(&dest_url) => Some(Event::Start(Tag::Image {
            link_type: LinkType::Inline,
            dest_url: CowStr::Borrowed(""),
            title,
            id: CowStr::Borrowed(""),
        })),
        other => Some(other),
    });
    let mut out = String::with_capacity(text.len() * 3 / 2);
    html::push_html(&mut out, events);
    out
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
            "<p>年間入館者数：22,310人<br />\n高齢者の交流が広がった。</p>\n"
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
