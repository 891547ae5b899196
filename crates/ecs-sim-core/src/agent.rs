//! What the ECS container agent does with a placed task: steps it through its lifecycle, stops
//! it when asked, and releases what it held once it is STOPPED.

use crate::cluster_index::Reservation;
use crate::event::EventKind;
use crate::ids::TaskId;
use crate::lifecycle;
use crate::model::*;
use crate::sim::{task_ref, Simulation, Timer};
use crate::time::Millis;

impl Simulation {
    /// Asks a task to stop: desiredStatus STOPPED now, lastStatus follows over time.
    pub(crate) fn stop_task(&mut self, id: TaskId, code: StopCode, reason: String, exit_code: Option<i32>) {
        let now = self.now;
        let Some(task) = self.tasks.get_mut(&id) else { return };
        if task.desired_status == DesiredStatus::Stopped {
            return;
        }
        task.desired_status = DesiredStatus::Stopped;
        if let Some(ci) = task.container_instance.as_deref().filter(|_| task.service.is_some() && !task.is_stopped()) {
            self.cluster.mark_stopping(ci, &task.group);
        }
        task.stop_code = Some(code);
        task.stopped_reason = Some(reason.clone());
        if exit_code.is_some() {
            task.exit_code = exit_code;
        } else if task.last_status == TaskStatus::Running {
            // SIGTERM from the agent: the conventional 128 + 15.
            task.exit_code = Some(143);
        }
        let was = task.last_status;
        // A target registered in ACTIVATING is deregistered on the way down, even before RUNNING.
        let next = if was == TaskStatus::Activating && task.in_target_group {
            TaskStatus::Deactivating
        } else {
            lifecycle::next_stopping(was, with_eni(task))
        };
        set_status(task, next, now);
        let kind =
            EventKind::TaskStopping { task: task_ref(task), stop_code: code, reason, from: was, to: next, exit_code: task.exit_code };
        let service = task.service.clone();
        let failed_before_running = task.started_at.is_none();
        self.emit(kind);
        if next == TaskStatus::Deactivating {
            self.deregister_target(id);
        }
        self.schedule_step(id);
        if let Some(s) = service {
            self.note_task_stop(&s, id, code, failed_before_running);
            self.request_reconcile(&s, Millis::secs(3));
        }
    }

    /// Stops a task at once, skipping the states an agent would report (its host is gone).
    pub(crate) fn kill_now(&mut self, id: TaskId, code: StopCode, reason: String) {
        self.stop_task(id, code, reason, None);
        let now = self.now;
        if let Some(t) = self.tasks.get_mut(&id) {
            if t.last_status < TaskStatus::Stopping {
                set_status(t, TaskStatus::Stopping, now);
            }
        }
        self.finish_stop(id);
    }

    pub(crate) fn schedule_step(&mut self, id: TaskId) {
        let task = self.tasks.get(&id).expect("scheduling a known task");
        if task.last_status == TaskStatus::Running || task.last_status == TaskStatus::Stopped {
            self.tasks.get_mut(&id).expect("known task").next_step_at = None;
            return;
        }
        let status = task.last_status;
        // The agent tries the image pull for a while before giving up.
        let dwell = lifecycle::dwell(status, &mut self.rng);
        let at = self.now.plus(dwell);
        self.tasks.get_mut(&id).expect("known task").next_step_at = Some(at);
        self.push_timer(at, Timer::TaskStep(id));
    }

    pub(crate) fn step_task(&mut self, id: TaskId) {
        let now = self.now;
        let Some(task) = self.tasks.get(&id) else { return };
        if task.next_step_at != Some(now) {
            return; // superseded by a stop request
        }
        let pull_fails = task.last_status == TaskStatus::Pending
            && task.desired_status == DesiredStatus::Running
            && self.task_definitions.get(&task.task_definition).is_some_and(|d| d.faults.image_pull_fails);
        if pull_fails {
            let image = self.task_definitions[&task.task_definition].containers.first().map(|c| c.image.clone()).unwrap_or_default();
            let reason = format!(
                "CannotPullContainerError: pull image manifest has been retried 5 time(s): failed to resolve ref {image}: not found"
            );
            self.stop_task(id, StopCode::TaskFailedToStart, reason, None);
            return;
        }
        let task = self.tasks.get_mut(&id).expect("checked above");
        let next = if task.desired_status == DesiredStatus::Running {
            lifecycle::next_starting(task.last_status).unwrap_or(task.last_status)
        } else {
            lifecycle::next_stopping(task.last_status, with_eni(task))
        };
        set_status(task, next, now);
        let service = task.service.clone();
        match next {
            TaskStatus::Activating => self.register_target(id),
            TaskStatus::Running => self.on_running(id),
            TaskStatus::Stopped => {
                self.finish_stop(id);
                return;
            }
            _ => {}
        }
        self.schedule_step(id);
        // Only RUNNING changes what the scheduler counts; the other starting steps do not.
        if let (Some(s), TaskStatus::Running) = (service, next) {
            self.request_reconcile(&s, Millis::secs(1));
        }
    }

    pub(crate) fn on_running(&mut self, id: TaskId) {
        let now = self.now;
        let task = self.tasks.get_mut(&id).expect("known task");
        task.started_at = Some(now);
        let kind = EventKind::TaskRunning { task: task_ref(task) };
        let service = task.service.clone();
        let workload = self.task_definitions.get(&task.task_definition).map(|d| d.workload.clone());
        self.emit(kind);
        if let Some(Workload::Batch { run_seconds, .. }) = workload {
            self.push_timer(now.plus(Millis::secs(run_seconds)), Timer::BatchExit(id));
        }
        if let Some(s) = service {
            if let Some(svc) = self.services.get_mut(&s) {
                svc.start_failures = 0;
                svc.throttled_until = None;
            }
        }
        self.note_task_running(id);
        self.start_health_checks(id);
    }

    /// The task reached STOPPED: release what it held and schedule its removal from view.
    pub(crate) fn finish_stop(&mut self, id: TaskId) {
        let now = self.now;
        let Some(task) = self.tasks.get_mut(&id) else { return };
        set_status(task, TaskStatus::Stopped, now);
        task.stopped_at = Some(now);
        task.next_step_at = None;
        let kind = EventKind::TaskStopped { task: task_ref(task), stop_code: task.stop_code, exit_code: task.exit_code };
        let service = task.service.clone();
        if let Some(ci) = &task.container_instance {
            self.cluster.release(ci, Reservation::of(task));
        }
        self.emit(kind);
        let reap = now.plus(self.config.stopped_retention);
        self.push_timer(reap, Timer::Reap(id));
        if let Some(s) = service {
            self.request_reconcile(&s, Millis::secs(1));
        }
    }
}

pub(crate) fn with_eni(task: &Task) -> bool {
    task.history.first().is_some_and(|h| h.status == TaskStatus::Provisioning)
}

pub(crate) fn set_status(task: &mut Task, status: TaskStatus, now: Millis) {
    if task.last_status != status {
        task.last_status = status;
        task.history.push(StatusChange { at: now, status });
    }
}
