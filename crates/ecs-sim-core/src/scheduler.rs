//! The service scheduler: create, scale and delete services, and keep each one's running count at
//! its desired count by starting replacements and stopping extras.

use crate::error::SimError;
use crate::event::{EventKind, Severity};
use crate::ids;
use crate::model::*;
use crate::placement::{Failure, Strategy};
use crate::sim::{Outcome, Simulation, Timer};
use crate::time::Millis;
use std::collections::BTreeMap;

/// "Steady state" is repeated this often while a service stays steady (as ECS does, about every 6 h).
const STEADY_REPEAT: Millis = Millis::mins(360);
/// After a placement failure the scheduler tries again this much later.
const PLACEMENT_RETRY: Millis = Millis::secs(60);
/// A sparkline keeps this many samples.
const HISTORY_CAP: usize = 240;
/// The simulator's ceiling on a service's desired count.
pub const MAX_DESIRED: u32 = 1_000;

fn valid_name(name: &str) -> bool {
    !name.is_empty() && name.len() <= 255 && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}

impl Simulation {
    pub(crate) fn create_service(
        &mut self,
        name: &str,
        td_name: &str,
        desired: u32,
        launch_type: LaunchType,
    ) -> Result<Outcome, SimError> {
        const OP: &str = "CreateService";
        if !valid_name(name) {
            return Err(SimError::invalid(
                OP,
                format!("serviceName '{name}' is invalid: use 1 to 255 letters, numbers, hyphens and underscores."),
            ));
        }
        if desired > MAX_DESIRED {
            return Err(SimError::invalid(OP, format!("desiredCount must be between 0 and {MAX_DESIRED} (got {desired}).")));
        }
        if self.services.get(name).is_some_and(|s| s.status != ServiceStatus::Inactive) {
            return Err(SimError::ServiceExists { name: name.to_string() });
        }
        let td = self.resolve_task_definition(OP, td_name)?;
        let deployment_id = ids::deployment_id(&mut self.rng);
        let svc = Service {
            name: name.to_string(),
            task_definition: td.name(),
            desired_count: desired,
            launch_type,
            status: ServiceStatus::Active,
            deployment_id,
            created_at: self.now,
            steady: false,
            steady_reported_at: None,
            next_reconcile: None,
            history: vec![(self.now, 0, desired)],
        };
        self.services.insert(name.to_string(), svc);
        self.reconcile(name);
        Ok(Outcome::default())
    }

    pub(crate) fn update_service(&mut self, name: &str, desired: Option<u32>) -> Result<Outcome, SimError> {
        const OP: &str = "UpdateService";
        let svc = self.active_service(OP, name)?;
        if let Some(n) = desired {
            if n > MAX_DESIRED {
                return Err(SimError::invalid(OP, format!("desiredCount must be between 0 and {MAX_DESIRED} (got {n}).")));
            }
            svc.desired_count = n;
        }
        self.reconcile(name);
        Ok(Outcome::default())
    }

    pub(crate) fn delete_service(&mut self, name: &str) -> Result<Outcome, SimError> {
        let svc = self.active_service("DeleteService", name)?;
        svc.status = ServiceStatus::Draining;
        svc.desired_count = 0;
        svc.steady = false;
        self.reconcile(name);
        Ok(Outcome::default())
    }

    fn active_service(&mut self, op: &'static str, name: &str) -> Result<&mut Service, SimError> {
        match self.services.get_mut(name) {
            None => Err(SimError::ServiceNotFound { op, name: name.to_string() }),
            Some(s) if s.status != ServiceStatus::Active => Err(SimError::ServiceNotActive { op, name: name.to_string() }),
            Some(s) => Ok(s),
        }
    }

    /// Queues a scheduler pass for the service `delay` from now, unless one is already due sooner.
    pub(crate) fn request_reconcile(&mut self, name: &str, delay: Millis) {
        let at = self.now.plus(delay);
        let Some(svc) = self.services.get_mut(name) else { return };
        if svc.status == ServiceStatus::Inactive || svc.next_reconcile.is_some_and(|t| t <= at) {
            return;
        }
        svc.next_reconcile = Some(at);
        self.push_timer(at, Timer::Reconcile(name.to_string()));
    }

    /// One scheduler pass: start what is missing, stop what is extra, report steady state.
    pub(crate) fn reconcile(&mut self, name: &str) {
        let now = self.now;
        let Some(svc) = self.services.get_mut(name) else { return };
        if svc.next_reconcile.is_some_and(|t| t > now) {
            return; // a later pass is queued; this timer is stale
        }
        svc.next_reconcile = None;
        if svc.status == ServiceStatus::Inactive {
            return;
        }
        let (desired, td_name, launch_type, deployment) =
            (svc.desired_count, svc.task_definition.clone(), svc.launch_type, svc.deployment_id.clone());
        let active: Vec<String> = self.live_tasks(name);
        let n = active.len() as u32;
        if n < desired {
            self.start_tasks(name, &td_name, launch_type, &deployment, desired - n);
        } else if n > desired {
            self.scale_in(name, &deployment, active, (n - desired) as usize);
        }
        self.after_pass(name);
    }

    fn live_tasks(&self, service: &str) -> Vec<String> {
        self.tasks
            .values()
            .filter(|t| t.service.as_deref() == Some(service) && t.desired_status == DesiredStatus::Running)
            .map(|t| t.id.clone())
            .collect()
    }

    fn start_tasks(&mut self, name: &str, td_name: &str, launch_type: LaunchType, deployment: &str, count: u32) {
        let Some(td) = self.task_definitions.get(td_name).cloned() else { return };
        let group = format!("service:{name}");
        let mut started = Vec::new();
        let mut failure: Option<Failure> = None;
        for _ in 0..count {
            match self.launch_task(&td, launch_type, &group, Some((name, deployment)), Strategy::Random) {
                Ok(id) => started.push(id),
                Err(f) => {
                    failure = Some(f);
                    break;
                }
            }
        }
        if !started.is_empty() {
            let list: Vec<String> = started.iter().map(|id| format!("(task {id})")).collect();
            let msg = format!("(service {name}) has started {} tasks: {}.", started.len(), list.join(" "));
            self.emit(Severity::Info, EventKind::Service { service: name.into() }, msg);
        }
        if let Some(f) = failure {
            let msg = match (f.closest, f.resource) {
                (Some(ci), Some(r)) => format!(
                    "(service {name}) was unable to place a task because no container instance met all of its requirements. The closest matching (container-instance {ci}) {}.",
                    r.shortage()
                ),
                _ => format!("(service {name}) was unable to place a task because no container instance met all of its requirements."),
            };
            self.emit(Severity::Error, EventKind::Service { service: name.into() }, msg);
            self.request_reconcile(name, PLACEMENT_RETRY);
        }
    }

    /// Stops `extra` tasks, each time from the AZ (then instance) holding the most of them.
    fn scale_in(&mut self, name: &str, deployment: &str, mut active: Vec<String>, extra: usize) {
        let mut stopped = Vec::new();
        for _ in 0..extra {
            let mut per_az: BTreeMap<&str, usize> = BTreeMap::new();
            let mut per_ci: BTreeMap<&str, usize> = BTreeMap::new();
            for id in &active {
                let t = &self.tasks[id];
                *per_az.entry(&t.az).or_default() += 1;
                *per_ci.entry(t.container_instance.as_deref().unwrap_or("")).or_default() += 1;
            }
            let victim = active
                .iter()
                .max_by_key(|id| {
                    let t = &self.tasks[*id];
                    (
                        per_az[t.az.as_str()],
                        per_ci[t.container_instance.as_deref().unwrap_or("")],
                        t.last_status != TaskStatus::Running,
                        t.created_at,
                    )
                })
                .cloned()
                .expect("scale-in only runs with tasks to stop");
            active.retain(|id| *id != victim);
            stopped.push(victim);
        }
        let reason = format!("Scaling activity initiated by (deployment {deployment})");
        for id in &stopped {
            self.stop_task(id, StopCode::ServiceSchedulerInitiated, reason.clone(), None);
        }
        let list: Vec<String> = stopped.iter().map(|id| format!("(task {id})")).collect();
        let msg = format!("(service {name}) has stopped {} running tasks: {}.", stopped.len(), list.join(" "));
        self.emit(Severity::Info, EventKind::Service { service: name.into() }, msg);
    }

    /// Records the sparkline sample, reports steady state, and retires a drained service.
    fn after_pass(&mut self, name: &str) {
        let now = self.now;
        let (running, pending) = self.service_counts(name);
        let stopping = self
            .tasks
            .values()
            .any(|t| t.service.as_deref() == Some(name) && !t.is_stopped() && t.desired_status == DesiredStatus::Stopped);
        let svc = self.services.get_mut(name).expect("after_pass on a known service");
        let sample = (now, running, svc.desired_count);
        if svc.history.last().map(|h| (h.1, h.2)) != Some((sample.1, sample.2)) {
            svc.history.push(sample);
            if svc.history.len() > HISTORY_CAP {
                svc.history.remove(0);
            }
        }
        if svc.status == ServiceStatus::Draining {
            if running + pending == 0 && !stopping {
                svc.status = ServiceStatus::Inactive;
                let msg = format!("(service {name}) has been deleted: status INACTIVE.");
                self.emit(Severity::Info, EventKind::Service { service: name.into() }, msg);
            }
            return;
        }
        let steady = running == svc.desired_count && pending == 0 && !stopping;
        if steady && !svc.steady {
            svc.steady = true;
            svc.steady_reported_at = Some(now);
            let msg = format!("(service {name}) has reached a steady state.");
            self.emit(Severity::Info, EventKind::Service { service: name.into() }, msg);
            self.push_timer(now.plus(STEADY_REPEAT), Timer::SteadyReminder(name.into()));
        } else if !steady {
            svc.steady = false;
        }
    }

    pub(crate) fn steady_reminder(&mut self, name: &str) {
        let now = self.now;
        let Some(svc) = self.services.get_mut(name) else { return };
        let due = svc.steady_reported_at.is_some_and(|t| now.since(t) >= STEADY_REPEAT);
        if svc.steady && svc.status == ServiceStatus::Active && due {
            svc.steady_reported_at = Some(now);
            let msg = format!("(service {name}) has reached a steady state.");
            self.emit(Severity::Info, EventKind::Service { service: name.into() }, msg);
            self.push_timer(now.plus(STEADY_REPEAT), Timer::SteadyReminder(name.into()));
        }
    }
}
