//! One sheet's rating across the fiscal years: a box per year, filled with the rating's colour and
//! showing its code, the year written under it; a year without a rating shows 「－」 on white.

use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

use super::{ChartError, GREY, INK, parse_hex, text, text_on};
use crate::site::summary::ChartSpec;

/// The width of one year's box.
const CELL: i32 = 64;
/// The gap between boxes.
const GAP: i32 = 8;
/// The height of a box.
const BOX_H: i32 = 40;

/// Draws a box per year: (year label, code and colour of its rating, if any).
pub(super) fn draw(
    chart: &ChartSpec,
    years: &[(String, Option<(String, String)>)],
) -> Result<String, ChartError> {
    let count = i32::try_from(years.len()).unwrap_or(0).max(1);
    let width = u32::try_from(GAP + count * (CELL + GAP)).unwrap_or(1);
    let height = u32::try_from(BOX_H + 40).unwrap_or(1);
    let mut svg = String::new();
    {
        let area = SVGBackend::with_string(&mut svg, (width, height)).into_drawing_area();
        let fail = |e: &dyn std::fmt::Display| ChartError::drawing(chart, e);
        area.fill(&WHITE).map_err(|e| fail(&e))?;
        for (i, (year, rating)) in years.iter().enumerate() {
            let x = GAP + i as i32 * (CELL + GAP);
            let (mark, fill) = match rating {
                Some((code, color)) => (code.clone(), parse_hex(color).unwrap_or(INK)),
                None => ("－".to_string(), WHITE),
            };
            area.draw(&Rectangle::new(
                [(x, 4), (x + CELL, 4 + BOX_H)],
                fill.filled(),
            ))
            .map_err(|e| fail(&e))?;
            area.draw(&Rectangle::new(
                [(x, 4), (x + CELL, 4 + BOX_H)],
                GREY.stroke_width(1),
            ))
            .map_err(|e| fail(&e))?;
            area.draw(&Text::new(
                mark,
                (x + CELL / 2, 4 + BOX_H / 2),
                text(20, text_on(fill), HPos::Center, VPos::Center),
            ))
            .map_err(|e| fail(&e))?;
            area.draw(&Text::new(
                year.clone(),
                (x + CELL / 2, BOX_H + 12),
                text(20, INK, HPos::Center, VPos::Top),
            ))
            .map_err(|e| fail(&e))?;
        }
        area.present().map_err(|e| fail(&e))?;
    }
    Ok(svg)
}
