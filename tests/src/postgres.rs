//! A PostgreSQL server of the test's own (`initdb` and `pg_ctl` into a temporary folder, on a free
//! loopback port), which a test may stop and start again without disturbing anything else.
//! PostgreSQL refuses to run as root, so as root the commands run as the `postgres` user.

use std::path::{Path, PathBuf};
use std::process::Command;

/// Where Debian puts PostgreSQL 15's programs.
const BIN: &str = "/usr/lib/postgresql/15/bin";

/// A running server of the test's own; stopped when dropped.
pub struct OwnPostgres {
    dir: tempfile::TempDir,
    pub port: u16,
}

fn is_root() -> bool {
    Command::new("id").arg("-u").output().map(|o| String::from_utf8_lossy(&o.stdout).trim() == "0").unwrap_or(false)
}

/// Runs a PostgreSQL program, as `postgres` when we are root.
fn run(program: &str, args: &[&str]) -> std::process::Output {
    let path = Path::new(BIN).join(program);
    let mut command = if is_root() {
        let mut c = Command::new("runuser");
        c.args(["-u", "postgres", "--"]).arg(&path);
        c
    } else {
        Command::new(&path)
    };
    command.args(args).output().unwrap_or_else(|e| panic!("{program} could not run: {e}"))
}

impl OwnPostgres {
    /// Creates and starts the server, or `None` when PostgreSQL's programs are not installed.
    pub fn start() -> Option<OwnPostgres> {
        if !Path::new(BIN).join("initdb").exists() {
            return None;
        }
        let dir = tempfile::tempdir().unwrap();
        if is_root() {
            let status = Command::new("chown").args(["-R", "postgres:postgres"]).arg(dir.path()).status().unwrap();
            assert!(status.success(), "chown of the PostgreSQL folder");
        }
        let data = dir.path().join("data");
        let output =
            run("initdb", &["-D", &data.display().to_string(), "-U", "postgres", "--auth=trust", "-E", "UTF8"]);
        assert!(output.status.success(), "initdb: {}", String::from_utf8_lossy(&output.stderr));
        let own = OwnPostgres { dir, port: crate::free_port() };
        own.up();
        Some(own)
    }

    fn data(&self) -> PathBuf {
        self.dir.path().join("data")
    }

    /// `postgres://postgres@127.0.0.1:PORT`, without a database name.
    pub fn url(&self) -> String {
        format!("postgres://postgres@127.0.0.1:{}", self.port)
    }

    /// Starts the server and waits until it accepts connections.
    pub fn up(&self) {
        let options = format!("-p {} -k {} -c listen_addresses=127.0.0.1", self.port, self.dir.path().display());
        let log = self.dir.path().join("postgres.log").display().to_string();
        let output =
            run("pg_ctl", &["-D", &self.data().display().to_string(), "-o", &options, "-l", &log, "-w", "start"]);
        assert!(output.status.success(), "pg_ctl start: {}", String::from_utf8_lossy(&output.stderr));
    }

    /// Stops the server at once, closing every connection (`-m fast`).
    pub fn down(&self) {
        let output = run("pg_ctl", &["-D", &self.data().display().to_string(), "-m", "fast", "-w", "stop"]);
        assert!(output.status.success(), "pg_ctl stop: {}", String::from_utf8_lossy(&output.stderr));
    }
}

impl Drop for OwnPostgres {
    fn drop(&mut self) {
        let _ = run("pg_ctl", &["-D", &self.data().display().to_string(), "-m", "immediate", "-w", "stop"]);
    }
}
