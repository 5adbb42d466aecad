//! The checks of a plan's own file (`plan.yaml`): its source address, levels, policy tree (ids
//! unique and well formed), scales (codes, colours) and directions.

use std::collections::HashSet;

use super::file_check::FileCheck;
use super::{id_problem, shown_id};
use crate::diagnostics::Code;
use crate::model::scale::is_hex_color;
use crate::model::{Plan, Policy};

/// Checks the plan's own file: problems are reported at their keys in `check`'s file.
pub(super) fn check_plan(plan: &Plan, check: &mut FileCheck<'_>) {
    for (i, band) in plan.achievement_bands.iter().enumerate() {
        if !is_hex_color(&band.color) {
            check.error(
                Code::WrongType,
                &format!("achievement_bands.{i}.color"),
                format!("`{}` is not a colour", band.color),
                Some("write a CSS hex colour such as \"#1b6e3a\" (in quotes)".to_string()),
            );
        }
        if plan.achievement_bands[..i]
            .iter()
            .any(|b| b.label == band.label)
        {
            check.error(
                Code::DuplicateId,
                &format!("achievement_bands.{i}.label"),
                format!("the band `{}` is named twice", band.label),
                None,
            );
        }
    }
    if let Some(url) = plan.source.url.as_deref()
        && !crate::config::is_web_url(url)
    {
        check.error(
            Code::WrongType,
            "source.url",
            format!("`{url}` is not a web address"),
            Some("write an address that starts with https://".to_string()),
        );
    }
    check_notice(plan, check);
    for (&fy, date) in &plan.published {
        if date.trim().parse::<jiff::civil::Date>().is_err() {
            check.error(
                Code::WrongType,
                &format!("published.{}", fy.year()),
                format!("`{date}` is not a date"),
                Some("write the date as 2023-09-29".to_string()),
            );
        }
    }
    if let Some(problem) = id_problem(&plan.id) {
        check.error(
            Code::BadId,
            "",
            format!(
                "the plan folder name `{}` cannot be used as a plan id: {problem}",
                shown_id(&plan.id)
            ),
            Some("rename the folder under content/".to_string()),
        );
    }
    if crate::site::urls::SITE_FOLDERS.contains(&plan.id.as_str()) {
        check.error(
            Code::BadId,
            "",
            format!(
                "the plan folder name `{}` is the name of a folder of the whole site",
                plan.id
            ),
            Some(format!(
                "rename the folder under content/; {} are taken",
                crate::site::urls::SITE_FOLDERS.join(", ")
            )),
        );
    }
    if plan.period.from > plan.period.to {
        check.error(
            Code::BadPlan,
            "period",
            format!(
                "the period ends ({}) before it starts ({})",
                plan.period.to.year(),
                plan.period.from.year()
            ),
            None,
        );
    }

    if let Some(coverage) = plan.coverage
        && (!plan.period.contains(coverage.from)
            || !plan.period.contains(coverage.to)
            || coverage.from > coverage.to)
    {
        check.error(
            Code::BadPlan,
            "coverage",
            format!(
                "the coverage {}–{} is not a span within the period {}–{}",
                coverage.from.year(),
                coverage.to.year(),
                plan.period.from.year(),
                plan.period.to.year()
            ),
            None,
        );
    }
    if plan.percent_decimals > 4 {
        check.error(
            Code::BadPlan,
            "percent_decimals",
            "percentages can have at most 4 decimals".to_string(),
            None,
        );
    }
    if let Some(id) = &plan.status_scale
        && plan.status_scale().is_none()
    {
        let ids: Vec<&str> = plan.scales.iter().map(|s| s.id.as_str()).collect();
        check.error(
            Code::UnknownScale,
            "status_scale",
            format!("there is no scale `{id}`"),
            Some(format!("the scales are: {}", ids.join(", "))),
        );
    }

    let nodes = plan.policy_nodes();
    let depth = nodes.iter().map(|(d, _)| d + 1).max().unwrap_or(0);
    if depth > plan.levels.len() {
        check.error(
            Code::BadPlan,
            "levels",
            format!(
                "the policy tree is {depth} levels deep but `levels` names {}",
                plan.levels.len()
            ),
            Some(
                "add one entry to `levels` per level (`- name: ~` for a level without a name)"
                    .to_string(),
            ),
        );
    }
    let mut ids = HashSet::new();
    check_policies(&plan.policies, "policies", &mut ids, check);

    if plan.scales.is_empty() {
        check.error(
            Code::MissingField,
            "scales",
            "the plan has no rating scale".to_string(),
            Some("add `scales:` with at least one scale and its codes".to_string()),
        );
    }
    let mut scale_ids = HashSet::new();
    for (i, scale) in plan.scales.iter().enumerate() {
        let path = format!("scales.{i}");
        if let Some(problem) = id_problem(&scale.id) {
            check.error(Code::BadId, &format!("{path}.id"), problem, None);
        }
        if !scale_ids.insert(scale.id.as_str()) {
            check.error(
                Code::DuplicateId,
                &format!("{path}.id"),
                format!("scale id `{}` is used twice", scale.id),
                None,
            );
        }
        let mut codes = HashSet::new();
        for (j, code) in scale.codes.iter().enumerate() {
            let code_path = format!("{path}.codes.{j}");
            if code.code.trim().is_empty() || !codes.insert(code.code.as_str()) {
                check.error(
                    Code::DuplicateId,
                    &format!("{code_path}.code"),
                    format!(
                        "rating code `{}` is empty or used twice in scale `{}`",
                        code.code, scale.id
                    ),
                    None,
                );
            }
            if scale.is_not_rated(&code.code) {
                check.error(
                    Code::DuplicateId,
                    &format!("{code_path}.code"),
                    format!(
                        "`{}` is both a code and a \"not rated\" mark of scale `{}`",
                        code.code, scale.id
                    ),
                    None,
                );
            }
            for (k, alias) in code.aliases.iter().enumerate() {
                let other = scale
                    .read(alias)
                    .map(|r| r.code)
                    .filter(|other| other.code != code.code);
                let clash = match other {
                    Some(other) => Some(format!("the code `{}`", other.code)),
                    None if scale.is_not_rated(alias) => Some("a \"not rated\" mark".to_string()),
                    None => None,
                };
                if let Some(clash) = clash {
                    check.error(
                        Code::DuplicateId,
                        &format!("{code_path}.aliases.{k}"),
                        format!(
                            "the alias `{alias}` of `{}` is also read as {clash} of scale `{}`",
                            code.code, scale.id
                        ),
                        Some("an alias must stand for one code only".to_string()),
                    );
                }
            }
            if !is_hex_color(&code.color) {
                check.error(
                    Code::WrongType,
                    &format!("{code_path}.color"),
                    format!("`{}` is not a colour", code.color),
                    Some("write a CSS hex colour such as \"#1b6e3a\" (in quotes)".to_string()),
                );
            }
        }
    }
    if let Some(id) = &plan.rating_scale
        && plan.rating_scale().is_none()
    {
        let ids: Vec<&str> = plan.scales.iter().map(|s| s.id.as_str()).collect();
        check.error(
            Code::UnknownScale,
            "rating_scale",
            format!("there is no scale `{id}`"),
            Some(format!("the scales are: {}", ids.join(", "))),
        );
    }
}

/// A notice's contacts: each a number a phone can dial or a web address, or both.
fn check_notice(plan: &Plan, check: &mut FileCheck<'_>) {
    let Some(notice) = &plan.notice else {
        return;
    };
    for (i, contact) in notice.contacts.iter().enumerate() {
        let path = format!("notice.contacts.{i}");
        if !contact.tel_is_a_number() {
            check.error(
                Code::WrongType,
                &format!("{path}.tel"),
                format!(
                    "`{}` is not a telephone number",
                    contact.tel.as_deref().unwrap_or_default()
                ),
                Some("write the number as published, such as 0570-064-556".to_string()),
            );
        }
        if let Some(url) = contact.url.as_deref()
            && !crate::config::is_web_url(url)
        {
            check.error(
                Code::WrongType,
                &format!("{path}.url"),
                format!("`{url}` is not a web address"),
                Some("write an address that starts with https://".to_string()),
            );
        }
        if contact.tel.is_none() && contact.url.is_none() {
            check.error(
                Code::MissingField,
                &path,
                format!("the contact `{}` has neither `tel` nor `url`", contact.name),
                Some("give the number to call, or the page to open".to_string()),
            );
        }
    }
}

fn check_policies<'p>(
    nodes: &'p [Policy],
    path: &str,
    ids: &mut HashSet<&'p str>,
    check: &mut FileCheck<'_>,
) {
    for (i, node) in nodes.iter().enumerate() {
        let node_path = format!("{path}.{i}");
        if let Some(problem) = id_problem(&node.id) {
            check.error(Code::BadId, &format!("{node_path}.id"), problem, None);
        }
        if !ids.insert(node.id.as_str()) {
            check.error(
                Code::DuplicateId,
                &format!("{node_path}.id"),
                format!("policy id `{}` is used twice", node.id),
                Some("every node of the policy tree needs its own id".to_string()),
            );
        }
        check_policies(&node.children, &format!("{node_path}.children"), ids, check);
    }
}
