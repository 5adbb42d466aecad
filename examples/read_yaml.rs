//! How long reading every project file of a site takes, through mieruka's reading
//! (`mieruka::load::yaml::parse`: saphyr-parser's tree, deserialised by serde_yaml's rules) and
//! through serde_yaml, side by side, one thread, several rounds:
//!
//! ```sh
//! cargo run --release --example synth -- --projects 10000 --plans 10 --out /tmp/synth
//! cargo run --release --example read_yaml -- /tmp/synth 7
//! ```
//!
//! Each round prints both times and their ratio (mieruka ÷ serde_yaml), and how many files each
//! read without a problem (the two counts must be equal).

use std::path::PathBuf;
use std::time::Instant;

use mieruka::load::SourceFile;
use mieruka::model::Project;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let root = PathBuf::from(
        args.next()
            .ok_or("usage: read_yaml <site folder> [rounds]")?,
    );
    let rounds: usize = args.next().map_or(Ok(5), |r| r.parse())?;
    let mut files = Vec::new();
    for plan in std::fs::read_dir(root.join("content"))? {
        let projects = plan?.path().join("projects");
        if !projects.is_dir() {
            continue;
        }
        for entry in std::fs::read_dir(projects)? {
            let path = entry?.path();
            let text = std::fs::read_to_string(&path)?;
            files.push(SourceFile { path, text });
        }
    }
    let bytes: usize = files.iter().map(|f| f.text.len()).sum();
    println!(
        "{} project files, {:.1} MB",
        files.len(),
        bytes as f64 / 1e6
    );
    for round in 1..=rounds {
        let start = Instant::now();
        let theirs = files
            .iter()
            .filter(|f| serde_yaml::from_str::<Project>(&f.text).is_ok())
            .count();
        let serde_yaml = start.elapsed();
        let start = Instant::now();
        let ours = files
            .iter()
            .filter(|f| mieruka::load::yaml::parse::<Project>(f).problems.is_empty())
            .count();
        let mieruka = start.elapsed();
        println!(
            "round {round}: serde_yaml {:.3} s ({theirs} read), mieruka {:.3} s ({ours} read), ratio {:.2}",
            serde_yaml.as_secs_f64(),
            mieruka.as_secs_f64(),
            mieruka.as_secs_f64() / serde_yaml.as_secs_f64()
        );
    }
    Ok(())
}
