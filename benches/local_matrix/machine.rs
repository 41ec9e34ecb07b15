//! The machine a benchmark ran on, so figures from different machines are
//! not compared as if they were alike.

use std::fmt;

/// Cores, CPU model and memory, as Linux reports them.
pub struct Machine {
    /// What `nproc` prints: the CPUs this process may run on.
    cpus: usize,
    /// `model name` of the first processor in `/proc/cpuinfo`.
    cpu_model: String,
    /// `MemTotal` of `/proc/meminfo`, in KiB.
    memory_kib: Option<u64>,
}

impl Machine {
    pub fn detect() -> Self {
        let cpus = std::thread::available_parallelism().map_or(0, usize::from);
        let cpu_model = std::fs::read_to_string("/proc/cpuinfo")
            .ok()
            .and_then(|text| field(&text, "model name"))
            .unwrap_or_else(|| "unknown (no /proc/cpuinfo)".to_owned());
        let memory_kib = std::fs::read_to_string("/proc/meminfo")
            .ok()
            .and_then(|text| field(&text, "MemTotal"))
            .and_then(|value| value.trim_end_matches("kB").trim().parse().ok());
        Self {
            cpus,
            cpu_model,
            memory_kib,
        }
    }
}

/// The value of the first `name: value` line.
fn field(text: &str, name: &str) -> Option<String> {
    text.lines().find_map(|line| {
        let (key, value) = line.split_once(':')?;
        (key.trim() == name).then(|| value.trim().to_owned())
    })
}

impl fmt::Display for Machine {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let memory = self.memory_kib.map_or_else(
            || "unknown".to_owned(),
            |kib| format!("{:.1} GiB", kib as f64 / (1024.0 * 1024.0)),
        );
        write!(
            f,
            "machine: nproc {}, CPU {}, memory {memory}",
            self.cpus, self.cpu_model
        )
    }
}
