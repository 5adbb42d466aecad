//! Rating charts: one horizontal bar per code of the scale (and one for unrated projects), drawn
//! with plotters' SVG backend.
//!
//! No font is needed to draw: plotters only estimates text sizes, and the reader's browser draws
//! the text. Every bar is labelled directly with its code, wording and count, so colour is never
//! the only carrier of meaning; the SVG has `role="img"`, a `<title>` and a `<desc>` that states
//! every number, and the page shows the same numbers in a table beside it.

use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use crate::site::summary::ChartSpec;

/// The drawing's width in SVG units; narrow so that its text stays legible when it shrinks to a
/// phone's width (CSS scales it to its container).
const WIDTH: u32 = 420;
/// The height of one row: a label line above a bar.
const ROW: u32 = 50;
/// Space above and below the rows.
const PAD: u32 = 8;
/// The left margin.
const LEFT: i32 = 4;
/// The height of a bar.
const BAR_H: i32 = 16;
/// Width kept free after the longest bar for its count.
const COUNT_W: i32 = 56;
/// The text colour (contrast 17:1 on white).
const INK: RGBColor = RGBColor(0x1a, 0x1a, 0x1a);
/// The colour of the bar of unrated projects (4.5:1 on white).
const UNRATED: RGBColor = RGBColor(0x76, 0x76, 0x76);

/// Why a chart could not be drawn.
#[derive(Debug, thiserror::Error)]
#[error("cannot draw the chart {path}: {message}")]
pub struct ChartError {
    path: String,
    message: String,
}

/// Draws `chart` as a standalone, accessible SVG document. `id` must be unique in any page the
/// SVG is inlined in; it prefixes the ids of `<title>` and `<desc>`.
///
/// # Errors
/// When plotters fails to draw (it does not, for the SVG backend writing to a string, but its
/// API can report it).
pub fn draw(chart: &ChartSpec, id: &str) -> Result<String, ChartError> {
    let summary = &chart.summary;
    let mut rows: Vec<(String, usize, RGBColor)> = summary
        .rows
        .iter()
        .map(|r| {
            (
                format!("{} {}", r.code, r.label),
                r.count,
                parse_hex(&r.color).unwrap_or(INK),
            )
        })
        .collect();
    if summary.unrated > 0 {
        rows.push((chart.unrated_label.clone(), summary.unrated, UNRATED));
    }
    let height = PAD * 2 + ROW * u32::try_from(rows.len()).unwrap_or(0).max(1);
    let max = rows.iter().map(|r| r.1).max().unwrap_or(0).max(1);
    let bar_space = WIDTH as i32 - LEFT - COUNT_W;

    let mut svg = String::new();
    {
        let area = SVGBackend::with_string(&mut svg, (WIDTH, height)).into_drawing_area();
        let fail = |e: &dyn std::fmt::Display| ChartError {
            path: chart.path.clone(),
            message: e.to_string(),
        };
        area.fill(&WHITE).map_err(|e| fail(&e))?;
        let text = |anchor: VPos| {
            TextStyle::from(("sans-serif", 20).into_font())
                .color(&INK)
                .pos(Pos::new(HPos::Left, anchor))
        };
        for (i, (label, count, color)) in rows.iter().enumerate() {
            let top = (PAD + ROW * i as u32) as i32;
            let bar_top = top + 24;
            area.draw(&Text::new(label.clone(), (LEFT, top + 2), text(VPos::Top)))
                .map_err(|e| fail(&e))?;
            let len = (*count as i64 * i64::from(bar_space) / max as i64) as i32;
            if len > 0 {
                area.draw(&Rectangle::new(
                    [(LEFT, bar_top), (LEFT + len, bar_top + BAR_H)],
                    color.filled(),
                ))
                .map_err(|e| fail(&e))?;
            }
            area.draw(&Text::new(
                format!("{count}"),
                (LEFT + len + 6, bar_top + BAR_H / 2),
                text(VPos::Center),
            ))
            .map_err(|e| fail(&e))?;
        }
        area.present().map_err(|e| fail(&e))?;
    }
    Ok(make_accessible(&svg, id, &chart.title, &chart.description))
}

/// Adds `role="img"`, `aria-labelledby`, `<title>` and `<desc>` to plotters' SVG, and lets it
/// shrink with its container.
fn make_accessible(svg: &str, id: &str, title: &str, description: &str) -> String {
    let Some(open_end) = svg.find('>') else {
        return svg.to_string();
    };
    let (open, rest) = svg.split_at(open_end);
    let rest = &rest[1..];
    format!(
        "{open} role=\"img\" aria-labelledby=\"{id}-title {id}-desc\" class=\"chart\">\n<title id=\"{id}-title\">{}</title>\n<desc id=\"{id}-desc\">{}</desc>\n{rest}",
        escape_xml(title),
        escape_xml(description)
    )
}

/// Escapes text for an XML element or attribute.
fn escape_xml(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c => out.push(c),
        }
    }
    out
}

/// `#1b6e3a` or `#fff` as a colour; `None` for anything else (validation rejects it first).
fn parse_hex(color: &str) -> Option<RGBColor> {
    let hex = color.strip_prefix('#')?;
    let channel = |s: &str| u8::from_str_radix(s, 16).ok();
    match hex.len() {
        6 => Some(RGBColor(
            channel(&hex[0..2])?,
            channel(&hex[2..4])?,
            channel(&hex[4..6])?,
        )),
        3 => {
            let short = |i: usize| channel(&hex[i..=i]).map(|v| v * 17);
            Some(RGBColor(short(0)?, short(1)?, short(2)?))
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hex_colours_parse_in_both_lengths() {
        assert_eq!(
            parse_hex("#1b6e3a").map(|c| (c.0, c.1, c.2)),
            Some((0x1b, 0x6e, 0x3a))
        );
        assert_eq!(
            parse_hex("#fff").map(|c| (c.0, c.1, c.2)),
            Some((255, 255, 255))
        );
        assert!(parse_hex("red").is_none());
    }

    #[test]
    fn title_and_description_are_escaped_and_referenced() {
        let svg = make_accessible("<svg width=\"1\">\n</svg>", "c", "A & B", "<x>");
        assert!(
            svg.starts_with("<svg width=\"1\" role=\"img\" aria-labelledby=\"c-title c-desc\"")
        );
        assert!(svg.contains("<title id=\"c-title\">A &amp; B</title>"));
        assert!(svg.contains("<desc id=\"c-desc\">&lt;x&gt;</desc>"));
    }
}
