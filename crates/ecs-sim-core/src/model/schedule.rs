//! Scheduled standalone tasks: the EventBridge Scheduler schedules the cluster keeps.

use super::task::LaunchType;
use crate::time::Millis;
use serde::{Deserialize, Serialize};

/// An EventBridge Scheduler schedule that runs standalone tasks.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ScheduleRecord {
    /// Name.
    pub name: String,
    /// The expression as given.
    pub expression: String,
    /// Task definition to run.
    pub task_definition: String,
    /// Tasks per run.
    pub count: u32,
    /// EC2 or FARGATE.
    pub launch_type: LaunchType,
    /// Next fire time, if any.
    pub next_run: Option<Millis>,
    /// How many times it has fired.
    pub runs: u32,
}
