//! Task definition revisions: resolving `family[:revision]`, registering the next revision, and
//! the simulator's faulty revisions.

use crate::command::Fault;
use crate::error::SimError;
use crate::event::EventKind;
use crate::model::*;
use crate::op::Op;
use crate::sim::{Outcome, Simulation};

impl Simulation {
    /// Resolves `family:revision`, or `family` to its latest revision.
    pub(crate) fn resolve_task_definition(&self, op: Op, name: &str) -> Result<TaskDefinition, SimError> {
        let found = if name.contains(':') { self.task_definitions.get(name) } else { self.latest_revision(name) };
        found.cloned().ok_or_else(|| SimError::TaskDefinitionNotFound { op, name: name.to_string() })
    }

    pub(crate) fn latest_revision(&self, family: &str) -> Option<&TaskDefinition> {
        self.task_definitions.values().filter(|d| d.family == family).max_by_key(|d| d.revision)
    }

    pub(crate) fn register_task_definition(&mut self, mut td: TaskDefinition) -> Outcome {
        td.revision = self.latest_revision(&td.family).map_or(1, |d| d.revision + 1);
        let name = td.name();
        self.task_definitions.insert(name.clone(), td);
        self.emit(EventKind::TaskDefinitionRegistered { task_definition: name.clone() });
        Outcome { created: Some(name), ..Outcome::default() }
    }

    pub(crate) fn register_faulty(&mut self, family: &str, fault: Fault) -> Result<Outcome, SimError> {
        const OP: Op = Op::RegisterTaskDefinition;
        let mut td =
            self.latest_revision(family).cloned().ok_or_else(|| SimError::TaskDefinitionNotFound { op: OP, name: family.into() })?;
        match fault {
            Fault::ImagePull => {
                td.faults.image_pull_fails = true;
                for c in &mut td.containers {
                    c.image = format!("{}-does-not-exist", c.image);
                }
            }
            Fault::Unhealthy => td.faults.unhealthy = true,
            Fault::CrashOnStart => td.workload = Workload::Batch { run_seconds: 5, exit_code: 1 },
        }
        Ok(self.register_task_definition(td))
    }
}
