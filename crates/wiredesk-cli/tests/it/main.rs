//! The one integration binary: runs the real `wiredesk` in a temporary directory, as a user
//! would, against recorded scenarios and a loopback server.

mod browser;
mod crash;
mod entities;
mod ingest;
mod publish;
mod stance;
mod workers;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub struct Sandbox {
    pub dir: tempfile::TempDir,
}

impl Sandbox {
    pub fn create() -> Sandbox {
        Sandbox {
            dir: tempfile::tempdir().unwrap(),
        }
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    pub fn store_url(&self) -> String {
        format!("sqlite://{}", self.path().join("store.db").display())
    }

    /// `wiredesk <args>` in the sandbox, with its own data directory and no store from the environment.
    pub fn cmd(&self, args: &[&str]) -> Command {
        let mut command = Command::new(env!("CARGO_BIN_EXE_wiredesk"));
        command
            .args(args)
            .current_dir(self.path())
            .env("WIREDESK_DATA_DIR", self.path().join("data"))
            .env_remove("WIREDESK_STORE")
            .env_remove("RUST_LOG");
        command
    }

    pub fn run(&self, args: &[&str]) -> Output {
        self.cmd(args).output().unwrap()
    }

    /// `run` off the async runtime, for tests whose loopback server runs on it.
    pub async fn run_async(&self, args: &[&str]) -> Output {
        let mut command = self.cmd(args);
        tokio::task::spawn_blocking(move || command.output().unwrap())
            .await
            .unwrap()
    }

    /// Runs and asserts the exit code; returns stdout.
    #[track_caller]
    pub fn expect(&self, args: &[&str], code: i32) -> String {
        let output = self.run(args);
        let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(
            output.status.code(),
            Some(code),
            "wiredesk {args:?}\nstdout:\n{stdout}\nstderr:\n{stderr}"
        );
        stdout
    }

    pub fn write(&self, name: &str, text: &str) -> PathBuf {
        let path = self.path().join(name);
        std::fs::write(&path, text).unwrap();
        path
    }
}

pub fn scenario(name: &str) -> String {
    wiredesk_test_support::shared_dir()
        .join("scenarios")
        .join(name)
        .display()
        .to_string()
}

pub fn json_lines(stdout: &str) -> Vec<serde_json::Value> {
    stdout
        .lines()
        .filter(|line| !line.trim().is_empty())
        .map(|line| serde_json::from_str(line).unwrap())
        .collect()
}
