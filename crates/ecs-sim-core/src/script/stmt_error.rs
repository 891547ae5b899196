//! Why a statement could not be carried out: the errors that [`Session::execute`] reports,
//! from picking a task to an `expect` that did not hold. Kept apart from the session that plans
//! a statement and the driver that runs it, so both can name them without depending on each
//! other.
//!
//! [`Session::execute`]: super::Session::execute

use super::stmt::TaskRef;
use crate::error::SimError;
use thiserror::Error;

/// Why a statement could not be carried out, worded for the person who typed it.
#[derive(Clone, Debug, PartialEq, Eq, Error)]
pub enum StmtError {
    /// `seed` after another line: the seed makes the cluster, so it comes first.
    #[error("seed: only allowed at the top of a script, before any other line")]
    SeedNotFirst,
    /// A task or instance reference that picks nothing.
    #[error(transparent)]
    Pick(#[from] PickError),
    /// The simulator refused the command or the query, as ECS would (its hint on a line below).
    #[error("{}", .0.with_hint())]
    Rejected(SimError),
    /// The host declined to carry the command out.
    #[error("{0}")]
    Declined(String),
    /// An `expect` line did not hold; what was found instead.
    #[error("{0}")]
    Expectation(String),
}

/// Why a task or instance reference picks nothing.
#[derive(Clone, Debug, PartialEq, Eq, Error)]
pub enum PickError {
    /// `service NAME task N` for a service that does not exist.
    #[error("there is no service {0}")]
    NoService(String),
    /// A position past the RUNNING tasks the reference counts.
    #[error("{} has {running} RUNNING task(s), so there is no task {position}", picked(.task))]
    NoTask {
        /// The reference (a service or standalone one).
        task: TaskRef,
        /// How many RUNNING tasks it counts.
        running: usize,
        /// The 1-based position asked for.
        position: usize,
    },
    /// `task NAME` with no such label, id or prefix.
    #[error("no task is named '{0}' (give a label from 'as NAME', or a task id)")]
    UnknownTask(String),
    /// `instance N` past the cluster's instances.
    #[error("the cluster has {instances} instance(s), so there is no instance {position}")]
    NoInstance {
        /// How many instances the cluster has.
        instances: usize,
        /// The 1-based position asked for.
        position: usize,
    },
}

/// What a positional reference counts, for [`PickError::NoTask`].
fn picked(r: &TaskRef) -> String {
    match r {
        TaskRef::Service { service, .. } => format!("service {service}"),
        TaskRef::Standalone { group: Some(g), .. } => format!("group {g} (standalone)"),
        TaskRef::Standalone { group: None, .. } => "the cluster (standalone)".into(),
        TaskRef::Named(n) => format!("task {n}"),
    }
}
