//! Running the release `candor` as a user would, one process per figure:
//! whole-process wall time and peak resident memory (from `wait4`).

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Instant;

/// What one process cost.
#[derive(Clone, Copy)]
pub struct Cost {
    pub secs: f64,
    /// Peak resident memory, in MB.
    pub rss: f64,
}

/// The `candor` under test, on one database, with its errors kept in `log`.
pub struct Candor {
    pub bin: PathBuf,
    pub db: PathBuf,
    pub log: PathBuf,
}

impl Candor {
    /// Runs `candor --db DB ARGS…` to its end; panics, showing its errors, if it fails.
    pub fn run(&self, args: &[&str]) -> Cost {
        let mut cmd = Command::new(&self.bin);
        cmd.arg("--db").arg(&self.db).args(args);
        measure(cmd, &self.log).unwrap_or_else(|e| panic!("candor {}: {e}", args.join(" ")))
    }
}

/// Runs `cmd` with its output discarded and its errors written to `log`.
pub fn measure(mut cmd: Command, log: &Path) -> Result<Cost, String> {
    let errors = std::fs::File::create(log).map_err(|e| e.to_string())?;
    let started = Instant::now();
    let child = cmd
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(errors)
        .spawn()
        .map_err(|e| e.to_string())?;
    let mut status = 0;
    // SAFETY: `rusage` is plain data, and `wait4` only writes into the two
    // out-parameters for the child just spawned (and not yet waited for).
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    let pid = unsafe { libc::wait4(child.id() as libc::pid_t, &mut status, 0, &mut usage) };
    let secs = started.elapsed().as_secs_f64();
    if pid < 0 {
        return Err(std::io::Error::last_os_error().to_string());
    }
    if !(libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0) {
        let said = std::fs::read_to_string(log).unwrap_or_default();
        return Err(format!("failed ({status}): {said}"));
    }
    Ok(Cost {
        secs,
        rss: usage.ru_maxrss as f64 / 1024.0,
    })
}

/// The `p`-th percentile (0–100) of some costs' wall times.
pub fn percentile(costs: &[Cost], p: f64) -> f64 {
    let mut secs: Vec<f64> = costs.iter().map(|c| c.secs).collect();
    secs.sort_by(f64::total_cmp);
    let at = ((p / 100.0) * (secs.len() - 1) as f64).round() as usize;
    secs[at]
}
