//! Fargate Spot: how many of a service's tasks each capacity provider runs, and what happens when AWS
//! takes Spot capacity back. Following "AWS Fargate capacity providers" in the ECS Developer
//! Guide: the task gets a two-minute warning, sent as a task state change event and as SIGTERM
//! to its containers, and then stops with stopCode `SpotInterruption`. A service's scheduler
//! starts a replacement as soon as the warning arrives; nothing restarts a standalone task.

use crate::event::EventKind;
use crate::model::*;
use crate::sim::{task_ref, Outcome, Simulation};
use crate::time::Millis;

/// How long a Fargate Spot task runs after its interruption warning, at most.
pub const SPOT_WARNING: Millis = Millis::mins(2);

/// Why an interrupted task stopped, in ECS's words.
pub const SPOT_REASON: &str = "Your Spot Task was interrupted.";

/// How long a zone has no Fargate Spot capacity after AWS takes it back: the simulator's choice.
/// The ECS best-practices guide says only that in times of high demand Spot capacity can be
/// unavailable, that a service retries its Spot tasks until it is back, and that Fargate does
/// not put them on on-demand capacity instead.
/// (`demo::after_spot_interruption` says "five minutes".)
pub const SPOT_SHORTAGE: Millis = Millis::mins(5);

impl Simulation {
    /// Whether the zone has Fargate Spot capacity now.
    pub(crate) fn spot_available(&self, az: &str) -> bool {
        !self.spot_short.iter().any(|(z, until)| z == az && *until > self.now)
    }

    /// The service's tasks that are not stopping, per capacity provider (indexed by
    /// [`CapacityProvider`]): what [`next_provider`] shares a strategy's tasks by.
    pub(crate) fn live_per_provider(&self, name: &str) -> [u32; 2] {
        let mut live = [0u32; 2];
        for t in self.service_tasks(name).filter(|t| t.desired_status == DesiredStatus::Running) {
            if let Some(p) = t.capacity_provider {
                live[p as usize] += 1;
            }
        }
        live
    }

    /// Takes Fargate Spot capacity back (in one zone, or in all): each live FARGATE_SPOT task
    /// gets its warning and is stopped. Returns the tasks interrupted.
    pub(crate) fn interrupt_spot(&mut self, az: Option<&str>) -> Outcome {
        let hit: Vec<_> = self
            .tasks
            .iter()
            .filter(|(_, t)| t.capacity_provider == Some(CapacityProvider::FargateSpot) && t.desired_status == DesiredStatus::Running)
            .filter(|(_, t)| az.is_none_or(|z| t.az == z))
            .map(|(id, _)| *id)
            .collect();
        let stop_by = self.now.plus(SPOT_WARNING);
        // The capacity stays gone for a while where it was taken: a replacement goes to another
        // zone with Spot capacity, or waits.
        let until = self.now.plus(SPOT_SHORTAGE);
        let zones = match az {
            Some(z) => vec![z.to_string()],
            None => self.zones(true),
        };
        self.spot_short.retain(|(z, _)| !zones.contains(z));
        self.spot_short.extend(zones.into_iter().map(|z| (z, until)));
        self.reconcile_all(SPOT_SHORTAGE);
        for &id in &hit {
            let kind = EventKind::SpotInterruptionWarning { task: task_ref(&self.tasks[&id]), stop_by };
            self.emit(kind);
            self.stop_task(id, StopCode::SpotInterruption, SPOT_REASON.into(), None);
        }
        Outcome { tasks: hit.iter().map(ToString::to_string).collect(), ..Outcome::default() }
    }
}
