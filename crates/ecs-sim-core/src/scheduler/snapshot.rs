//! One look at a service's tasks per pass: which are live, current, healthy or still starting.
use crate::ids::TaskId;
use crate::model::*;
use crate::sim::Simulation;
use crate::time::Millis;

/// How long after RUNNING a task with no container health check, in a service without a load
/// balancer, starts to count toward minimumHealthyPercent (API reference, DeploymentConfiguration).
pub(super) const UNCHECKED_COUNTS_AFTER: Millis = Millis::secs(40);

impl Simulation {
    /// The service's tasks with desiredStatus RUNNING, in id order.
    pub(super) fn live_tasks(&self, service: &str) -> Vec<TaskId> {
        self.service_task_ids(service).filter(|(_, t)| t.desired_status == DesiredStatus::Running).map(|(id, _)| id).collect()
    }

    /// A service's tasks with their ids, including STOPPED ones not yet reaped, in id order.
    pub(super) fn service_task_ids(&self, name: &str) -> impl Iterator<Item = (TaskId, &Task)> + '_ {
        self.cluster.service_task_ids(name).filter_map(|id| self.tasks.get(&id).map(|t| (id, t)))
    }

    /// Whether the task counts toward minimumHealthyPercent, following the API reference
    /// (<https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_DeploymentConfiguration.html>,
    /// minimumHealthyPercent). It must be RUNNING, then:
    /// - behind a load balancer, its target must be healthy, and its container health check
    ///   (`has_check`: whether an essential container defines one) must report HEALTHY if it has one;
    /// - without a load balancer, a container health check must report HEALTHY; with no check,
    ///   "the service scheduler will wait for 40 seconds after a task reaches a RUNNING state
    ///   before the task is counted towards the minimum healthy percent total".
    pub(super) fn is_healthy(&self, task: &Task, svc: &Service, has_check: impl FnOnce() -> bool) -> Counts {
        if task.last_status != TaskStatus::Running || task.desired_status != DesiredStatus::Running {
            return Counts::No;
        }
        // HEALTHY passes and UNHEALTHY fails either way; no result yet passes only without a check.
        let container_ok = match task.health_status {
            HealthStatus::Healthy => true,
            HealthStatus::Unhealthy => false,
            HealthStatus::Unknown => !has_check(),
        };
        if !container_ok {
            return Counts::No;
        }
        if svc.load_balancer.is_some() {
            return if self.target_healthy(task) { Counts::Yes } else { Counts::No };
        }
        if task.health_status == HealthStatus::Healthy {
            return Counts::Yes;
        }
        // Neither a container check nor a target: RUNNING long enough is all there is to go by.
        let from = task.started_at.unwrap_or(self.now).plus(UNCHECKED_COUNTS_AFTER);
        if from <= self.now {
            Counts::Yes
        } else {
            Counts::From(from)
        }
    }

    /// One look at a service's tasks, taken once per pass so the pass never re-scans the cluster.
    pub(super) fn snapshot(&self, name: &str) -> Snapshot {
        let ids = self.cluster.service_task_ids(name);
        let mut snap = Snapshot { live: Vec::with_capacity(ids.size_hint().0), ..Snapshot::default() };
        self.observe(&mut snap, name, ids);
        snap
    }

    /// Adds these tasks of the service to a snapshot.
    pub(super) fn observe(&self, snap: &mut Snapshot, name: &str, ids: impl Iterator<Item = TaskId>) {
        let Some(svc) = self.services.get(name) else { return };
        let primary = svc.deployments[0].id.as_str();
        // A service's tasks share one or two task definitions: look each up once.
        let mut checks: Vec<(&str, bool)> = Vec::new();
        // Most tasks are the PRIMARY deployment's: one string compare each tells them apart.
        let mut primary_seen = snap.deployments_in_use.iter().any(|d| d == primary);
        for (id, t) in ids.filter_map(|id| self.tasks.get(&id).map(|t| (id, t))) {
            if t.is_stopped() {
                continue;
            }
            let is_primary = t.started_by.as_deref() == Some(primary);
            match &t.started_by {
                Some(_) if is_primary && primary_seen => {}
                Some(d) if !snap.deployments_in_use.contains(d) => {
                    primary_seen |= is_primary;
                    snap.deployments_in_use.push(d.clone());
                }
                _ => {}
            }
            if t.desired_status == DesiredStatus::Stopped {
                snap.stopping = true;
                continue;
            }
            let on_unavailable = t.container_instance.as_ref().is_some_and(|ci| self.cluster.is_unavailable(ci));
            let has_check = || {
                let td = t.task_definition.as_str();
                if let Some(&(_, c)) = checks.iter().find(|(n, _)| *n == td) {
                    return c;
                }
                let c = self.task_definitions.get(td).is_some_and(|d| d.health_check().is_some());
                checks.push((td, c));
                c
            };
            let counts = self.is_healthy(t, svc, has_check);
            if let Counts::From(at) = counts {
                snap.counts_next = Some(snap.counts_next.map_or(at, |n| n.min(at)));
            }
            let live = LiveTask {
                id,
                current: is_primary && !on_unavailable,
                healthy: counts == Counts::Yes,
                passing: counts != Counts::No,
                starting: t.last_status.is_starting(),
            };
            if t.last_status == TaskStatus::Running {
                snap.running += 1;
            } else if live.starting {
                snap.pending += 1;
            }
            snap.live.push(live);
        }
    }
}

/// What a pass needs to know about a service's tasks.
#[derive(Clone, Debug, Default, PartialEq)]
pub(super) struct Snapshot {
    /// Tasks with desiredStatus RUNNING.
    pub(super) live: Vec<LiveTask>,
    /// Some task is on its way down.
    pub(super) stopping: bool,
    pub(super) running: u32,
    pub(super) pending: u32,
    /// Deployments that still own a task that is not STOPPED.
    pub(super) deployments_in_use: Vec<String>,
    /// The earliest time a RUNNING task that does not count yet will count without any further
    /// event (no health check, no load balancer: 40 s after RUNNING).
    pub(super) counts_next: Option<Millis>,
}

/// Whether a task counts toward minimumHealthyPercent (see [`Simulation::is_healthy`]).
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub(super) enum Counts {
    Yes,
    No,
    /// Not yet; from this time on, unless it changes before.
    From(Millis),
}

#[derive(Clone, Debug, PartialEq)]
pub(super) struct LiveTask {
    pub(super) id: TaskId,
    /// Of the PRIMARY deployment and on an ACTIVE instance.
    pub(super) current: bool,
    /// Counts toward minimumHealthyPercent.
    pub(super) healthy: bool,
    /// Passes its health checks, whether or not it counts yet (the 40 s wait).
    pub(super) passing: bool,
    pub(super) starting: bool,
}

impl Snapshot {
    /// In a fixed order, to compare two snapshots of the same tasks taken differently.
    pub(super) fn sorted(mut self) -> Snapshot {
        self.live.sort_by_key(|t| t.id);
        self.deployments_in_use.sort();
        self
    }
}
