//! The `wiredesk` binary: parses the command line, sets up logging, runs one command and turns
//! its result into an exit code — 0 all well, 1 some sources failed, 2 could not run.

mod args;
mod commands;
mod setup;

use std::process::ExitCode;

use clap::Parser;
use indicatif::MultiProgress;

use crate::args::{BriefCommand, Cli, Command, StoryCommand};

/// What a command reports back for the exit code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Ok,
    SomeSourcesFailed,
}

fn main() -> ExitCode {
    // Like any Unix filter: a closed pipe (`wiredesk posts | head`) ends the program quietly.
    #[cfg(unix)]
    // SAFETY: restoring the default disposition of SIGPIPE before any thread starts.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
    let cli = Cli::parse();
    let progress = MultiProgress::new();
    setup::init_logging(&cli.global, progress.clone());
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(error) => {
            eprintln!("wiredesk: cannot start the async runtime: {error}");
            return ExitCode::from(2);
        }
    };
    match runtime.block_on(dispatch(cli, progress)) {
        Ok(Outcome::Ok) => ExitCode::SUCCESS,
        Ok(Outcome::SomeSourcesFailed) => ExitCode::from(1),
        Err(error) => {
            eprintln!("wiredesk: {error:#}");
            ExitCode::from(2)
        }
    }
}

async fn dispatch(cli: Cli, progress: MultiProgress) -> anyhow::Result<Outcome> {
    let global = &cli.global;
    match cli.command {
        Command::Init { force } => commands::misc::init(global, force),
        Command::Check { json } => commands::misc::check(global, json).await,
        Command::Source(command) => commands::source::run(global, command).await,
        Command::Run {
            once,
            json,
            role,
            worker,
        } => commands::run::run(global, once, json, role.as_deref(), worker.as_deref()).await,
        Command::Backfill {
            channel,
            since,
            pages,
            json,
        } => {
            commands::run::backfill(global, &channel, since.as_deref(), pages, json, progress).await
        }
        Command::Posts(args) => commands::posts::run(global, args).await,
        Command::Inspect { target, kind } => commands::inspect::run(global, &target, kind).await,
        Command::Replay {
            scenario,
            check,
            json,
        } => commands::replay::run(global, &scenario, check, json).await,
        Command::Stories { all, json } => commands::stories::list(global, all, json).await,
        Command::Rebuild { at, json } => {
            commands::stories::rebuild(global, at.as_deref(), json).await
        }
        Command::Reanalyze { at, json } => {
            commands::stories::reanalyze(global, at.as_deref(), json).await
        }
        Command::Story(StoryCommand::Show { id, json }) => {
            commands::stories::show(global, &id, json).await
        }
        Command::Brief(BriefCommand::Show { story, format }) => {
            commands::publish::brief_show(global, &story, format).await
        }
        Command::Serve { address } => commands::publish::serve(global, address.as_deref()).await,
        Command::Export { site } => commands::publish::export_site(global, &site).await,
        Command::Demo { address, no_serve } => {
            commands::publish::demo(global, &address, no_serve).await
        }
        Command::Analyze(command) => commands::analyze::run(command),
        Command::Eval { dataset, datasets } => commands::analyze::eval(&dataset, &datasets),
        Command::BenchFetch {
            database,
            feeds,
            hosts,
            latency_ms,
            fetchers,
            in_flight,
        } => {
            commands::bench_fetch::run(commands::bench_fetch::Options {
                database: &database,
                feeds,
                hosts,
                latency_ms,
                fetchers: &fetchers,
                in_flight,
            })
            .await
        }
        Command::Bench {
            posts,
            feeds,
            datasets,
            keep,
            passes_on,
        } => {
            commands::bench::run(
                &posts,
                feeds,
                &datasets,
                keep.as_deref(),
                passes_on.as_deref(),
            )
            .await
        }
        Command::Wiki { title, lang, json } => {
            commands::misc::wiki(global, &title, &lang, json).await
        }
    }
}
