//! An indicator's numbers across the fiscal years: a line per series of values with a marker at
//! each number and the number written beside it, and the targets as a dashed line, on a value axis
//! named with the unit.

use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

use super::{ChartError, GREY, INK, text};
use crate::model::number::format_number;
use crate::site::summary::{ChartSpec, IndicatorChart};

/// The drawing's width, and the height of its plot, in SVG units.
const WIDTH: u32 = 440;
const PLOT_HEIGHT: u32 = 260;
/// The height of one line of the legend under the plot.
const LEGEND_LINE: u32 = 24;
/// How many characters of a name fit on one line of the legend.
const LEGEND_CHARS: usize = 24;
/// Line colours of the series (each ≥ 3:1 on white), and of the targets.
const LINES: [RGBColor; 3] = [
    RGBColor(0x1d, 0x4f, 0x91),
    RGBColor(0xb3, 0x26, 0x1e),
    RGBColor(0x1b, 0x6e, 0x3a),
];
const TARGET: RGBColor = RGBColor(0x5b, 0x5b, 0x5b);

/// Draws the lines of `data`.
pub(super) fn draw(chart: &ChartSpec, data: &IndicatorChart) -> Result<String, ChartError> {
    let n = data.years.len().max(1);
    let legend = legend_entries(data);
    let legend_lines: usize = legend.iter().map(|(lines, _, _)| lines.len()).sum();
    let height = PLOT_HEIGHT + u32::try_from(legend_lines).unwrap_or(0) * LEGEND_LINE + 8;
    let numbers = data
        .lines
        .iter()
        .flat_map(|(_, values)| values.iter())
        .chain(data.targets.iter().flatten())
        .filter_map(|v| *v)
        // Validation refuses numbers out of range; the axis never depends on one.
        .filter(|&v| crate::model::number::in_range(v));
    let (min, max) = numbers.fold((0.0f64, 0.0f64), |(lo, hi), v| (lo.min(v), hi.max(v)));
    let top = if max > 0.0 { max * 1.2 } else { 1.0 };
    // The axis begins at 0, or below the lowest number when one is negative: every point drawn
    // is within the axis (a point far outside it overflowed the drawing's coordinates).
    let bottom = if min < 0.0 { min * 1.2 } else { 0.0 };
    let mut svg = String::new();
    {
        let area = SVGBackend::with_string(&mut svg, (WIDTH, height)).into_drawing_area();
        let (plot, below) = area.split_vertically(PLOT_HEIGHT);
        let fail = |e: &dyn std::fmt::Display| ChartError::drawing(chart, e);
        area.fill(&WHITE).map_err(|e| fail(&e))?;
        let unit = data.unit.clone().unwrap_or_default();
        let mut grid = ChartBuilder::on(&plot)
            .margin(12)
            .margin_right(24)
            .x_label_area_size(36)
            .y_label_area_size(64)
            .build_cartesian_2d(-0.5f64..(n as f64 - 0.5), bottom..top)
            .map_err(|e| fail(&e))?;
        let years = data.years.clone();
        grid.configure_mesh()
            .disable_x_mesh()
            .x_labels(n)
            .x_label_formatter(&|x| {
                let i = x.round();
                if (x - i).abs() < 1e-6 && i >= 0.0 {
                    years.get(i as usize).cloned().unwrap_or_default()
                } else {
                    String::new()
                }
            })
            .y_labels(5)
            .y_label_formatter(&|y| format_number(*y))
            .y_desc(unit)
            .axis_style(GREY)
            .bold_line_style(RGBColor(0xdd, 0xdd, 0xdd))
            .light_line_style(TRANSPARENT)
            .label_style(("sans-serif", 17).into_font().color(&INK))
            .axis_desc_style(("sans-serif", 17).into_font().color(&INK))
            .draw()
            .map_err(|e| fail(&e))?;

        if let Some(targets) = &data.targets {
            let points: Vec<(f64, f64)> = points(targets);
            grid.draw_series(DashedLineSeries::new(
                points.clone(),
                6,
                4,
                TARGET.stroke_width(2),
            ))
            .map_err(|e| fail(&e))?;
            // Targets are labelled below their marks when values are drawn (which are labelled
            // above), and above them otherwise.
            let v = if data.lines.is_empty() {
                VPos::Bottom
            } else {
                VPos::Top
            };
            for &(x, y) in &points {
                grid.draw_series(std::iter::once(Cross::new(
                    (x, y),
                    5,
                    TARGET.stroke_width(2),
                )))
                .map_err(|e| fail(&e))?;
                grid.draw_series(std::iter::once(Text::new(
                    format_number(y),
                    (x, y),
                    text(16, TARGET, HPos::Center, v),
                )))
                .map_err(|e| fail(&e))?;
            }
        }
        for (k, (_, values)) in data.lines.iter().enumerate() {
            let color = LINES[k % LINES.len()];
            let points = points(values);
            grid.draw_series(LineSeries::new(points.clone(), color.stroke_width(3)))
                .map_err(|e| fail(&e))?;
            // The first line is labelled above its points, the others below, so that two close
            // lines do not print their numbers over each other.
            let above = k == 0;
            let v = if above { VPos::Bottom } else { VPos::Top };
            for &(x, y) in &points {
                grid.draw_series(std::iter::once(Circle::new((x, y), 5, color.filled())))
                    .map_err(|e| fail(&e))?;
                grid.draw_series(std::iter::once(Text::new(
                    format_number(y),
                    (x, y),
                    text(16, INK, HPos::Center, v),
                )))
                .map_err(|e| fail(&e))?;
            }
        }

        // The legend, under the plot: a sample of each line and its name, wrapped.
        let mut y = 4;
        for (lines, color, dashed) in &legend {
            let middle = y + LEGEND_LINE as i32 / 2;
            let x = 16;
            if *dashed {
                for (from, to) in [(x, x + 6), (x + 12, x + 18)] {
                    below
                        .draw(&PathElement::new(
                            vec![(from, middle), (to, middle)],
                            color.stroke_width(2),
                        ))
                        .map_err(|e| fail(&e))?;
                }
            } else {
                below
                    .draw(&PathElement::new(
                        vec![(x, middle), (x + 18, middle)],
                        color.stroke_width(3),
                    ))
                    .map_err(|e| fail(&e))?;
            }
            for line in lines {
                below
                    .draw(&Text::new(
                        line.clone(),
                        (x + 26, y + LEGEND_LINE as i32 / 2),
                        text(16, INK, HPos::Left, VPos::Center),
                    ))
                    .map_err(|e| fail(&e))?;
                y += LEGEND_LINE as i32;
            }
        }
        area.present().map_err(|e| fail(&e))?;
    }
    Ok(svg)
}

/// The legend: each line's name (wrapped), colour and whether it is dashed; the targets last.
/// A single line of values needs no legend unless targets are drawn too.
fn legend_entries(data: &IndicatorChart) -> Vec<(Vec<String>, RGBColor, bool)> {
    let mut entries: Vec<(Vec<String>, RGBColor, bool)> = Vec::new();
    if data.lines.len() > 1 || data.targets.is_some() {
        for (k, (name, _)) in data.lines.iter().enumerate() {
            entries.push((wrap(name, LEGEND_CHARS), LINES[k % LINES.len()], false));
        }
    }
    if data.targets.is_some() {
        entries.push((vec!["目標".to_string()], TARGET, true));
    }
    entries
}

/// `text` cut into lines of at most `width` characters.
fn wrap(text: &str, width: usize) -> Vec<String> {
    let chars: Vec<char> = text.chars().collect();
    chars
        .chunks(width.max(1))
        .map(|chunk| chunk.iter().collect())
        .collect()
}

/// The (year index, value) points of the numbers present.
fn points(values: &[Option<f64>]) -> Vec<(f64, f64)> {
    values
        .iter()
        .enumerate()
        .filter_map(|(i, v)| {
            v.filter(|&v| crate::model::number::in_range(v))
                .map(|v| (i as f64, v))
        })
        .collect()
}
