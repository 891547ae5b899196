//! # ecs-sim-core
//!
//! A deterministic model of how Amazon ECS runs containers: a cluster of container instances,
//! task definitions, tasks with their lifecycle, and the service scheduler that keeps a desired
//! count running while standalone tasks (run-task) are never restarted.
//!
//! The crate is sans-IO: no clock, no network, no global random generator. Virtual time and
//! [`Command`]s come in as arguments; [`Event`]s come out, worded as ECS words them. The same
//! seed and commands give the same run, natively and in wasm. Start at [`Simulation`].
#![warn(missing_docs)]

mod agent;
pub mod availability;
mod catalog;
mod cluster_index;
mod command;
mod counts;
pub mod demo;
pub mod error;
pub mod event;
mod free_capacity;
mod health;
mod ids;
mod instances;
mod launch;
pub mod lifecycle;
mod model;
mod op;
mod pattern;
pub mod placement;
mod placement_fast;
mod placement_spec;
pub mod query;
mod revisions;
pub mod rules;
pub mod saved;
mod scaling;
pub mod schedule;
mod scheduled;
mod scheduler;
pub mod script;
mod service_messages;
mod sim;
mod sort;
mod spot;
mod taskdef;
mod time;
pub mod timeline;
mod timers;
mod vec_map;
pub mod workload;

pub use catalog::builtin_task_definitions;
pub use cluster_index::{Instances, SlotCounts};
pub use command::Fault;
pub use command::{Command, LoggedCommand};
pub use error::SimError;
pub use event::{Event, EventKind, EventLog, ScalingReason, Scope, Severity, TaskRef};
pub use ids::TaskId;
pub use model::*;
pub use op::{Op, UnknownOperation};
pub use rules::MAX_DESIRED;
pub use scheduler::circuit_breaker_threshold;
pub use sim::{Outcome, SimConfig, Simulation};
pub use taskdef::{fargate_memory_options, parse_task_definition, to_json as task_definition_json, validate as validate_task_definition};
pub use time::Millis;
pub use vec_map::VecMap;
