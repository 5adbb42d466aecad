//! A project's page: where it is placed (and what its re-listed copies print differently), then
//! each of its sheets — departments by year, planned schedule, indicators with their charts, and a
//! timeline with one entry for every fiscal year shown, empty and ended years included.

use crate::fiscal_year::FiscalYear;
use crate::model::number::{PrintedNumber, format_number, parse_number};
use crate::model::{Indicator, Labels, Period, Project, Sheet, YearField};
use crate::site::department_pages::organization;
use crate::site::plan_index::PlanIndex;
use crate::site::summary::{ChartData, ChartSpec, IndicatorChart, Measure};
use crate::site::urls::ChartOwner;
use crate::site::views::{
    ChartRef, DepartmentTermView, IndicatorRow, IndicatorView, LabelledText, Link, MilestoneView,
    Neighbours, PlacementView, ProjectView, ScheduleCell, SheetView, TimelineYear, years_label,
};
use crate::site::{Page, PageCharts, PageView, SiteGraph, home_link, urls, year_changes};

/// What an empty year says.
const EMPTY_YEAR: &str = "記載なし";

/// Adds the page of project `p` of the plan.
pub fn add(graph: &mut SiteGraph, index: &PlanIndex<'_>, p: usize) {
    let plan = &index.data.plan;
    let project = &index.data.projects[p];
    let shown = plan.shown_years();
    let mut charts = PageCharts::default();

    let mut breadcrumbs = vec![home_link(), index.plan_link()];
    if let Some(primary) = project
        .placements
        .first()
        .and_then(|pl| index.node(&pl.policy))
    {
        breadcrumbs.extend(
            index
                .ancestry(primary)
                .into_iter()
                .map(|n| index.node_link(n)),
        );
    }

    let placements = project
        .placements
        .iter()
        .enumerate()
        .filter_map(|(k, placement)| {
            let n = index.node(&placement.policy)?;
            Some(PlacementView {
                policy: index.node_link(n),
                number: project.number_in(k).map(str::to_string),
                relisted: k > 0,
                variants: placement
                    .variants
                    .iter()
                    .map(|v| LabelledText {
                        label: describe_path(&v.path, project, &plan.labels, &plan.project_level),
                        text: v.text.clone(),
                    })
                    .collect(),
            })
        })
        .collect::<Vec<PlacementView>>();
    let has_variants = placements.iter().any(|p| !p.variants.is_empty());

    let sheets = project
        .sheets()
        .into_iter()
        .map(|sheet| sheet_view(graph, &mut charts, index, &sheet, shown))
        .collect();

    let milestone = |m: &crate::model::Milestone, what: &str| MilestoneView {
        label: format!("{}{what}", m.fy.label()),
        text: m.text.clone(),
    };
    let view = ProjectView {
        head: index.page_head(project.name.clone(), breadcrumbs),
        plan: index.plan_link(),
        project_level: plan.project_level.clone(),
        id: project.id.clone(),
        number: project.number.clone(),
        description: project.description.clone(),
        page: project.page.clone(),
        placement_heading: placement_heading(index, project),
        placements,
        has_variants,
        year_columns: shown.years().map(FiscalYear::label).collect(),
        sheets,
        scale_name: plan
            .rating_scale()
            .map_or_else(|| "評価".to_string(), |s| s.name.clone()),
        status_name: plan
            .status_scale()
            .map_or_else(|| "進捗状況".to_string(), |s| s.name.clone()),
        labels: plan.labels.clone(),
        added: project.added.as_ref().map(|m| milestone(m, "に追加")),
        ended: project.ended.as_ref().map(|m| milestone(m, "で終了")),
        completed: project.completed.as_ref().map(|m| milestone(m, "に達成")),
        remarks: project.remarks.clone(),
        note: project.note.clone(),
        neighbours: neighbours(index, p),
    };
    graph.pages.push(Page {
        path: urls::project(index.id(), &project.id),
        view: PageView::Project(Box::new(view)),
        charts: charts.ids,
    });
}

/// The heading of `project`'s placements: the level name of their nodes, or the tree's name
/// (`labels.tree`, 施策体系) when they are of several levels.
fn placement_heading(index: &PlanIndex<'_>, project: &Project) -> String {
    let mut words: Vec<String> = Vec::new();
    for placement in &project.placements {
        if let Some(n) = index.node(&placement.policy) {
            let word = index.level_word(n);
            if !words.contains(&word) {
                words.push(word);
            }
        }
    }
    match words.as_slice() {
        [one] => one.clone(),
        _ => index.data.plan.labels.tree.clone(),
    }
}

/// The projects before and after project `p` under the node of its original placement, in
/// number order; re-listed copies of other projects are passed over.
fn neighbours(index: &PlanIndex<'_>, p: usize) -> Option<Neighbours> {
    let project = &index.data.projects[p];
    let n = index.node(&project.placements.first()?.policy)?;
    let own: Vec<usize> = index
        .direct(n)
        .iter()
        .filter(|placed| placed.placement == 0)
        .map(|placed| placed.project)
        .collect();
    let at = own.iter().position(|&q| q == p)?;
    let link = |q: usize| {
        let other = &index.data.projects[q];
        Link {
            title: match &other.number {
                Some(number) => format!("{number} {}", other.name),
                None => other.name.clone(),
            },
            url: urls::project(index.id(), &other.id),
        }
    };
    Some(Neighbours {
        level: index.level_word(n),
        policy: index.node_link(n),
        previous: at.checked_sub(1).map(|i| link(own[i])),
        next: own.get(at + 1).map(|&q| link(q)),
    })
}

/// One sheet (the project, or a part) as shown on the project page.
fn sheet_view(
    graph: &mut SiteGraph,
    charts: &mut PageCharts,
    index: &PlanIndex<'_>,
    sheet: &Sheet<'_>,
    shown: Period,
) -> SheetView {
    let plan = &index.data.plan;
    let project = sheet.project;
    let labels = &plan.labels;
    let chart_name = |what: &str| match sheet.part {
        Some((i, _)) => format!("part{}-{what}", i + 1),
        None => what.to_string(),
    };
    let title = match sheet.label() {
        Some(label) => format!("{}（{label}）", project.name),
        None => project.name.clone(),
    };

    let timeline: Vec<TimelineYear> = shown
        .years()
        .map(|fy| timeline_year(index, sheet, fy, labels))
        .collect();

    let rated: Vec<(String, Option<(String, String)>)> = timeline
        .iter()
        .map(|y| {
            let tag = y.rating.as_ref().map(|t| (t.code.clone(), t.color.clone()));
            (y.fy.to_string(), tag)
        })
        .collect();
    let years_chart = (rated.iter().filter(|(_, t)| t.is_some()).count() >= 2).then(|| {
        let scale_name = index
            .sheet_scale(sheet)
            .map_or_else(|| "評価".to_string(), |s| s.name.clone());
        let description = timeline
            .iter()
            .map(|y| match &y.rating {
                Some(t) if t.label == t.code => format!("{} {}", y.label, t.code),
                Some(t) => format!("{} {} {}", y.label, t.code, t.label),
                None => format!("{} {scale_name}なし", y.label),
            })
            .collect::<Vec<_>>()
            .join("、");
        let path = urls::chart(
            index.id(),
            ChartOwner::Project(&project.id),
            &chart_name("ratings"),
        );
        let chart = charts.add(
            graph,
            ChartSpec {
                path: path.clone(),
                dom_id: String::new(),
                title: format!("{title}の年度別の{scale_name}"),
                description: format!("{description}。"),
                unrated_label: format!("{scale_name}なし"),
                files: false,
                data: ChartData::SheetYears {
                    scale_name: scale_name.clone(),
                    years: rated,
                },
            },
        );
        ChartRef { chart }
    });

    let indicators = sheet
        .indicators()
        .iter()
        .enumerate()
        .map(|(i, indicator)| {
            indicator_view(
                graph,
                charts,
                index,
                indicator,
                shown,
                &title,
                (&project.id, &chart_name(&format!("indicator{}", i + 1))),
            )
        })
        .collect();

    let main_scale = plan.rating_scale().map(|s| s.id.as_str());
    let scale_note = sheet
        .scale()
        .filter(|id| Some(*id) != main_scale)
        .and_then(|id| plan.scale(id))
        .map(|scale| {
            let codes: Vec<String> = scale
                .codes
                .iter()
                .map(|c| match &c.label {
                    Some(label) if label != &c.code => format!("{} {label}", c.code),
                    _ => c.code.clone(),
                })
                .collect();
            format!(
                "この{}の{}は次の区分によります：{}",
                plan.project_level,
                scale.name,
                codes.join("、")
            )
        });

    let departments: Vec<DepartmentTermView> = sheet
        .department_terms(&plan.period)
        .into_iter()
        .map(|term| DepartmentTermView {
            name: term.name.to_string(),
            division: term.division.map(str::to_string),
            url: urls::department(organization(plan, &term), term.name),
            years: {
                let (from, to) = sheet.term_with_data(&term);
                years_label(from, to)
            },
        })
        .collect();
    SheetView {
        label: sheet.label().map(str::to_string),
        department_label: sheet.department_label().map(str::to_string),
        has_divisions: departments.iter().any(|d| d.division.is_some()),
        departments,
        schedule: schedule_cells(sheet, shown),
        indicators,
        timeline,
        years_chart,
        evaluation: sheet.evaluation().map(str::to_string),
        rating: sheet.rating().and_then(|r| index.rating_tag(sheet, r)),
        direction: sheet.direction().map(str::to_string),
        scale_note,
        remarks: sheet.remarks().to_vec(),
        note: sheet.note().map(str::to_string),
    }
}

/// One fiscal year of a sheet.
fn timeline_year(
    index: &PlanIndex<'_>,
    sheet: &Sheet<'_>,
    fy: FiscalYear,
    labels: &Labels,
) -> TimelineYear {
    let plan = &index.data.plan;
    let entry = sheet.years().get(fy);
    let mut texts = Vec::new();
    if let Some(entry) = entry {
        for (label, text) in [
            (&labels.plan, &entry.plan),
            (&labels.results, &entry.results),
            (&labels.outcome, &entry.outcome),
            (&labels.next_steps, &entry.next_steps),
        ] {
            if let Some(text) = text.as_deref().filter(|t| !t.trim().is_empty()) {
                texts.push(LabelledText {
                    label: label.clone(),
                    text: text.to_string(),
                });
            }
        }
    }
    // A rating or status that differs from the year before.
    let changes = index
        .measures
        .iter()
        .filter(|(measure, _)| *measure != Measure::Achievement)
        .filter_map(|&(measure, _)| {
            let previous = year_changes::previous_year(index, measure, fy)?;
            let moved = year_changes::sheet_moved(index, measure, sheet, (previous, fy))?;
            Some(format!(
                "{}：前年度から{}",
                index.measure_name(measure),
                moved.describe()
            ))
        })
        .collect();
    let ended = sheet.project.ended_before(fy);
    let status_note = if ended {
        Some(format!("{}終了", plan.project_level))
    } else if entry.is_none() {
        Some(EMPTY_YEAR.to_string())
    } else {
        None
    };
    TimelineYear {
        fy: fy.year(),
        label: fy.label(),
        texts,
        status_note,
        ended,
        rating: entry
            .and_then(|e| e.rating.as_deref())
            .and_then(|r| index.rating_tag(sheet, r)),
        status: entry
            .and_then(|e| e.status.as_deref())
            .and_then(|s| index.status_tag(s)),
        achievement: entry
            .and_then(|e| e.achievement.as_ref())
            .map(PrintedNumber::as_percent),
        remarks: entry.and_then(|e| e.remarks.clone()),
        departments: sheet
            .departments_in(fy, &plan.period)
            .into_iter()
            .map(str::to_string)
            .collect(),
        note: entry.and_then(|e| e.note.clone()),
        changes,
    }
}

/// The schedule as cells over the year columns: each span clipped to the years shown, gaps as
/// empty cells.
fn schedule_cells(sheet: &Sheet<'_>, shown: Period) -> Vec<ScheduleCell> {
    let spans = sheet.schedule();
    if spans.is_empty() {
        return Vec::new();
    }
    let mut cells = Vec::new();
    let mut year = shown.from;
    while year <= shown.to {
        let span = spans
            .iter()
            .filter(|s| s.from <= year && year <= s.to)
            .min_by_key(|s| s.from);
        match span {
            Some(s) => {
                let end = s.to.min(shown.to);
                cells.push(ScheduleCell {
                    text: s.text.clone(),
                    span: usize::from(end.year() - year.year()) + 1,
                });
                year = end.next();
            }
            None => {
                cells.push(ScheduleCell {
                    text: String::new(),
                    span: 1,
                });
                year = year.next();
            }
        }
    }
    cells
}

/// A value of `indicator` as its table shows it: with the unit printed with it, else the
/// indicator's own for a value that is one number (`52（件）`, not `124件（件）`).
fn with_unit(indicator: &Indicator, text: &str, printed_unit: Option<&str>) -> String {
    let bare = indicator.series.is_empty() && parse_number(text).is_some();
    match printed_unit.or(indicator.unit.as_deref().filter(|_| bare)) {
        Some(unit) => format!("{text}（{unit}）"),
        None => text.to_string(),
    }
}

/// An indicator's table (its baseline first, where it has one), and a chart per unit of its
/// numbers, under project `project_id`'s charts as `chart_name-1`, `chart_name-2` ….
fn indicator_view(
    graph: &mut SiteGraph,
    charts: &mut PageCharts,
    index: &PlanIndex<'_>,
    indicator: &Indicator,
    shown: Period,
    title: &str,
    (project_id, chart_name): (&str, &str),
) -> IndicatorView {
    // The years shown, and the years of the period with a target (a final-year target past
    // the years the data covers).
    let mut years: Vec<FiscalYear> = shown.years().collect();
    years.extend(
        indicator
            .targets
            .keys()
            .copied()
            .filter(|fy| index.data.plan.period.contains(*fy) && !shown.contains(*fy)),
    );
    years.sort();
    let baseline = indicator.baseline.as_ref().map(|b| IndicatorRow {
        year: format!("基準値（{}）", b.fy.label()),
        target: None,
        revision: None,
        value: Some(with_unit(indicator, &b.text, None)),
        value_note: b.note.clone(),
    });
    let rows: Vec<IndicatorRow> = baseline
        .into_iter()
        .chain(years.iter().map(|&fy| {
            let target = indicator.targets.get(&fy);
            let value = indicator.values.get(&fy);
            IndicatorRow {
                year: fy.label(),
                target: target.map(|t| t.text.clone()),
                revision: target.and_then(|t| t.revision.clone()),
                value: value.map(|v| with_unit(indicator, &v.text, v.unit.as_deref())),
                value_note: value.and_then(|v| v.note.clone()),
            }
        }))
        .collect();

    // One chart per distinct unit of the series; numeric targets go with their unit's chart.
    let mut units: Vec<Option<&str>> = Vec::new();
    for i in 0..indicator.series_count() {
        let unit = indicator.series_unit(i);
        if !units.contains(&unit) {
            units.push(unit);
        }
    }
    // A baseline that is a number, measured before the years shown, starts the chart of a
    // single series.
    let baseline_point = indicator
        .baseline
        .as_ref()
        .filter(|b| indicator.series_count() == 1 && years.first().is_some_and(|&fy| b.fy < fy))
        .and_then(|b| Some((b.fy, b.value()?)));
    let chart_years: Vec<FiscalYear> = baseline_point
        .map(|(fy, _)| fy)
        .into_iter()
        .chain(years.iter().copied())
        .collect();
    let mut chart_refs = Vec::new();
    if indicator.has_numbers() || baseline_point.is_some() {
        for (g, unit) in units.iter().enumerate() {
            let lines: Vec<(String, Vec<Option<f64>>)> = (0..indicator.series_count())
                .filter(|&i| indicator.series_unit(i) == *unit)
                .map(|i| {
                    let name = match indicator.series_name(i) {
                        "" => "実績".to_string(),
                        name => name.to_string(),
                    };
                    let values = chart_years
                        .iter()
                        .map(|fy| {
                            indicator
                                .values
                                .get(fy)
                                .and_then(|v| v.numbers.get(i).copied().flatten())
                        })
                        .collect();
                    (name, values)
                })
                .filter(|(_, values): &(String, Vec<Option<f64>>)| {
                    values.iter().any(Option::is_some)
                })
                .collect();
            // The baseline is a point of its own, not joined to the values years later.
            let mut lines = lines;
            if let (0, Some((base, number))) = (g, baseline_point) {
                let point = chart_years
                    .iter()
                    .map(|&fy| (fy == base).then_some(number))
                    .collect();
                lines.insert(0, ("基準値".to_string(), point));
            }
            let targets: Vec<Option<f64>> = chart_years
                .iter()
                .map(|fy| {
                    indicator.targets.get(fy).and_then(|t| {
                        let matches = t.unit.as_deref() == *unit
                            || (t.unit.is_none() && g == 0)
                            || (g == 0 && !units.contains(&t.unit.as_deref()));
                        t.number.filter(|_| matches)
                    })
                })
                .collect();
            let targets = targets.iter().any(Option::is_some).then_some(targets);
            if lines.is_empty() && targets.is_none() {
                continue;
            }
            // Without a unit of its own, the group takes the unit its numeric targets state.
            let target_unit = indicator
                .targets
                .values()
                .filter(|t| t.number.is_some())
                .find_map(|t| t.unit.as_deref());
            let unit = unit.or(target_unit);
            let unit_text = unit.map_or(String::new(), |u| format!("（{u}）"));
            let mut description: Vec<String> = Vec::new();
            for (name, values) in &lines {
                let points: Vec<String> = chart_years
                    .iter()
                    .zip(values)
                    .filter_map(|(fy, v)| {
                        v.map(|v| format!("{} {}", fy.wareki(), format_number(v)))
                    })
                    .collect();
                description.push(format!("{name}{unit_text}：{}", points.join("、")));
            }
            if let Some(targets) = &targets {
                let points: Vec<String> = chart_years
                    .iter()
                    .zip(targets)
                    .filter_map(|(fy, v)| {
                        v.map(|v| format!("{} {}", fy.wareki(), format_number(v)))
                    })
                    .collect();
                description.push(format!("目標{unit_text}：{}", points.join("、")));
            }
            let path = urls::chart(
                index.id(),
                ChartOwner::Project(project_id),
                &format!("{chart_name}-{}", g + 1),
            );
            let chart = charts.add(
                graph,
                ChartSpec {
                    path: path.clone(),
                    dom_id: String::new(),
                    title: format!("{title}：{}{unit_text}の推移", indicator.label),
                    description: format!("{}。", description.join("。")),
                    unrated_label: String::new(),
                    files: false,
                    data: ChartData::Indicator(IndicatorChart {
                        years: chart_years.iter().map(|fy| fy.year().to_string()).collect(),
                        unit: unit.map(str::to_string),
                        lines,
                        targets,
                    }),
                },
            );
            chart_refs.push(ChartRef { chart });
        }
    }
    IndicatorView {
        label: indicator.label.clone(),
        direction: indicator.direction.map(|d| match d {
            crate::model::indicator::Direction::Higher => "値が大きいほど良い".to_string(),
            crate::model::indicator::Direction::Lower => "値が小さいほど良い".to_string(),
        }),
        has_targets: rows.iter().any(|r| r.target.is_some()),
        has_values: rows.iter().any(|r| r.value.is_some()),
        rows,
        charts: chart_refs,
    }
}

/// What a variant's path points at, in the plan's words: `令和5年度（2023年度） 成果`,
/// `取組事例② 令和5年度（2023年度） 成果`, `名称`. An unknown path is shown as written.
fn describe_path(path: &str, project: &Project, labels: &Labels, project_level: &str) -> String {
    let mut parts: Vec<&str> = path.split('.').collect();
    let mut prefix = String::new();
    if parts.len() > 2 && parts[0] == "parts" {
        if let Some(part) = parts[1]
            .parse::<usize>()
            .ok()
            .and_then(|i| project.parts.get(i))
        {
            prefix = format!("{} ", part.label);
        }
        parts.drain(..2);
    }
    let field = |name: &str| -> String {
        if let Some(field) = YearField::from_key(name) {
            return match field {
                YearField::Plan => labels.plan.clone(),
                YearField::Results => labels.results.clone(),
                YearField::Outcome => labels.outcome.clone(),
                YearField::NextSteps => labels.next_steps.clone(),
                YearField::Remarks => labels.remarks.clone(),
                YearField::Rating => "評価".to_string(),
                YearField::Status => "進捗状況".to_string(),
                YearField::Achievement => labels.achievement.clone(),
                YearField::Note => name.to_string(),
            };
        }
        match name {
            "description" => labels.description.clone(),
            "evaluation" => labels.evaluation.clone(),
            "name" => format!("{project_level}名"),
            "department_label" => "担当課".to_string(),
            "schedule" => labels.schedule.clone(),
            other => other.to_string(),
        }
    };
    let year = |text: &str| {
        text.parse::<FiscalYear>()
            .map_or_else(|_| text.to_string(), FiscalYear::label)
    };
    let described = match parts.as_slice() {
        ["years", fy, name] => format!("{} {}", year(fy), field(name)),
        ["indicators", _, "values", fy, ..] => format!("{} 実績値", year(fy)),
        ["indicators", _, "targets", fy, ..] => format!("{} 目標", year(fy)),
        ["indicators", _, "label"] => "指標".to_string(),
        ["schedule", ..] => labels.schedule.clone(),
        [name] => field(name),
        _ => return path.to_string(),
    };
    format!("{prefix}{described}")
}
