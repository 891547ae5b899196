//! The objects ECS keeps: container instances, task definitions, tasks and services.
//! Plain data with small helpers; the rules that change them live in `sim`, `lifecycle` and
//! `scheduler`. One file per object; everything is re-exported here.

mod capacity_provider;
mod instance;
mod schedule;
mod service;
mod task;
mod task_definition;

pub use capacity_provider::*;
pub use instance::*;
pub use schedule::*;
pub use service::*;
pub use task::*;
pub use task_definition::*;
