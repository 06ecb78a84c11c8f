//! The command line: every command, flag and its help text, parsed by clap.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

#[derive(Debug, Parser)]
#[command(
    name = "wiredesk",
    version,
    about = "An OSINT wire desk: reads Telegram channels and feeds, keeps every post with where it came from"
)]
pub struct Cli {
    #[command(flatten)]
    pub global: Global,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Args)]
pub struct Global {
    /// Configuration file; without one, built-in defaults and an embedded SQLite file in the data directory.
    #[arg(long, global = true, default_value = "wiredesk.toml")]
    pub config: PathBuf,
    /// Store URL (sqlite://<path> or postgres://…); overrides the configuration.
    #[arg(long, global = true, env = "WIREDESK_STORE")]
    pub store: Option<String>,
    /// More log output (-v info, -vv debug, -vvv trace); RUST_LOG overrides.
    #[arg(short, long, global = true, action = clap::ArgAction::Count)]
    pub verbose: u8,
    /// Only errors in the log.
    #[arg(short, long, global = true)]
    pub quiet: bool,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Write a commented starter wiredesk.toml.
    Init {
        /// Overwrite an existing file.
        #[arg(long)]
        force: bool,
    },
    /// Validate the configuration, then probe the store and every source.
    Check {
        #[arg(long)]
        json: bool,
    },
    /// Manage the sources the desk watches.
    #[command(subcommand)]
    Source(SourceCommand),
    /// Fetch every due source; keep polling until SIGINT/SIGTERM unless --once.
    Run {
        /// One pass over the due sources, then exit.
        #[arg(long)]
        once: bool,
        #[arg(long)]
        json: bool,
        /// What this process does: all (the default), fetch (poll and store posts) or desk
        /// (stories and briefs from what fetchers stored); overrides `[run] role`. Roles other
        /// than all need PostgreSQL.
        #[arg(long)]
        role: Option<String>,
        /// This process's name in leases, host slots and /metrics; overrides `[run] worker`
        /// (default `<hostname>-<pid>`).
        #[arg(long)]
        worker: Option<String>,
    },
    /// Walk a Telegram channel's older pages into the store.
    Backfill {
        /// Channel name (as configured, or any public channel: it is added).
        channel: String,
        /// Stop once posts older than this date (YYYY-MM-DD or RFC 3339) are reached.
        #[arg(long)]
        since: Option<String>,
        /// Stop after this many pages.
        #[arg(long)]
        pages: Option<u32>,
        #[arg(long)]
        json: bool,
    },
    /// List and search stored posts.
    Posts(PostsArgs),
    /// Parse one page, feed or Wikipedia summary (a file or a URL) and print what the desk sees, as JSON.
    Inspect {
        /// A file path or an http(s) URL.
        target: String,
        /// What the content is, when it does not say.
        #[arg(long, value_enum)]
        kind: Option<InspectKind>,
    },
    /// Replay a recorded scenario folder: fetches answered from its files, the clock at each step.
    Replay {
        scenario: PathBuf,
        /// Compare each step's result with the scenario's expected.toml; exit non-zero on any failure.
        #[arg(long)]
        check: bool,
        #[arg(long)]
        json: bool,
    },
    /// List stories: newest and most-sourced first.
    Stories {
        /// Also stories of a single post.
        #[arg(long)]
        all: bool,
        #[arg(long)]
        json: bool,
    },
    /// One story: posts, origin graph, frame and ledger.
    #[command(subcommand)]
    Story(StoryCommand),
    /// Drop what the desk derived from the stored posts (stories, their events, briefs, post
    /// analyses) and recompute it, as passes of a desk that ran all along would have.
    Rebuild {
        /// The time of the last pass (YYYY-MM-DD or RFC 3339; default: now), e.g. a replayed
        /// scenario's last step.
        #[arg(long)]
        at: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Analyse the stored posts again (after an analyser change): forget the stored analyses
    /// and run a desk pass, which analyses the window's posts anew; older posts are analysed
    /// again when a pass next reads them.
    Reanalyze {
        /// The time of the pass (YYYY-MM-DD or RFC 3339; default: now).
        #[arg(long)]
        at: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// A story's brief.
    #[command(subcommand)]
    Brief(BriefCommand),
    /// Serve the web UI, feeds and JSON API.
    Serve {
        /// host:port (default: server.address in the configuration, 127.0.0.1:8080).
        #[arg(long)]
        address: Option<String>,
    },
    /// Write the site as static files.
    Export {
        /// The folder to write into.
        #[arg(long)]
        site: PathBuf,
    },
    /// Replay the bundled demo corpus, print the top brief, and serve the site on 127.0.0.1.
    Demo {
        #[arg(long, default_value = "127.0.0.1:8080")]
        address: String,
        /// Print the top brief and stop, without serving.
        #[arg(long)]
        no_serve: bool,
    },
    /// Run one analysis stage on any JSONL file, to measure it on public data.
    #[command(subcommand)]
    Analyze(AnalyzeCommand),
    /// Measure the analysis stages on the public benchmarks in ../shared/datasets.
    Eval {
        /// googlenews, cluster-dev, polnear, wnut17, emergent, conll2003, throughput or all.
        dataset: String,
        /// Where the datasets are.
        #[arg(long, default_value = "../shared/datasets")]
        datasets: PathBuf,
    },
    /// The newsroom benchmark: a synthetic newsroom of feeds per size, the first desk pass, the
    /// pass after a fetch of 1 % new posts, a pass with nothing new, and the passes' peak RSS.
    Bench {
        /// Stored posts per newsroom, comma-separated (e.g. 10000,100000,1000000).
        #[arg(long, default_value = "10000")]
        posts: String,
        /// Feeds the posts come from.
        #[arg(long, default_value_t = 100)]
        feeds: usize,
        /// Where the datasets are (the texts come from googlenews-stories/gsdmm_TS.jsonl).
        #[arg(long, default_value = "../shared/datasets")]
        datasets: PathBuf,
        /// Keep each built store in this directory and reuse it on the next run (a 1M-post store
        /// takes long to build); the passes always run on a copy.
        #[arg(long)]
        keep: Option<PathBuf>,
        /// Internal: run only the passes on an already built store (the re-executed child).
        #[arg(long, hide = true)]
        passes_on: Option<String>,
    },
    /// Fetch throughput: 1, 2, 4… fetcher processes on one PostgreSQL database against a
    /// loopback server of many feeds with a fixed latency; prints sources refreshed per second.
    BenchFetch {
        /// A PostgreSQL URL whose user may create databases (one is made per round, then dropped).
        #[arg(long, env = "WIREDESK_TEST_DATABASE_URL")]
        database: String,
        #[arg(long, default_value_t = 1000)]
        feeds: usize,
        /// Loopback hosts the feeds are spread over (127.0.0.2 and up).
        #[arg(long, default_value_t = 199)]
        hosts: u8,
        /// How long the server takes to answer each request.
        #[arg(long, default_value_t = 50)]
        latency_ms: u64,
        /// Fetcher processes per round, comma-separated.
        #[arg(long, default_value = "1,2,4")]
        fetchers: String,
        /// `[run] sources_in_flight` of each fetcher.
        #[arg(long, default_value_t = 4)]
        in_flight: usize,
    },
    /// Look up a Wikipedia page summary (cached in the store).
    Wiki {
        title: String,
        #[arg(long, default_value = "en")]
        lang: String,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum BriefCommand {
    Show {
        /// The story id (`wiredesk stories` lists them).
        story: String,
        #[arg(long, value_enum, default_value = "md")]
        format: BriefFormat,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum BriefFormat {
    Md,
    Json,
    Html,
}

#[derive(Debug, Subcommand)]
pub enum StoryCommand {
    Show {
        id: String,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum AnalyzeCommand {
    /// The pipeline's clusterer over JSONL: one `{"id", "story"}` line per input line, in order,
    /// and, when the lines carry a gold story label, NMI and B-cubed against it.
    Cluster {
        #[arg(long)]
        input: PathBuf,
        /// Where to write the stories (none: only the summary and the scores are printed).
        #[arg(long)]
        output: Option<PathBuf>,
        /// The gold label field (default: the first of clusterNo, cluster, label).
        #[arg(long)]
        label_field: Option<String>,
        /// The text field (default: the first of text, textCleaned, title).
        #[arg(long)]
        text_field: Option<String>,
        /// An RFC 3339 time field; without one, lines are taken in file order.
        #[arg(long)]
        time_field: Option<String>,
    },
    /// The attribution extractor over PolNeAR sentence-level JSONL: `{"id", "labels"}` per line.
    Attribution {
        #[arg(long)]
        input: PathBuf,
        #[arg(long)]
        output: PathBuf,
    },
    /// The stance classifier over a CSV `id,claimHeadline,articleHeadline`:
    /// `{"id", "stance"}` per row (stance: for, against or observing).
    Stance {
        #[arg(long)]
        input: PathBuf,
        #[arg(long)]
        output: PathBuf,
    },
    /// The entity tagger over a CoNLL-2003 file (token first, other columns ignored):
    /// `token<TAB>tag` per token line (IOB2, PER/LOC/ORG/MISC), blank lines kept.
    Entities {
        #[arg(long)]
        input: PathBuf,
        #[arg(long)]
        output: PathBuf,
    },
}

#[derive(Debug, Subcommand)]
pub enum SourceCommand {
    /// Add a Telegram channel (@name, name or t.me link) or a feed URL.
    Add {
        /// `@channel`, `https://t.me/s/channel` or a feed URL.
        target: String,
        /// The name a person would write ("AFP").
        #[arg(long)]
        name: Option<String>,
        /// Poll interval in seconds.
        #[arg(long)]
        interval: Option<u64>,
        /// normal, leads-only, state-affiliated or primary.
        #[arg(long)]
        trust: Option<String>,
        /// Force the kind when the target is ambiguous.
        #[arg(long, value_enum)]
        kind: Option<SourceKindArg>,
        #[arg(long)]
        json: bool,
    },
    /// List sources with their health.
    List {
        #[arg(long)]
        json: bool,
    },
    Remove {
        key: String,
    },
    /// Stop polling a source.
    Pause {
        key: String,
    },
    /// Resume a paused source (also clears its failure count).
    Resume {
        key: String,
    },
    /// Add the sources in an OPML file.
    Import {
        file: PathBuf,
        #[arg(long)]
        json: bool,
    },
    /// Print the sources as OPML.
    Export {
        /// Write to a file instead of standard output.
        #[arg(long)]
        output: Option<PathBuf>,
    },
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum SourceKindArg {
    Telegram,
    Feed,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum InspectKind {
    Telegram,
    Feed,
    Wikipedia,
}

#[derive(Debug, Args)]
pub struct PostsArgs {
    /// Full-text query.
    pub query: Option<String>,
    /// Only this source (channel name or feed URL).
    #[arg(long)]
    pub source: Option<String>,
    /// Published at or after (YYYY-MM-DD or RFC 3339).
    #[arg(long)]
    pub since: Option<String>,
    /// Published before (YYYY-MM-DD or RFC 3339).
    #[arg(long)]
    pub until: Option<String>,
    /// At most this many posts (default 20 in the table; all with --json).
    #[arg(long)]
    pub limit: Option<u64>,
    /// Include posts that vanished from their source.
    #[arg(long)]
    pub include_gone: bool,
    /// One post per line, as JSON (JSON Lines).
    #[arg(long)]
    pub json: bool,
}
