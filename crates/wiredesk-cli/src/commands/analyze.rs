//! `wiredesk analyze cluster|attribution|stance|entities` (one stage over any file) and `wiredesk eval`
//! (the stages on public benchmarks, beside the published figures).

use std::path::Path;

use anyhow::{Context, bail};

use crate::Outcome;
use crate::args::AnalyzeCommand;

pub fn run(command: AnalyzeCommand) -> anyhow::Result<Outcome> {
    match command {
        AnalyzeCommand::Cluster {
            input,
            output,
            label_field,
            text_field,
            time_field,
        } => {
            let fields = wiredesk_eval::googlenews::JsonlFields {
                text: text_field.as_deref(),
                time: time_field.as_deref(),
                id: None,
                label: label_field.as_deref(),
            };
            let run = wiredesk_eval::googlenews::cluster_jsonl(&input, &fields, output.as_deref())
                .with_context(|| format!("cannot cluster {}", input.display()))?;
            println!("{run}");
            if let Some(output) = &output {
                eprintln!("stories written to {}", output.display());
            }
        }
        AnalyzeCommand::Attribution { input, output } => {
            let n_lines = wiredesk_eval::polnear::analyze_attribution(&input, &output)
                .with_context(|| format!("cannot tag {}", input.display()))?;
            eprintln!("{n_lines} sentences tagged into {}", output.display());
        }
        AnalyzeCommand::Stance { input, output } => {
            let n_rows = wiredesk_eval::emergent::analyze_stance(&input, &output)
                .with_context(|| format!("cannot classify {}", input.display()))?;
            eprintln!("{n_rows} rows classified into {}", output.display());
        }
        AnalyzeCommand::Entities { input, output } => {
            let n_tokens = wiredesk_eval::conll::analyze_entities(&input, &output)
                .with_context(|| format!("cannot tag {}", input.display()))?;
            eprintln!("{n_tokens} tokens tagged into {}", output.display());
        }
    }
    Ok(Outcome::Ok)
}

pub fn eval(dataset: &str, datasets: &Path) -> anyhow::Result<Outcome> {
    let all = dataset == "all";
    let mut ran = false;
    if all || dataset == "googlenews" {
        for report in wiredesk_eval::googlenews::googlenews(&datasets.join("googlenews-stories"))
            .context("googlenews")?
        {
            println!("{report}");
        }
        ran = true;
    }
    if all || dataset == "cluster-dev" {
        println!(
            "{}",
            wiredesk_eval::cluster_dev::cluster_dev(&datasets.join("emergent"))
                .context("cluster-dev")?
        );
        ran = true;
    }
    if all || dataset == "polnear" {
        println!(
            "{}",
            wiredesk_eval::polnear::polnear(&datasets.join("polnear")).context("polnear")?
        );
        ran = true;
    }
    if all || dataset == "wnut17" {
        println!(
            "{}",
            wiredesk_eval::wnut17::wnut17(&datasets.join("wnut17")).context("wnut17")?
        );
        ran = true;
    }
    if all || dataset == "emergent" {
        println!(
            "{}",
            wiredesk_eval::emergent::emergent(&datasets.join("emergent")).context("emergent")?
        );
        ran = true;
    }
    if all || dataset == "conll2003" {
        println!(
            "{}",
            wiredesk_eval::conll::conll2003(&datasets.join("conll2003")).context("conll2003")?
        );
        ran = true;
    }
    if all || dataset == "throughput" {
        println!(
            "{}",
            wiredesk_eval::throughput::throughput(&datasets.join("googlenews-stories"))
                .context("throughput")?
        );
        ran = true;
    }
    if !ran {
        bail!(
            "unknown dataset {dataset:?}: googlenews, cluster-dev, polnear, wnut17, emergent, conll2003, throughput or all"
        );
    }
    Ok(Outcome::Ok)
}
