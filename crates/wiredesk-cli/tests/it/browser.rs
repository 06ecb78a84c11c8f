//! The web UI as a person sees it: `wiredesk demo` serves the demo desk on loopback, headless
//! Chromium loads the front page and the top story's page, the rendered DOM must show the
//! headline, the ledger and the provenance list, and a screenshot is saved for review
//! (`target/browser/story.png`). `.ci/run` installs Debian's chromium; without it the test says
//! it is skipped (like the PostgreSQL store suite).

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::Sandbox;

fn chromium() -> Option<PathBuf> {
    [
        "/usr/bin/chromium",
        "/usr/bin/chromium-browser",
        "/usr/bin/google-chrome",
    ]
    .iter()
    .map(PathBuf::from)
    .find(|path| path.exists())
}

/// Chromium, headless, with the flags this closed network needs.
fn headless(browser: &Path, profile: &Path) -> Command {
    let mut command = Command::new(browser);
    command.args([
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--hide-scrollbars",
        "--window-size=1280,2200",
    ]);
    command.arg(format!("--user-data-dir={}", profile.display()));
    command
}

fn dump_dom(browser: &Path, profile: &Path, url: &str) -> String {
    let output = headless(browser, profile)
        .args(["--dump-dom", url])
        .output()
        .expect("chromium runs");
    assert!(
        output.status.success(),
        "chromium --dump-dom {url}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout).into_owned()
}

struct Demo(Child);

impl Drop for Demo {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Starts `wiredesk demo` on a free loopback port and returns it with its base URL.
fn start_demo(sandbox: &Sandbox) -> (Demo, String) {
    let mut child = sandbox
        .cmd(&["-q", "demo", "--address", "127.0.0.1:0"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("wiredesk demo starts");
    let stderr = child.stderr.take().expect("stderr");
    let demo = Demo(child);
    let deadline = Instant::now() + Duration::from_secs(120);
    for line in BufReader::new(stderr).lines() {
        let line = line.expect("stderr line");
        if let Some(rest) = line.split("serving on ").nth(1) {
            let base = rest
                .split_whitespace()
                .next()
                .unwrap_or_default()
                .trim_end_matches('/')
                .to_string();
            return (demo, base);
        }
        assert!(
            Instant::now() < deadline,
            "wiredesk demo did not start serving"
        );
    }
    panic!("wiredesk demo exited before serving");
}

#[test]
fn the_story_page_shows_headline_ledger_and_provenance_in_chromium() {
    let Some(browser) = chromium() else {
        eprintln!("browser test skipped: chromium is not installed (.ci/run installs it)");
        return;
    };
    let sandbox = Sandbox::create();
    let profile = sandbox.path().join("chromium-profile");
    let (_demo, base) = start_demo(&sandbox);

    let front = dump_dom(&browser, &profile, &format!("{base}/"));
    let story_path = front
        .split("href=\"")
        .skip(1)
        .filter_map(|rest| rest.split('"').next())
        .find(|href| href.contains("/story/") && !href.contains("feed"))
        .expect("the front page links a story")
        .to_string();
    let story_url = if story_path.starts_with("http") {
        story_path
    } else {
        format!("{base}{story_path}")
    };

    let page = dump_dom(&browser, &profile, &story_url);
    let headline = page
        .split("<h1")
        .nth(1)
        .and_then(|rest| rest.split('>').nth(1))
        .and_then(|rest| rest.split("</h1").next())
        .unwrap_or_default();
    assert!(
        !headline.trim().is_empty(),
        "a headline in <h1>: {story_url}"
    );
    assert!(page.contains("<table"), "the ledger table is rendered");
    assert!(
        page.to_lowercase().contains("ledger"),
        "the ledger is labelled"
    );
    assert!(
        page.contains("Provenance"),
        "the provenance list is rendered"
    );
    assert!(page.contains("https://t.me/"), "provenance links the posts");
    assert!(!page.contains("<script"), "no script on the page");

    let shots = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../target/browser");
    std::fs::create_dir_all(&shots).unwrap();
    let shot = shots.join("story.png");
    let output = headless(&browser, &profile)
        .arg(format!("--screenshot={}", shot.display()))
        .arg(&story_url)
        .output()
        .expect("chromium screenshot");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let size = std::fs::metadata(&shot).map(|meta| meta.len()).unwrap_or(0);
    assert!(
        size > 10_000,
        "a real screenshot was saved at {} ({size} bytes)",
        shot.display()
    );
}
