//! The deployment circuit breaker and the start throttle: what a stopped service task counts toward.
use super::snapshot::Snapshot;
use crate::event::EventKind;
use crate::ids::TaskId;
use crate::model::*;
use crate::sim::Simulation;
use crate::time::Millis;

impl Simulation {
    /// Called when a service task reaches RUNNING: its deployment's circuit breaker enters stage 2.
    pub(crate) fn note_task_running(&mut self, task: TaskId) {
        let Some(t) = self.tasks.get(&task) else { return };
        let (Some(name), Some(by)) = (t.service.as_deref(), t.started_by.as_deref()) else { return };
        if let Some(d) = self.services.get_mut(name).and_then(|s| s.deployments.iter_mut().find(|d| d.id == by)) {
            d.reached_running = true;
        }
    }

    /// Marks the PRIMARY deployment's tasks a pass counts healthy for the first time; with
    /// `resetOnHealthyTask` (the default) each such task sets the circuit breaker's failure
    /// count back to 0 ("a task that reaches a healthy state resets the failure count to 0",
    /// API `DeploymentCircuitBreaker`).
    pub(super) fn note_healthy(&mut self, name: &str, snap: &Snapshot) {
        let mut reached = false;
        for t in snap.live.iter().filter(|t| t.current && t.healthy) {
            if let Some(task) = self.tasks.get_mut(&t.id).filter(|task| !task.counted_healthy) {
                task.counted_healthy = true;
                reached = true;
            }
        }
        let Some(svc) = self.services.get_mut(name).filter(|_| reached) else { return };
        let reset = svc.deployment_configuration.deployment_circuit_breaker.is_none_or(|b| b.reset_on_healthy_task);
        let primary = &mut svc.deployments[0];
        if reset && primary.rollout_state == RolloutState::InProgress {
            primary.failed_tasks = 0;
        }
    }

    /// Called when one of the service's tasks is asked to stop: feeds the throttle and the
    /// circuit breaker.
    pub(crate) fn note_task_stop(&mut self, name: &str, task: TaskId, code: StopCode, before_running: bool) {
        let now = self.now;
        let exit = self.tasks.get(&task).and_then(|t| t.exit_code);
        let started_by = self.tasks.get(&task).and_then(|t| t.started_by.clone());
        // Stage 1 counts tasks that fail to reach RUNNING; once a task of the deployment reached
        // RUNNING (stage 2) only tasks stopped for failed health checks count.
        let stage_two = self
            .services
            .get(name)
            .and_then(|s| s.deployments.iter().find(|d| Some(d.id.as_str()) == started_by.as_deref()))
            .is_some_and(|d| d.reached_running);
        let failed = if stage_two {
            code == StopCode::ServiceSchedulerInitiated
                && self.tasks.get(&task).and_then(|t| t.stopped_reason.as_deref()).is_some_and(|r| r.starts_with("Task failed"))
        } else {
            before_running
                && match code {
                    StopCode::TaskFailedToStart => true,
                    StopCode::EssentialContainerExited => exit != Some(0),
                    _ => false,
                }
        };
        let Some(svc) = self.services.get_mut(name) else { return };
        if before_running && code != StopCode::ServiceSchedulerInitiated && code != StopCode::UserInitiated {
            svc.start_failures += 1;
            if svc.start_failures >= 3 {
                let steps = (svc.start_failures - 3).min(10);
                let delay = Millis(10_000u64 << steps).min(MAX_THROTTLE);
                svc.throttled_until = Some(now.plus(delay));
                self.emit(EventKind::StartThrottled { service: name.into() });
            }
        }
        if !failed {
            return;
        }
        let svc = self.services.get_mut(name).expect("checked above");
        let breaker = svc.deployment_configuration.deployment_circuit_breaker.filter(|b| b.enable);
        let threshold = circuit_breaker_threshold(svc.desired_count);
        let primary = &mut svc.deployments[0];
        if started_by.as_deref() != Some(primary.id.as_str()) || primary.rollout_state != RolloutState::InProgress {
            return;
        }
        primary.failed_tasks += 1;
        let Some(breaker) = breaker else { return };
        if primary.failed_tasks < threshold {
            return;
        }
        primary.rollout_state = RolloutState::Failed;
        primary.rollout_state_reason = format!("ECS deployment circuit breaker: {threshold} tasks failed to start or pass health checks.");
        let failed_id = primary.id.clone();
        // Not looked up in `deployments`: a COMPLETED deployment whose tasks were all replaced
        // (minimumHealthyPercent below 100) has already left that list.
        let previous = svc.last_completed.clone();
        self.emit(EventKind::DeploymentFailed { service: name.into(), deployment: failed_id.clone(), failed_tasks: threshold });
        // Without rollback, or without a COMPLETED deployment to return to, the FAILED deployment
        // stays PRIMARY and launches nothing: the deployment is stalled.
        if let (true, Some(prev)) = (breaker.rollback, previous) {
            self.emit(EventKind::RollingBack { service: name.into(), deployment: failed_id, to: prev.id.clone() });
            self.resume_deployment(name, prev);
        }
    }
}

/// The longest throttle delay between start attempts: "the time between subsequent restart
/// attempts is incrementally increased up to a maximum of 27 minutes" ("Amazon ECS service
/// throttle logic"; older versions of the page said 15).
pub(crate) const MAX_THROTTLE: Millis = Millis::mins(27);

/// Failure threshold of the deployment circuit breaker: clamp(ceil(desired / 2), 3, 200).
pub fn circuit_breaker_threshold(desired: u32) -> u32 {
    desired.div_ceil(2).clamp(3, 200)
}
