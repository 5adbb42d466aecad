//! Several fiscal years: one stacked bar per year, its segments the rating codes in scale order
//! (unrated last), each segment labelled with its code and count where it is wide enough, and
//! every count written out on a line under the bar.

use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

use super::{ChartError, GREY, INK, parse_hex, text, text_on};
use crate::site::summary::{ChartSpec, RatingSummary};

/// The drawing's width in SVG units.
const WIDTH: u32 = 420;
/// The height of one year: its label, its bar and the line of counts.
const ROW: u32 = 84;
/// Space above and below the rows.
const PAD: u32 = 8;
/// The left margin.
const LEFT: i32 = 4;
/// The height of a bar.
const BAR_H: i32 = 24;
/// The narrowest segment that gets its label inside.
const MIN_LABELLED: i32 = 44;

/// Draws a stacked bar per summary, oldest year first.
pub(super) fn draw(chart: &ChartSpec, summaries: &[RatingSummary]) -> Result<String, ChartError> {
    let height = PAD * 2 + ROW * u32::try_from(summaries.len()).unwrap_or(0).max(1);
    let bar_width = WIDTH as i32 - 2 * LEFT;
    let mut svg = String::new();
    {
        let area = SVGBackend::with_string(&mut svg, (WIDTH, height)).into_drawing_area();
        let fail = |e: &dyn std::fmt::Display| ChartError::drawing(chart, e);
        area.fill(&WHITE).map_err(|e| fail(&e))?;
        for (i, summary) in summaries.iter().enumerate() {
            let top = (PAD + ROW * i as u32) as i32;
            let bar_top = top + 26;
            area.draw(&Text::new(
                format!("{}（{}件）", summary.when, summary.total),
                (LEFT, top + 2),
                text(20, INK, HPos::Left, VPos::Top),
            ))
            .map_err(|e| fail(&e))?;

            let mut segments: Vec<(String, usize, RGBColor)> = summary
                .rows
                .iter()
                .filter(|r| r.count > 0)
                .map(|r| (r.code.clone(), r.count, parse_hex(&r.color).unwrap_or(INK)))
                .collect();
            if summary.unrated > 0 {
                segments.push((chart.unrated_label.clone(), summary.unrated, GREY));
            }
            let total = summary.total.max(1) as i64;
            let mut x = LEFT;
            let mut done = 0i64;
            for (code, count, color) in &segments {
                done += *count as i64;
                let end = LEFT + (done * i64::from(bar_width) / total) as i32;
                if end > x {
                    area.draw(&Rectangle::new(
                        [(x, bar_top), (end, bar_top + BAR_H)],
                        color.filled(),
                    ))
                    .map_err(|e| fail(&e))?;
                    // A thin white gap keeps neighbouring segments apart without relying on hue.
                    area.draw(&Rectangle::new(
                        [(end - 1, bar_top), (end, bar_top + BAR_H)],
                        WHITE.filled(),
                    ))
                    .map_err(|e| fail(&e))?;
                    if end - x >= MIN_LABELLED {
                        area.draw(&Text::new(
                            format!("{code} {count}"),
                            ((x + end) / 2, bar_top + BAR_H / 2),
                            text(17, text_on(*color), HPos::Center, VPos::Center),
                        ))
                        .map_err(|e| fail(&e))?;
                    }
                }
                x = end;
            }
            let counts: Vec<String> = segments
                .iter()
                .map(|(code, count, _)| format!("{code} {count}"))
                .collect();
            area.draw(&Text::new(
                counts.join("・"),
                (LEFT, bar_top + BAR_H + 6),
                text(17, INK, HPos::Left, VPos::Top),
            ))
            .map_err(|e| fail(&e))?;
        }
        area.present().map_err(|e| fail(&e))?;
    }
    Ok(svg)
}
