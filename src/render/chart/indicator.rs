//! An indicator's numbers across the fiscal years: a line per series of values with a marker at
//! each number and the number written beside it, and the targets as a dashed line, on a value axis
//! named with the unit.

use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

use super::{ChartError, GREY, INK, text};
use crate::model::number::format_number;
use crate::site::summary::{ChartSpec, IndicatorChart};

/// The drawing's size in SVG units.
const WIDTH: u32 = 440;
const HEIGHT: u32 = 280;
/// Room right of the plot for the names of the lines.
const RIGHT: u32 = 96;
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
    let numbers = data
        .lines
        .iter()
        .flat_map(|(_, values)| values.iter())
        .chain(data.targets.iter().flatten())
        .filter_map(|v| *v);
    let max = numbers.fold(0.0f64, f64::max);
    let top = if max > 0.0 { max * 1.2 } else { 1.0 };
    let mut svg = String::new();
    {
        let area = SVGBackend::with_string(&mut svg, (WIDTH, HEIGHT)).into_drawing_area();
        let fail = |e: &dyn std::fmt::Display| ChartError::drawing(chart, e);
        area.fill(&WHITE).map_err(|e| fail(&e))?;
        let unit = data.unit.clone().unwrap_or_default();
        let right = if data.lines.len() > 1 || data.targets.is_some() {
            RIGHT
        } else {
            16
        };
        let mut grid = ChartBuilder::on(&area)
            .margin(12)
            .margin_right(right)
            .x_label_area_size(36)
            .y_label_area_size(64)
            .build_cartesian_2d(-0.5f64..(n as f64 - 0.5), 0f64..top)
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

        // The legend, in the margin right of the plot: a sample of each line and its name.
        if right == RIGHT {
            let (x_range, y_range) = grid.plotting_area().get_pixel_range();
            let x = x_range.end + 10;
            let mut entries: Vec<(String, RGBColor, bool)> = data
                .lines
                .iter()
                .enumerate()
                .map(|(k, (name, _))| (name.clone(), LINES[k % LINES.len()], false))
                .collect();
            if data.targets.is_some() {
                entries.push(("目標".to_string(), TARGET, true));
            }
            for (k, (name, color, dashed)) in entries.iter().enumerate() {
                let y = y_range.start + 12 + 26 * k as i32;
                let sample = [(x, y), (x + 18, y)];
                if *dashed {
                    area.draw(&PathElement::new(
                        vec![(x, y), (x + 6, y)],
                        color.stroke_width(2),
                    ))
                    .map_err(|e| fail(&e))?;
                    area.draw(&PathElement::new(
                        vec![(x + 12, y), (x + 18, y)],
                        color.stroke_width(2),
                    ))
                    .map_err(|e| fail(&e))?;
                } else {
                    area.draw(&PathElement::new(sample.to_vec(), color.stroke_width(3)))
                        .map_err(|e| fail(&e))?;
                }
                area.draw(&Text::new(
                    name.clone(),
                    (x + 24, y),
                    text(16, INK, HPos::Left, VPos::Center),
                ))
                .map_err(|e| fail(&e))?;
            }
        }
        area.present().map_err(|e| fail(&e))?;
    }
    Ok(svg)
}

/// The (year index, value) points of the numbers present.
fn points(values: &[Option<f64>]) -> Vec<(f64, f64)> {
    values
        .iter()
        .enumerate()
        .filter_map(|(i, v)| v.map(|v| (i as f64, v)))
        .collect()
}
