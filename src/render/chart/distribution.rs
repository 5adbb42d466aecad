//! One summary: a horizontal bar per rating code (and one for unrated sheets), each labelled with
//! its code, wording and count.

use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

use super::{ChartError, GREY, INK, parse_hex, text};
use crate::site::summary::{ChartSpec, RatingSummary};

/// The drawing's width in SVG units; narrow so that its text stays legible when it shrinks to a
/// phone's width.
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

/// Draws the bars of `summary`.
pub(super) fn draw(chart: &ChartSpec, summary: &RatingSummary) -> Result<String, ChartError> {
    let mut rows: Vec<(String, usize, RGBColor)> = summary
        .rows
        .iter()
        .map(|r| {
            let label = if r.label == r.code {
                r.code.clone()
            } else {
                format!("{} {}", r.code, r.label)
            };
            (label, r.count, parse_hex(&r.color).unwrap_or(INK))
        })
        .collect();
    if summary.unrated > 0 {
        rows.push((chart.unrated_label.clone(), summary.unrated, GREY));
    }
    let height = PAD * 2 + ROW * u32::try_from(rows.len()).unwrap_or(0).max(1);
    let max = rows.iter().map(|r| r.1).max().unwrap_or(0).max(1);
    let bar_space = WIDTH as i32 - LEFT - COUNT_W;

    let mut svg = String::new();
    {
        let area = SVGBackend::with_string(&mut svg, (WIDTH, height)).into_drawing_area();
        let fail = |e: &dyn std::fmt::Display| ChartError::drawing(chart, e);
        area.fill(&WHITE).map_err(|e| fail(&e))?;
        for (i, (label, count, color)) in rows.iter().enumerate() {
            let top = (PAD + ROW * i as u32) as i32;
            let bar_top = top + 24;
            area.draw(&Text::new(
                label.clone(),
                (LEFT, top + 2),
                text(20, INK, HPos::Left, VPos::Top),
            ))
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
                text(20, INK, HPos::Left, VPos::Center),
            ))
            .map_err(|e| fail(&e))?;
        }
        area.present().map_err(|e| fail(&e))?;
    }
    Ok(svg)
}
