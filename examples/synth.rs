//! Synthetic plans for benchmarks, deterministic from a seed:
//!
//! ```sh
//! cargo run --release --example synth -- --projects 10000 --plans 10 --out /tmp/synth
//! ```
//!
//! writes a site folder (`site.toml`, `content/<plan>/plan.yaml` and `projects/*.yaml`, and a copy
//! of `themes/`) that `mieruka build --root /tmp/synth` builds without an error. The plans have the
//! shape of the real ones in `content/`: five fiscal years (FY2019–2023) per project, Japanese
//! text of the real fields' lengths, ratings and statuses, indicators with targets and values,
//! re-listed placements (再掲), 3–4 levels of policies, 40–80 departments per plan, some projects
//! in two parts, some departments changing during the period. The same seed gives the same bytes.

use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};

use clap::Parser;

#[derive(Parser)]
struct Args {
    /// Projects in all, shared out evenly among the plans.
    #[arg(long, default_value_t = 1000)]
    projects: usize,
    /// Plans.
    #[arg(long, default_value_t = 10)]
    plans: usize,
    /// The site folder to write: a new or empty folder, or one synth wrote before (emptied first).
    #[arg(long)]
    out: PathBuf,
    /// The seed of the random choices.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Also write the same data as a Hugo site here: each file's YAML as the front matter of a
    /// page, with the layouts of `scripts/hugo-site/` (for the comparison in BENCHMARKS.md).
    #[arg(long)]
    hugo: Option<PathBuf>,
}

/// The fiscal years of every plan (Gregorian start years).
const YEARS: [u32; 5] = [2019, 2020, 2021, 2022, 2023];

/// How many of [`PHRASES`] lead into a sentence; the rest end one.
const CLAUSES: usize = 20;

/// Phrases that the generated text is made of, in the style of the real reports: clauses that
/// lead into a sentence, then ones that end it.
const PHRASES: [&str; 40] = [
    "地域の関係機関と連携し",
    "高齢者の交流の場を提供し",
    "新型コロナウイルス感染症の影響により規模を縮小したものの",
    "感染防止対策をとりながら運営し",
    "相談支援の体制を強化するため",
    "庁内の関係課との情報共有を進め",
    "民生委員・児童委員の協力を得て",
    "広報紙やホームページで周知を図り",
    "参加者アンケートの結果を踏まえ",
    "指定管理者によって各種講座を開催し",
    "子育て世代包括支援センターを中心に",
    "地域ぐるみネットワーク会議を開催し",
    "支援を要する人の早期発見に努め",
    "ボランティア養成講座を実施し",
    "障がいのある人の社会参加を促進するため",
    "生活困窮者の自立に向けた相談を受け",
    "関係団体への補助金を交付し",
    "多職種連携研修会を実施し",
    "地区社会福祉協議会の活動を支援し",
    "見守り活動の協力事業者を募集し",
    "事業の周知が課題となっている",
    "前年度に比べて参加者が増加した",
    "一定の成果が得られた",
    "引き続き事業を継続していく",
    "今後も内容の充実を図っていきたい",
    "利用者の満足度は高い",
    "計画どおりに実施することができた",
    "実施方法の見直しを検討する",
    "新たな担い手の確保に取り組む",
    "オンラインでの開催も取り入れた",
    "地域の課題を共有することができた",
    "関係機関とのケース会議を定期的に開催した",
    "相談件数は年々増加傾向にある",
    "講座の内容を市民のニーズに合わせて見直した",
    "出前講座を各地区で実施した",
    "学校や地域と連携した取組を進めた",
    "健康づくりの意識の向上につながった",
    "窓口での案内を丁寧に行った",
    "研修への参加を促した",
    "支援体制の構築に向けて協議を行った",
];

/// Words that project names are made of.
const NAME_PARTS: [&str; 24] = [
    "高齢者",
    "地域",
    "子育て",
    "障がい者",
    "生活困窮者",
    "健康",
    "介護予防",
    "見守り",
    "相談支援",
    "交流",
    "ボランティア",
    "福祉",
    "権利擁護",
    "就労",
    "居場所",
    "防災",
    "認知症",
    "ひきこもり",
    "青少年",
    "家庭",
    "男女共同参画",
    "食育",
    "移動",
    "住まい",
];

/// How project names end.
const NAME_ENDS: [&str; 10] = [
    "支援事業",
    "推進事業",
    "運営事業",
    "講座の開催",
    "体制の整備",
    "ネットワークの構築",
    "相談窓口の充実",
    "活動への補助",
    "啓発事業",
    "センターの運営",
];

/// Fields of work that department names are made of; with the endings below, 80 names.
const DEPARTMENT_FIELDS: [&str; 40] = [
    "地域福祉",
    "高齢者福祉",
    "障がい福祉",
    "子育て支援",
    "健康推進",
    "保険年金",
    "生活支援",
    "保育",
    "学校教育",
    "生涯学習",
    "文化振興",
    "スポーツ振興",
    "商工観光",
    "農政",
    "環境保全",
    "都市計画",
    "道路",
    "下水道",
    "危機管理",
    "市民協働",
    "人権推進",
    "男女共同参画",
    "広報",
    "企画政策",
    "財政",
    "税務",
    "収納",
    "市民",
    "国際交流",
    "交通政策",
    "住宅",
    "公園緑地",
    "介護保険",
    "こども家庭",
    "青少年育成",
    "国民健康保険",
    "廃棄物対策",
    "産業振興",
    "情報政策",
    "資産管理",
];

/// How department names end.
const DEPARTMENT_ENDS: [&str; 2] = ["課", "室"];

/// The rating codes, best first, with their labels and colours, and how often each is given (‰).
const RATINGS: [(&str, &str, &str, u32); 4] = [
    ("A", "順調に進んでいる", "#1b6e3a", 420),
    ("B", "概ね進んでいる", "#2357a6", 330),
    ("C", "一部遅れがある", "#8a5a00", 150),
    ("D", "未実施", "#b3261e", 60),
];

/// The status codes, best first, with their colours.
const STATUSES: [(&str, &str); 3] = [
    ("順調に進んだ", "#1b6e3a"),
    ("概ね進んだ", "#2357a6"),
    ("一部遅れがある", "#8a5a00"),
];

/// Units of indicators.
const UNITS: [&str; 6] = ["人", "件", "回", "か所", "団体", "％"];

fn main() {
    let args = Args::parse();
    if let Err(e) = write_site(&args) {
        eprintln!("error: {e}");
        std::process::exit(1);
    }
}

/// The file that marks a folder as written by this program, so that it may be emptied again.
const MARKER: &str = ".synth";

/// Empties `dir` if this program wrote it (it has [`MARKER`]) and creates it with the marker.
///
/// # Errors
/// When `dir` exists, is not empty and has no marker: it is someone's folder, and is left alone.
fn fresh_folder(dir: &Path) -> std::io::Result<()> {
    if dir.join(MARKER).is_file() {
        fs::remove_dir_all(dir)?;
    } else if fs::read_dir(dir).is_ok_and(|mut entries| entries.next().is_some()) {
        return Err(std::io::Error::other(format!(
            "{} is not empty and was not written by synth; give an empty or new folder",
            dir.display()
        )));
    }
    fs::create_dir_all(dir)?;
    fs::write(dir.join(MARKER), "")
}

fn write_site(args: &Args) -> std::io::Result<()> {
    fresh_folder(&args.out)?;
    fs::create_dir_all(args.out.join("content"))?;
    fs::write(
        args.out.join("site.toml"),
        "title = \"合成データによる計画の進捗状況\"\nlanguage = \"ja\"\ntheme = \"default\"\n",
    )?;
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    copy_dir(&repo.join("themes"), &args.out.join("themes"))?;
    if let Some(hugo) = &args.hugo {
        fresh_folder(hugo)?;
        copy_dir(&repo.join("scripts/hugo-site"), hugo)?;
        fs::create_dir_all(hugo.join("content"))?;
        fs::write(
            hugo.join("content/_index.md"),
            "---\ntitle: 合成データによる計画の進捗状況\n---\n",
        )?;
    }
    let plans = args.plans.max(1);
    for p in 0..plans {
        let mut rng = fastrand::Rng::with_seed(args.seed.wrapping_mul(1_000_003) + p as u64);
        let projects = args.projects / plans + usize::from(p < args.projects % plans);
        write_plan(&mut rng, &args.out, args.hugo.as_deref(), p, projects)?;
    }
    Ok(())
}

/// Writes plan number `p` with `projects` projects into the site folder `out`, and into the Hugo
/// site folder `hugo` when there is one.
fn write_plan(
    rng: &mut fastrand::Rng,
    out: &Path,
    hugo: Option<&Path>,
    p: usize,
    projects: usize,
) -> std::io::Result<()> {
    let plan_id = format!("plan-{:02}", p + 1);
    let dir = out.join("content").join(&plan_id);
    let hugo_dir = hugo.map(|h| h.join("content").join(&plan_id));
    if let Some(h) = &hugo_dir {
        fs::create_dir_all(h)?;
    }
    fs::create_dir_all(dir.join("projects"))?;
    let depth = 3 + p % 2;
    let mut yaml = String::new();
    let _ = write!(
        yaml,
        "municipality: 合成市{n}\ntitle: 第{n}次合成市地域福祉計画\nperiod: {{from: 2019, to: 2023}}\n\
         source: {{document: synthetic-{n}.txt, title: 合成データ（ベンチマーク用）}}\nlevels:\n",
        n = p + 1
    );
    for name in ["基本目標", "基本施策", "施策の方向", "重点施策"]
        .iter()
        .take(depth)
    {
        let _ = writeln!(yaml, "  - name: {name}");
    }
    yaml.push_str("project_level: 事業\npolicies:\n");
    let mut leaves = Vec::new();
    let top = 4 + rng.usize(0..3);
    for t in 0..top {
        policy(
            rng,
            &mut yaml,
            &mut leaves,
            &format!("g{}", t + 1),
            t,
            1,
            depth,
        );
    }
    yaml.push_str("scales:\n  - id: rating\n    name: 評価\n    not_rated: [\"－\"]\n    codes:\n");
    for (code, label, color, _) in RATINGS {
        let _ = writeln!(
            yaml,
            "      - {{code: {code}, label: {label}, color: \"{color}\"}}"
        );
    }
    yaml.push_str("  - id: progress\n    name: 進捗状況\n    codes:\n");
    for (code, color) in STATUSES {
        let _ = writeln!(yaml, "      - {{code: {code}, color: \"{color}\"}}");
    }
    yaml.push_str(
        "rating_scale: rating\nstatus_scale: progress\ndirections: [継続, 拡充, 見直し, 廃止]\n",
    );
    if let Some(h) = &hugo_dir {
        let title = format!("title: 第{}次合成市地域福祉計画\n", p + 1);
        fs::write(h.join("_index.md"), format!("---\n{title}{yaml}---\n"))?;
    }
    fs::write(dir.join("plan.yaml"), yaml)?;

    // 40–80 departments of the 80, a different set for each plan.
    let mut departments: Vec<String> = DEPARTMENT_FIELDS
        .iter()
        .flat_map(|f| DEPARTMENT_ENDS.iter().map(move |e| format!("{f}{e}")))
        .collect();
    rng.shuffle(&mut departments);
    departments.truncate(40 + rng.usize(0..=40));

    for i in 0..projects {
        let id = format!("p{:02}-{:05}", p + 1, i + 1);
        // Projects fill the leaves in order, so each leaf has a run of them.
        let leaf = &leaves[i * leaves.len() / projects];
        let text = project(rng, &id, i, leaf, &leaves, &departments);
        if let Some(h) = &hugo_dir {
            fs::write(
                h.join(format!("{id}.md")),
                format!("---\ntitle: {id}\n{text}---\n"),
            )?;
        }
        fs::write(dir.join("projects").join(format!("{id}.yaml")), text)?;
    }
    Ok(())
}

/// Appends the policy node `id` (and its children) at `level` (1 = top) of a tree `depth` deep.
fn policy(
    rng: &mut fastrand::Rng,
    yaml: &mut String,
    leaves: &mut Vec<String>,
    id: &str,
    index: usize,
    level: usize,
    depth: usize,
) {
    let indent = "    ".repeat(level - 1);
    let number = match level {
        1 => format!("{}", index + 1),
        2 => format!("({})", index + 1),
        _ => char::from_u32(0x2460 + index as u32).map_or(String::new(), String::from),
    };
    let _ = writeln!(
        yaml,
        "{indent}  - id: {id}\n{indent}    number: \"{number}\"\n{indent}    name: {}",
        name(rng)
    );
    if level == depth {
        leaves.push(id.to_string());
        return;
    }
    let _ = writeln!(yaml, "{indent}    children:");
    for c in 0..2 + rng.usize(0..3) {
        policy(
            rng,
            yaml,
            leaves,
            &format!("{id}-{}", c + 1),
            c,
            level + 1,
            depth,
        );
    }
}

/// A name of a policy or project, 8–24 characters.
fn name(rng: &mut fastrand::Rng) -> String {
    let mut name = String::new();
    for _ in 0..1 + rng.usize(0..2) {
        name.push_str(NAME_PARTS[rng.usize(0..NAME_PARTS.len())]);
        name.push_str(["の", "・", ""][rng.usize(0..3)]);
    }
    let name = name.trim_end_matches(['の', '・']).to_string();
    name + NAME_ENDS[rng.usize(0..NAME_ENDS.len())]
}

/// Sentences of the reports' style, of a length in `chars` (characters); a figure now and then.
fn text(rng: &mut fastrand::Rng, chars: std::ops::Range<usize>) -> String {
    let chars = rng.usize(chars);
    let mut out = String::new();
    while out.chars().count() < chars {
        for _ in 0..1 + rng.usize(0..3) {
            out.push_str(PHRASES[rng.usize(0..CLAUSES)]);
            out.push('、');
        }
        out.push_str(PHRASES[rng.usize(CLAUSES..PHRASES.len())]);
        out.push('。');
        if rng.u32(0..4) == 0 {
            let _ = write!(out, "年間参加者数：{}人。", thousands(rng.u32(10..30_000)));
        }
        if rng.u32(0..3) == 0 {
            out.push('\n');
        }
    }
    out.trim_end().to_string()
}

/// `text` as a YAML block (`|-`) indented by `indent` spaces.
fn block(text: &str, indent: usize) -> String {
    let pad = " ".repeat(indent);
    let mut out = String::from("|-");
    for line in text.lines() {
        out.push('\n');
        out.push_str(&pad);
        out.push_str(line);
    }
    out
}

/// A rating code, weighted like the real plans' ratings, or the "not rated" mark.
fn rating(rng: &mut fastrand::Rng) -> &'static str {
    let mut roll = rng.u32(0..1000);
    for (code, _, _, per_mille) in RATINGS {
        if roll < per_mille {
            return code;
        }
        roll -= per_mille;
    }
    "－"
}

/// The project file of project `id`, the `i`-th of its plan, placed under the policy `leaf`.
fn project(
    rng: &mut fastrand::Rng,
    id: &str,
    i: usize,
    leaf: &str,
    leaves: &[String],
    departments: &[String],
) -> String {
    let mut y = String::new();
    let _ = writeln!(y, "id: {id}\nnumber: \"{}\"\nname: {}", i + 1, name(rng));
    let description = text(rng, 40..160);
    let _ = writeln!(y, "description: {}", block(&description, 2));
    // One project in ten is re-listed (再掲) under a second leaf.
    let _ = writeln!(y, "placements:\n  - {leaf}");
    if rng.u32(0..10) == 0 {
        let other = &leaves[rng.usize(0..leaves.len())];
        if other != leaf {
            let _ = writeln!(y, "  - {{policy: {other}, number: \"{}\"}}", rng.u32(1..40));
        }
    }
    if rng.u32(0..10) == 0 {
        y.push_str("parts:\n");
        for part in ["取組事例①", "取組事例②"] {
            let _ = writeln!(y, "  - label: {part}");
            sheet(rng, &mut y, 4, departments);
        }
    } else {
        sheet(rng, &mut y, 0, departments);
    }
    y
}

/// The keys a project and each of its parts have: departments, schedule, indicators, years,
/// evaluation, rating and direction; indented by `indent` spaces.
fn sheet(rng: &mut fastrand::Rng, y: &mut String, indent: usize, departments: &[String]) {
    let pad = " ".repeat(indent);
    let first = &departments[rng.usize(0..departments.len())];
    let second = &departments[rng.usize(0..departments.len())];
    let changed = rng.u32(0..8) == 0 && first != second;
    let together = !changed && rng.u32(0..4) == 0 && first != second;
    if changed {
        let _ = writeln!(
            y,
            "{pad}department_label: {first}(→R4-{second}へ)\n{pad}departments:\n{pad}  - {{name: {first}}}\n{pad}  - {{name: {second}, from: 2022}}"
        );
    } else if together {
        let _ = writeln!(
            y,
            "{pad}department_label: {first}・{second}\n{pad}departments:\n{pad}  - {{name: {first}}}\n{pad}  - {{name: {second}}}"
        );
    } else {
        let _ = writeln!(y, "{pad}departments:\n{pad}  - {{name: {first}}}");
    }
    if rng.u32(0..3) == 0 {
        let _ = writeln!(y, "{pad}schedule:");
        let split = 2020 + rng.u32(0..3);
        let _ = writeln!(
            y,
            "{pad}  - {{from: 2019, to: {}, text: {}}}",
            split - 1,
            ["調査研究", "実施方法の検討", "試行実施"][rng.usize(0..3)]
        );
        let _ = writeln!(
            y,
            "{pad}  - {{from: {split}, to: 2023, text: {}}}",
            ["本格実施", "継続実施", "内容の充実"][rng.usize(0..3)]
        );
    }
    if rng.u32(0..10) < 6 {
        let unit = UNITS[rng.usize(0..UNITS.len())];
        let target = 10 * (1 + rng.u32(0..200));
        let _ = writeln!(
            y,
            "{pad}indicators:\n{pad}  - label: {}の{}\n{pad}    unit: {unit}\n{pad}    direction: higher\n{pad}    targets:",
            NAME_PARTS[rng.usize(0..NAME_PARTS.len())],
            ["参加者数", "相談件数", "実施回数", "登録者数"][rng.usize(0..4)]
        );
        for fy in YEARS {
            let _ = writeln!(y, "{pad}      {fy}: \"{target}\"");
        }
        let _ = writeln!(y, "{pad}    values:");
        for fy in YEARS {
            let value = target * (40 + rng.u32(0..80)) / 100;
            let _ = writeln!(y, "{pad}      {fy}: \"{}\"", thousands(value));
        }
    }
    let _ = writeln!(y, "{pad}years:");
    for fy in YEARS {
        if rng.u32(0..20) == 0 {
            continue;
        }
        let results = text(rng, 80..300);
        let _ = writeln!(
            y,
            "{pad}  {fy}:\n{pad}    results: {}",
            block(&results, indent + 6)
        );
        if rng.u32(0..3) == 0 {
            let outcome = text(rng, 30..120);
            let _ = writeln!(y, "{pad}    outcome: {}", block(&outcome, indent + 6));
        }
        let _ = writeln!(y, "{pad}    rating: {}", rating(rng));
        if rng.u32(0..2) == 0 {
            let _ = writeln!(
                y,
                "{pad}    status: {}",
                STATUSES[rng.usize(0..STATUSES.len())].0
            );
        }
        if rng.u32(0..3) == 0 {
            let _ = writeln!(y, "{pad}    achievement: {}", 50 + rng.u32(0..51));
        }
    }
    if rng.u32(0..3) > 0 {
        let evaluation = text(rng, 60..200);
        let _ = writeln!(y, "{pad}evaluation: {}", block(&evaluation, indent + 2));
        let _ = writeln!(y, "{pad}rating: {}", rating(rng));
        let directions = ["継続", "継続", "継続", "拡充", "見直し", "廃止"];
        let _ = writeln!(
            y,
            "{pad}direction: {}",
            directions[rng.usize(0..directions.len())]
        );
    }
}

/// `n` with thousands separators, as the reports print it.
fn thousands(n: u32) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// Copies the folder `from` to `to`.
fn copy_dir(from: &Path, to: &Path) -> std::io::Result<()> {
    fs::create_dir_all(to)?;
    for entry in fs::read_dir(from)? {
        let entry = entry?;
        let target = to.join(entry.file_name());
        if entry.file_type()?.is_dir() {
            copy_dir(&entry.path(), &target)?;
        } else {
            fs::copy(entry.path(), target)?;
        }
    }
    Ok(())
}
