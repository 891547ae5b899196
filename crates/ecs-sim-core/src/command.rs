//! The one command language every front end speaks: the page, the CLI, saved state and tests.

use crate::model::LaunchType;
use crate::time::Millis;
use serde::{Deserialize, Serialize};

/// A change requested from outside. Apply with [`crate::Simulation::apply`].
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", tag = "op")]
pub enum Command {
    /// `aws ecs create-service`.
    #[serde(rename_all = "camelCase")]
    CreateService {
        /// Service name (1–255 letters, digits, `-`, `_`).
        service_name: String,
        /// `family:revision` (or `family` for the latest revision).
        task_definition: String,
        /// Tasks to keep running.
        desired_count: u32,
        /// EC2 or FARGATE.
        #[serde(default)]
        launch_type: LaunchType,
    },
    /// `aws ecs update-service --desired-count`.
    #[serde(rename_all = "camelCase")]
    UpdateService {
        /// Service name.
        service: String,
        /// New desired count.
        desired_count: Option<u32>,
    },
    /// `aws ecs delete-service --force`.
    #[serde(rename_all = "camelCase")]
    DeleteService {
        /// Service name.
        service: String,
    },
    /// `aws ecs run-task`.
    #[serde(rename_all = "camelCase")]
    RunTask {
        /// `family:revision` (or `family`).
        task_definition: String,
        /// 1 to 10.
        count: u32,
        /// EC2 or FARGATE.
        #[serde(default)]
        launch_type: LaunchType,
        /// Task group; `family:FAMILY` when absent.
        #[serde(default)]
        group: Option<String>,
    },
    /// `aws ecs stop-task`: what a click on a task tile sends.
    #[serde(rename_all = "camelCase")]
    StopTask {
        /// Task id (the full id, or a unique prefix of at least 4 hex digits).
        task: String,
        /// Reason; ECS uses "Task stopped by user" when none is given.
        #[serde(default)]
        reason: Option<String>,
    },
}

impl Command {
    /// The API operation the command stands for, as error messages name it.
    pub fn operation(&self) -> &'static str {
        match self {
            Command::CreateService { .. } => "CreateService",
            Command::UpdateService { .. } => "UpdateService",
            Command::DeleteService { .. } => "DeleteService",
            Command::RunTask { .. } => "RunTask",
            Command::StopTask { .. } => "StopTask",
        }
    }
}

/// A command and the virtual time it was applied at: one line of the replayable log.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LoggedCommand {
    /// When it was applied.
    pub at: Millis,
    /// What was applied.
    pub command: Command,
}
