//! One look at a service's tasks per pass: which are live, current, healthy or still starting.
use crate::ids::TaskId;
use crate::model::*;
use crate::sim::Simulation;

impl Simulation {
    /// The service's tasks with desiredStatus RUNNING, in id order.
    pub(super) fn live_tasks(&self, service: &str) -> Vec<TaskId> {
        self.service_task_ids(service).filter(|(_, t)| t.desired_status == DesiredStatus::Running).map(|(id, _)| id).collect()
    }

    /// A service's tasks with their ids, including STOPPED ones not yet reaped, in id order.
    pub(super) fn service_task_ids(&self, name: &str) -> impl Iterator<Item = (TaskId, &Task)> + '_ {
        self.cluster.service_task_ids(name).filter_map(|id| self.tasks.get(&id).map(|t| (id, t)))
    }

    /// True when the task counts as healthy for the deployment bounds: RUNNING, and passing its
    /// container health check (`has_check`: whether its task definition has one) and target
    /// group check when it has them.
    pub(super) fn is_healthy(&self, task: &Task, svc: &Service, has_check: impl FnOnce() -> bool) -> bool {
        if task.last_status != TaskStatus::Running || task.desired_status != DesiredStatus::Running {
            return false;
        }
        // HEALTHY passes and UNHEALTHY fails either way; no result yet passes only without a check.
        let container_ok = match task.health_status {
            HealthStatus::Healthy => true,
            HealthStatus::Unhealthy => false,
            HealthStatus::Unknown => !has_check(),
        };
        let lb_ok = svc.load_balancer.is_none() || self.target_healthy(task);
        container_ok && lb_ok
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
        for (id, t) in ids.filter_map(|id| self.tasks.get(&id).map(|t| (id, t))) {
            if t.is_stopped() {
                continue;
            }
            if let Some(d) = &t.started_by {
                if !snap.deployments_in_use.contains(d) {
                    snap.deployments_in_use.push(d.clone());
                }
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
            let live = LiveTask {
                id,
                current: t.started_by.as_deref() == Some(primary) && !on_unavailable,
                healthy: self.is_healthy(t, svc, has_check),
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
}

#[derive(Clone, Debug, PartialEq)]
pub(super) struct LiveTask {
    pub(super) id: TaskId,
    /// Of the PRIMARY deployment and on an ACTIVE instance.
    pub(super) current: bool,
    pub(super) healthy: bool,
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
