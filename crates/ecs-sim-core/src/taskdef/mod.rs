//! Task definitions as users write them: the JSON of `aws ecs register-task-definition
//! --cli-input-json`, parsed and validated as ECS validates it, into a [`TaskDefinition`].
//!
//! Unknown AWS fields (roles, log configuration, environment…) are accepted and ignored, so a
//! real task definition pasted from the console registers. Simulator-only extras live in an
//! optional `"x-ecs-sim"` object: `runSeconds` and `exitCode` (a batch job), `imagePullFails`,
//! `unhealthy`.
//!
//! One file per part of RegisterTaskDefinition: `input` is the JSON shape (read, and written
//! back by [`to_json`]), `size` the task's cpu and memory (Fargate's combinations),
//! `container` one container definition with its ports and health check, and `register`
//! the whole definition and the checks across it.

mod container;
mod decimal;
mod input;
mod register;
mod size;

pub use input::to_json;
pub use register::{parse_task_definition, validate};
pub use size::fargate_memory_options;

use crate::error::SimError;
use crate::op::Op;

const OP: Op = Op::RegisterTaskDefinition;

/// ECS's sentence about the parameter at `path` (a JSON path in the input).
fn invalid(path: &str, message: impl Into<String>) -> SimError {
    SimError::invalid(OP, message).with_param(path)
}

/// A ClientException about the parameter at `path`.
fn client(path: &str, message: impl Into<String>) -> SimError {
    SimError::client(OP, message).with_param(path)
}
