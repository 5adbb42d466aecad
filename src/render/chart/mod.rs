//! The charts, drawn with plotters' SVG backend: a bar per rating code, a stacked bar per fiscal
//! year, one sheet's rating across the years, and an indicator's values against its targets.
//!
//! No font is needed to draw: plotters only estimates text sizes, and the reader's browser draws
//! the text. Every chart labels its marks directly (codes and counts as text), so colour is never
//! the only carrier of meaning; the SVG has `role="img"`, a `<title>` and a `<desc>` that states
//! every number, and its page shows the same numbers in a table beside it.

mod by_year;
pub mod data;
mod distribution;
mod indicator;
mod sheet_years;

use plotters::style::text_anchor::{HPos, Pos, VPos};
use plotters::style::{Color, IntoFont, RGBColor, TextStyle};

use crate::site::summary::{ChartData, ChartSpec};

/// The text colour (contrast 17:1 on white).
pub(crate) const INK: RGBColor = RGBColor(0x1a, 0x1a, 0x1a);
/// The colour of unrated sheets and of axes (4.5:1 on white).
pub(crate) const GREY: RGBColor = RGBColor(0x76, 0x76, 0x76);

/// Why a chart could not be drawn.
#[derive(Debug, thiserror::Error)]
#[error("cannot draw the chart {path}: {message}")]
pub struct ChartError {
    path: String,
    message: String,
}

impl ChartError {
    /// An error of plotters while drawing `chart`.
    pub(crate) fn drawing(chart: &ChartSpec, error: &dyn std::fmt::Display) -> Self {
        ChartError {
            path: chart.path.clone(),
            message: error.to_string(),
        }
    }
}

/// Draws `chart` as a standalone, accessible SVG document, whose element ids start with the
/// chart's `dom_id` so that it can be inlined in its page.
///
/// # Errors
/// When plotters reports a drawing error (its SVG backend, writing to a string, does not fail
/// in practice).
pub fn draw(chart: &ChartSpec) -> Result<String, ChartError> {
    let svg = match &chart.data {
        ChartData::Distribution(summary) => distribution::draw(chart, summary)?,
        ChartData::ByYear(summaries) => by_year::draw(chart, summaries)?,
        ChartData::SheetYears { years, .. } => sheet_years::draw(chart, years)?,
        ChartData::Indicator(data) => indicator::draw(chart, data)?,
    };
    Ok(make_accessible(
        &svg,
        &chart.dom_id,
        &chart.title,
        &chart.description,
    ))
}

/// Adds `role="img"`, `aria-labelledby`, `<title>` and `<desc>` to plotters' SVG, and a class
/// the theme uses to let it shrink with its container.
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
pub(crate) fn parse_hex(color: &str) -> Option<RGBColor> {
    let hex = color.strip_prefix('#')?;
    let channel = |s: &str| u8::from_str_radix(s, 16).ok();
    match hex.len() {
        6 => Some(RGBColor(
            channel(hex.get(0..2)?)?,
            channel(hex.get(2..4)?)?,
            channel(hex.get(4..6)?)?,
        )),
        3 => {
            let short = |i: usize| channel(hex.get(i..=i)?).map(|v| v * 17);
            Some(RGBColor(short(0)?, short(1)?, short(2)?))
        }
        _ => None,
    }
}

/// Text of `size` units in `color`, anchored at `h`/`v` of its position.
pub(crate) fn text(size: u32, color: RGBColor, h: HPos, v: VPos) -> TextStyle<'static> {
    TextStyle {
        font: ("sans-serif", size).into_font(),
        color: color.to_backend_color(),
        pos: Pos::new(h, v),
    }
}

/// Black or white, whichever contrasts more with `background` (WCAG relative luminance).
pub(crate) fn text_on(background: RGBColor) -> RGBColor {
    let channel = |c: u8| {
        let c = f64::from(c) / 255.0;
        if c <= 0.039_28 {
            c / 12.92
        } else {
            ((c + 0.055) / 1.055).powf(2.4)
        }
    };
    let l = 0.2126 * channel(background.0)
        + 0.7152 * channel(background.1)
        + 0.0722 * channel(background.2);
    // Contrast with white is 1.05 / (l + 0.05); with black, (l + 0.05) / 0.05.
    if 1.05 / (l + 0.05) >= (l + 0.05) / 0.05 {
        RGBColor(0xff, 0xff, 0xff)
    } else {
        INK
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
        assert!(parse_hex("#ééé").is_none());
    }

    #[test]
    fn labels_on_bars_take_the_contrasting_ink() {
        assert_eq!(
            text_on(RGBColor(0x1b, 0x6e, 0x3a)),
            RGBColor(0xff, 0xff, 0xff)
        );
        assert_eq!(text_on(RGBColor(0xff, 0xdd, 0x00)), INK);
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
