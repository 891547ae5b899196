//! Health: container health checks, load balancer target registration and target health, and
//! what each means for a task. A service replaces an unhealthy task (after its grace period); a
//! standalone task keeps running whatever its health says.
//!
//! Event-driven: a timer is set only for the moment a health status will change, so a thousand
//! healthy tasks cost nothing between checks.

use crate::event::EventKind;
use crate::ids::TaskId;
use crate::model::*;
use crate::sim::{task_ref, Simulation, Timer};
use crate::time::Millis;

/// A target passes the load balancer's health checks this long after its task is RUNNING
/// (simulator default; an ALB with default settings takes longer).
pub const TARGET_HEALTHY_AFTER: Millis = Millis::secs(10);
/// A failing target is marked unhealthy this long after it starts failing (two 10 s checks).
pub const TARGET_UNHEALTHY_AFTER: Millis = Millis::secs(20);

/// How long a failing container health check takes to make the container UNHEALTHY: `retries`
/// checks in a row, each given `timeout` seconds to answer before it counts as failed, the next
/// one `interval` seconds later. HealthCheck API: "timeout: The time period in seconds to wait for
/// a health check to succeed before it is considered a failure"; Docker runs a check `interval`
/// seconds after the previous one completes.
fn failing_span(hc: &HealthCheck) -> Millis {
    Millis::secs((u64::from(hc.interval) + u64::from(hc.timeout)) * u64::from(hc.retries))
}

impl Simulation {
    fn service_of(&self, task: &Task) -> Option<&Service> {
        task.service.as_ref().and_then(|s| self.services.get(s)).filter(|s| s.status == ServiceStatus::Active)
    }

    /// Passing the target group's checks: registered, running long enough, not failing.
    pub(crate) fn target_healthy(&self, task: &Task) -> bool {
        task.in_target_group && !task.failing_health && task.started_at.is_some_and(|s| self.now.since(s) >= TARGET_HEALTHY_AFTER)
    }

    /// Called when a task reaches RUNNING: sets the timers for its first health results.
    pub(crate) fn start_health_checks(&mut self, id: TaskId) {
        let now = self.now;
        let task = &self.tasks[&id];
        let check = self.task_definitions.get(&task.task_definition).and_then(|d| d.health_check().cloned());
        let has_lb = self.service_of(task).is_some_and(|s| s.load_balancer.is_some());
        let failing = task.failing_health;
        if let Some(hc) = check {
            let at = if failing {
                Millis::secs(u64::from(hc.start_period)).plus(failing_span(&hc))
            } else {
                Millis::secs(u64::from(hc.interval))
            };
            self.push_timer(now.plus(at), Timer::Health(id));
        }
        if has_lb {
            let at = if failing { TARGET_UNHEALTHY_AFTER } else { TARGET_HEALTHY_AFTER };
            self.push_timer(now.plus(at), Timer::Health(id));
        }
    }

    /// Simulator fault: the task's health check fails from now on.
    pub(crate) fn make_unhealthy(&mut self, id: TaskId) {
        let now = self.now;
        let task = self.tasks.get_mut(&id).expect("caller checked the task");
        if task.failing_health || task.desired_status == DesiredStatus::Stopped {
            return;
        }
        task.failing_health = true;
        task.failing_since = Some(now);
        let task = &self.tasks[&id];
        let check = self.task_definitions.get(&task.task_definition).and_then(|d| d.health_check().cloned());
        let has_lb = self.service_of(task).is_some_and(|s| s.load_balancer.is_some());
        let running = task.last_status == TaskStatus::Running;
        let blind = check.is_none() && !has_lb;
        let task = task_ref(task);
        self.emit(EventKind::HealthFaultInjected { task: task.clone() });
        if blind {
            self.emit(EventKind::HealthUnobserved { task });
            return;
        }
        if !running {
            return; // start_health_checks sets the timers once it is RUNNING
        }
        if let Some(hc) = check {
            self.push_timer(now.plus(failing_span(&hc)), Timer::Health(id));
        }
        if has_lb {
            self.push_timer(now.plus(TARGET_UNHEALTHY_AFTER), Timer::Health(id));
        }
    }

    /// A health result is due for the task.
    pub(crate) fn health_due(&mut self, id: TaskId) {
        let now = self.now;
        let Some(task) = self.tasks.get(&id) else { return };
        if task.last_status != TaskStatus::Running || task.desired_status != DesiredStatus::Running {
            return;
        }
        let check = self.task_definitions.get(&task.task_definition).and_then(|d| d.health_check().cloned());
        let has_check = check.is_some();
        // A timer set before the fault began (the first check, the target's first pass) must not
        // cut the retries short: failures count from the fault, after any start period.
        let started = task.started_at.unwrap_or(now);
        let failing_from = task.failing_since.unwrap_or(started).max(started);
        let unhealthy_at = check.as_ref().map(|hc| {
            let counting_from = if task.health_status == HealthStatus::Healthy {
                failing_from
            } else {
                failing_from.max(started.plus(Millis::secs(u64::from(hc.start_period))))
            };
            counting_from.plus(failing_span(hc))
        });
        let target_unhealthy_at = failing_from.plus(TARGET_UNHEALTHY_AFTER);
        let new_status = match (has_check, task.failing_health) {
            (false, _) => HealthStatus::Unknown,
            (true, false) => HealthStatus::Healthy,
            (true, true) if unhealthy_at.is_some_and(|t| now < t) => task.health_status,
            (true, true) => HealthStatus::Unhealthy,
        };
        if task.failing_health {
            for at in [unhealthy_at.filter(|_| new_status != HealthStatus::Unhealthy), Some(target_unhealthy_at)].into_iter().flatten() {
                if now < at {
                    self.push_timer(at, Timer::Health(id));
                }
            }
        }
        let task = &self.tasks[&id];
        if has_check && task.health_status != new_status {
            let task = self.tasks.get_mut(&id).expect("checked");
            task.health_status = new_status;
            let kind = EventKind::HealthStatusChanged { task: task_ref(task), health: new_status };
            self.emit(kind);
        }
        let task = &self.tasks[&id];
        let Some(svc) = self.service_of(task).cloned() else { return };
        let container_bad = has_check && task.health_status == HealthStatus::Unhealthy;
        let target_bad = svc.load_balancer.is_some() && task.failing_health && now >= target_unhealthy_at;
        if container_bad || target_bad {
            let grace_end = task.started_at.unwrap_or(now).plus(Millis::secs(u64::from(svc.health_check_grace_period_seconds)));
            if now < grace_end {
                self.push_timer(grace_end, Timer::Health(id));
                return;
            }
            self.replace_unhealthy(id, &svc, container_bad);
        }
        // As for RUNNING: the scheduler sees the result on its next pass, within a second, so the
        // results of tasks started together are counted in one pass instead of one pass each.
        self.request_reconcile(&svc.name, Millis::secs(1));
    }

    fn replace_unhealthy(&mut self, id: TaskId, svc: &Service, container_bad: bool) {
        let name = &svc.name;
        let (service, task) = (name.clone(), id.to_string());
        let (kind, reason) = match (&svc.load_balancer, container_bad) {
            (Some(lb), false) => (
                EventKind::TargetUnhealthy { service, task, port: lb.container_port, target_group: lb.target_group_arn.clone() },
                format!("Task failed ELB health checks in (target-group {})", lb.target_group_arn),
            ),
            _ => (EventKind::ContainerUnhealthy { service, task }, "Task failed container health checks".to_string()),
        };
        self.emit(kind);
        if let Some(s) = self.services.get_mut(name) {
            s.unhealthy_replacements += 1;
        }
        self.stop_task(id, StopCode::ServiceSchedulerInitiated, reason, None);
    }

    /// How many of `started` replacements to report as "due to an unhealthy status".
    pub(crate) fn take_unhealthy_replacements(&mut self, name: &str, started: u32) -> u32 {
        let Some(svc) = self.services.get_mut(name) else { return 0 };
        let n = svc.unhealthy_replacements.min(started);
        svc.unhealthy_replacements -= n;
        n
    }

    /// ACTIVATING: a service task with a load balancer is registered as a target.
    pub(crate) fn register_target(&mut self, id: TaskId) {
        let Some(svc) = self.service_of(&self.tasks[&id]) else { return };
        let Some(lb) = svc.load_balancer.clone() else { return };
        let name = svc.name.clone();
        self.tasks.get_mut(&id).expect("known").in_target_group = true;
        self.emit(EventKind::TargetsRegistered { service: name, target_group: lb.target_group_arn, tasks: vec![id.to_string()] });
    }

    /// DEACTIVATING: the target is deregistered and its connections drain.
    pub(crate) fn deregister_target(&mut self, id: TaskId) {
        let task = &self.tasks[&id];
        if !task.in_target_group {
            return;
        }
        let Some(svc) = task.service.as_ref().and_then(|s| self.services.get(s)) else { return };
        let Some(lb) = svc.load_balancer.clone() else { return };
        let name = svc.name.clone();
        let task_set = task.started_by.clone().unwrap_or_default();
        self.tasks.get_mut(&id).expect("known").in_target_group = false;
        let tasks = vec![id.to_string()];
        let target_group = lb.target_group_arn;
        self.emit(EventKind::TargetsDeregistered { service: name.clone(), target_group, tasks: tasks.clone() });
        self.emit(EventKind::ConnectionsDraining { service: name, task_set, tasks });
    }
}
