//! Task definitions: registered revisions, their containers with port mappings and health
//! checks, and the simulator-only workload and faults.

use super::task::LaunchType;
use serde::{Deserialize, Serialize};

/// A container health check (`healthCheck` in a container definition). Seconds throughout.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct HealthCheck {
    /// `["CMD-SHELL", "curl -f http://localhost/ || exit 1"]` or `["CMD", …]`.
    pub command: Vec<String>,
    /// Seconds between checks (5–300, default 30).
    pub interval: u32,
    /// Seconds before a check counts as failed (2–60, default 5).
    pub timeout: u32,
    /// Consecutive failures before UNHEALTHY (1–10, default 3).
    pub retries: u32,
    /// Grace after start during which failures do not count (0–300, default 0).
    pub start_period: u32,
}

/// A port mapping of a container.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PortMapping {
    /// Port inside the container.
    pub container_port: u16,
    /// Port on the host; `None` (or 0) means a dynamic port in bridge mode, which never clashes.
    pub host_port: Option<u16>,
}

/// A container inside a task definition.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ContainerDefinition {
    /// Container name.
    pub name: String,
    /// Image reference.
    pub image: String,
    /// Whether the task stops when this container stops.
    pub essential: bool,
    /// Container-level CPU units (0 = share the task's).
    pub cpu: u32,
    /// Container-level hard memory limit, MiB.
    pub memory: Option<u32>,
    /// Port mappings.
    pub port_mappings: Vec<PortMapping>,
    /// Optional container health check.
    pub health_check: Option<HealthCheck>,
}

impl ContainerDefinition {
    /// Fixed host ports this container takes on its instance (dynamic ports excluded).
    pub fn host_ports(&self) -> impl Iterator<Item = u16> + '_ {
        self.port_mappings.iter().filter_map(|p| p.host_port.filter(|h| *h != 0))
    }
}

/// What the task's process does once RUNNING (a simulator property of the task definition).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", tag = "kind")]
pub enum Workload {
    /// Serves until stopped (a web server, a queue worker).
    LongRunning,
    /// Does its job for `run_seconds`, then the essential container exits with `exit_code`.
    #[serde(rename_all = "camelCase")]
    Batch {
        /// How long one run takes.
        run_seconds: u64,
        /// 0 is success; anything else a failure.
        exit_code: i32,
    },
}

impl Workload {
    /// Whether a task of it stops by itself, and how, as the page's menus say it:
    /// "runs until stopped", "finishes: exit 0 after 45 s", "finishes: exit 1 (a failure) after 30 s".
    pub fn summary(&self) -> String {
        match *self {
            Workload::LongRunning => "runs until stopped".into(),
            Workload::Batch { run_seconds, exit_code } => {
                let after = if run_seconds >= 60 && run_seconds % 60 == 0 {
                    format!("{} min", run_seconds / 60)
                } else {
                    format!("{run_seconds} s")
                };
                match exit_code {
                    0 => format!("finishes: exit 0 after {after}"),
                    code => format!("finishes: exit {code} (a failure) after {after}"),
                }
            }
        }
    }
}

/// Faults a learner can build into a revision, so failures can be taught (simulator only).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Faults {
    /// The image cannot be pulled: tasks stop in PENDING with `CannotPullContainerError`.
    #[serde(default)]
    pub image_pull_fails: bool,
    /// The essential container's health check always fails once running.
    #[serde(default)]
    pub unhealthy: bool,
}

/// A registered task definition revision, `family:revision`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TaskDefinition {
    /// The family name.
    pub family: String,
    /// The revision, from 1.
    pub revision: u32,
    /// Task-level CPU units.
    pub cpu: u32,
    /// Task-level memory, MiB.
    pub memory: u32,
    /// `awsvpc`, `bridge` or `host`.
    pub network_mode: String,
    /// `EC2` and/or `FARGATE`.
    pub requires_compatibilities: Vec<LaunchType>,
    /// The containers.
    pub containers: Vec<ContainerDefinition>,
    /// What the task does once running.
    pub workload: Workload,
    /// Built-in failures, for teaching.
    #[serde(default)]
    pub faults: Faults,
}

impl TaskDefinition {
    /// `family:revision`.
    pub fn name(&self) -> String {
        format!("{}:{}", self.family, self.revision)
    }

    /// Fixed host ports a task of this definition takes on an EC2 instance.
    pub fn host_ports(&self) -> Vec<u16> {
        self.containers.iter().flat_map(|c| c.host_ports()).collect()
    }

    /// The health check of the first essential container that has one.
    pub fn health_check(&self) -> Option<&HealthCheck> {
        self.containers.iter().filter(|c| c.essential).find_map(|c| c.health_check.as_ref())
    }
}

#[cfg(test)]
mod workload_tests {
    use super::Workload;

    #[test]
    fn a_summary_says_whether_the_task_stops_by_itself() {
        assert_eq!(Workload::LongRunning.summary(), "runs until stopped");
        assert_eq!(Workload::Batch { run_seconds: 45, exit_code: 0 }.summary(), "finishes: exit 0 after 45 s");
        assert_eq!(Workload::Batch { run_seconds: 120, exit_code: 1 }.summary(), "finishes: exit 1 (a failure) after 2 min");
    }
}
