//! What the cluster view draws, as pure functions of a [`Simulation`]: zones, instances, task
//! tiles and the details of one task. No Leptos here, so all of it is tested natively.

use ecs_sim_core::VecMap;
use ecs_sim_core::{CapacityProvider, DesiredStatus, HealthStatus, InstanceStatus, LaunchType, Simulation, Task, TaskStatus};
use std::sync::Arc;

/// One task tile.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Tile {
    /// Full task id.
    pub id: String,
    /// First 8 hex digits.
    pub short: String,
    /// Owning service, if any.
    pub service: Option<String>,
    /// Task group (for standalone tasks, `family:…`).
    pub group: String,
    /// `family:revision`.
    pub task_definition: String,
    /// lastStatus.
    pub status: TaskStatus,
    /// True once a stop has been asked for.
    pub stopping: bool,
    /// Container health.
    pub health: HealthStatus,
    /// Accessible name: short id, owner and status.
    pub label: String,
    /// On FARGATE_SPOT capacity.
    pub spot: bool,
}

impl Tile {
    /// The parts of a task that can change while it lives; the rest is fixed at creation.
    fn signature(t: &Task) -> (TaskStatus, bool, HealthStatus) {
        (t.last_status, t.desired_status == DesiredStatus::Stopped, t.health_status)
    }

    fn signature_of(t: &Tile) -> (TaskStatus, bool, HealthStatus) {
        (t.status, t.stopping, t.health)
    }

    fn of(t: &Task) -> Tile {
        let owner = match &t.service {
            Some(s) => format!("service {s}"),
            None => format!("standalone task {}", t.task_definition),
        };
        let spot = t.capacity_provider == Some(CapacityProvider::FargateSpot);
        Tile {
            id: t.id.clone(),
            short: t.short_id().to_string(),
            service: t.service.clone(),
            group: t.group.clone(),
            task_definition: t.task_definition.clone(),
            status: t.last_status,
            stopping: t.desired_status == DesiredStatus::Stopped,
            health: t.health_status,
            label: format!("Task {}, {}, {}{}", t.short_id(), owner, t.last_status, if spot { ", on Fargate Spot" } else { "" }),
            spot,
        }
    }

    /// CSS state class: `starting`, `running`, `stopping` or `stopped`.
    pub fn phase(&self) -> &'static str {
        match self.status {
            TaskStatus::Running => "running",
            TaskStatus::Stopped => "stopped",
            s if s.is_starting() && !self.stopping => "starting",
            _ => "stopping",
        }
    }
}

/// One container instance; its tiles are ids into [`ClusterVm::tiles`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InstanceView {
    /// Container-instance id.
    pub id: String,
    /// EC2 instance id.
    pub ec2: String,
    /// Instance type.
    pub instance_type: String,
    /// Availability zone.
    pub az: String,
    /// Status.
    pub status: InstanceStatus,
    /// CPU units used / registered.
    pub cpu: (u32, u32),
    /// Memory MiB used / registered.
    pub memory: (u32, u32),
    /// Ids of the tasks placed here, oldest first.
    pub tiles: Vec<String>,
}

impl InstanceView {
    /// `ACTIVE`, `DRAINING` or `INACTIVE`.
    pub fn status_text(&self) -> &'static str {
        match self.status {
            InstanceStatus::Active => "ACTIVE",
            InstanceStatus::Draining => "DRAINING",
            InstanceStatus::Inactive => "INACTIVE",
        }
    }
}

/// One availability zone column.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ZoneView {
    /// AZ name.
    pub name: String,
    /// Its container instances (terminated ones only while their stopped tasks are shown).
    pub instances: Vec<InstanceView>,
    /// Ids of the Fargate tasks in this zone, oldest first.
    pub fargate: Vec<String>,
    /// Whether a FARGATE_SPOT task here can still be interrupted (one that is not stopping).
    pub spot: bool,
}

/// A shared tile. Equal when it is the same allocation or the same content, so a step that
/// leaves a task unchanged costs a pointer comparison, not a string comparison.
#[derive(Clone, Debug, Eq)]
pub struct TileRef(pub Arc<Tile>);

impl PartialEq for TileRef {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.0, &other.0) || self.0 == other.0
    }
}

/// Everything the cluster view draws: the layout (zones, instances, tile ids) and the tiles.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ClusterVm {
    /// Zones by name.
    pub zones: Vec<ZoneView>,
    /// Tiles by task id (a sorted `VecMap`, filled in id order, so each insert appends; one
    /// hash map type less in the page).
    pub tiles: VecMap<TileRef>,
}

fn by_age(mut v: Vec<&Task>) -> Vec<String> {
    ecs_sim_core::script::sort_by(&mut v, &|a, b| (a.created_at, &a.id).cmp(&(b.created_at, &b.id)));
    v.into_iter().map(|t| t.id.clone()).collect()
}

/// The cluster, zone by zone, in one pass over the tasks. Tiles of tasks that did not change
/// since `prev` are shared with it rather than rebuilt.
pub fn cluster(sim: &Simulation, prev: Option<&ClusterVm>) -> ClusterVm {
    let mut per_instance: Vec<(&str, Vec<&Task>)> = Vec::new();
    let mut fargate: Vec<(&str, Vec<&Task>)> = Vec::new();
    let mut tiles = VecMap::with_capacity(sim.tasks().len());
    for t in sim.tasks().values() {
        match (&t.container_instance, t.launch_type) {
            (_, LaunchType::Fargate) => slot(&mut fargate, t.az.as_str(), Vec::new).push(t),
            (Some(ci), _) => slot(&mut per_instance, ci.as_str(), Vec::new).push(t),
            (None, _) => {}
        }
        let reuse = prev.and_then(|p| p.tiles.get(&t.id)).filter(|old| Tile::signature_of(&old.0) == Tile::signature(t));
        tiles.insert(t.id.clone(), reuse.cloned().unwrap_or_else(|| TileRef(Arc::new(Tile::of(t)))));
    }
    let mut zones: Vec<(&str, ZoneView)> = Vec::new();
    let zone = |name: &str| ZoneView { name: name.to_string(), instances: vec![], fargate: vec![], spot: false };
    for inst in sim.instances().values() {
        let here = std::mem::take(slot(&mut per_instance, inst.id.as_str(), Vec::new));
        if inst.status == InstanceStatus::Inactive && here.is_empty() {
            continue;
        }
        let z = slot(&mut zones, inst.az.as_str(), || zone(&inst.az));
        z.instances.push(InstanceView {
            id: inst.id.clone(),
            ec2: inst.ec2_instance_id.clone(),
            instance_type: inst.instance_type.clone(),
            az: inst.az.clone(),
            status: inst.status,
            cpu: (inst.cpu_used, inst.cpu_total),
            memory: (inst.memory_used, inst.memory_total),
            tiles: by_age(here),
        });
    }
    for (az, tasks) in fargate {
        let z = slot(&mut zones, az, || zone(az));
        z.spot =
            tasks.iter().any(|t| t.capacity_provider == Some(CapacityProvider::FargateSpot) && t.desired_status == DesiredStatus::Running);
        z.fargate = by_age(tasks);
    }
    ClusterVm { zones: zones.into_iter().map(|(_, z)| z).collect(), tiles }
}

/// The value under `key` in a small map kept sorted by key (the order a `BTreeMap` iterates
/// in), added with `new` if missing. Zones are few; a `BTreeMap` per value type would cost the
/// page kilobytes of wasm.
fn slot<'m, 'a, V>(map: &'m mut Vec<(&'a str, V)>, key: &'a str, new: impl FnOnce() -> V) -> &'m mut V {
    let i = match map.binary_search_by(|(k, _)| (*k).cmp(key)) {
        Ok(i) => i,
        Err(i) => {
            map.insert(i, (key, new()));
            i
        }
    };
    &mut map[i].1
}

/// What the details dialog shows about one task, live.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TaskDetails {
    /// Full task id.
    pub id: String,
    /// First 8 hex digits.
    pub short: String,
    /// Labelled facts, in display order (`("Task definition", "web:1")`, …).
    pub facts: Vec<(&'static str, String)>,
    /// Status history: (virtual time, status), oldest first.
    pub history: Vec<(String, &'static str)>,
    /// How placement was decided, step by step.
    pub placement: Vec<String>,
    /// Whether a stop can still be asked for.
    pub killable: bool,
}

/// Details of the task with this id, if the cluster still shows it.
pub fn task_details(sim: &Simulation, id: &str) -> Option<TaskDetails> {
    let t = sim.task(id)?;
    let mut facts = vec![
        ("Task ID", t.id.clone()),
        ("Task definition", t.task_definition.clone()),
        ("Launch type", t.launch_type.as_str().to_string()),
        (
            "Started by",
            match &t.service {
                Some(s) => format!("service {s}{}", t.started_by.as_ref().map(|b| format!(" ({b})")).unwrap_or_default()),
                None => format!("run-task (standalone), group {}", t.group),
            },
        ),
        (
            "Placed on",
            match t.container_instance.as_ref().and_then(|ci| sim.instances().get(ci)) {
                Some(i) => format!("{} ({}, {})", i.ec2_instance_id, i.instance_type, i.az),
                None => format!("Fargate ({})", t.az),
            },
        ),
        ("Reserved", format!("{} CPU units, {} MiB", t.cpu, t.memory)),
        ("lastStatus", t.last_status.as_str().to_string()),
        ("desiredStatus", if t.desired_status == DesiredStatus::Stopped { "STOPPED" } else { "RUNNING" }.to_string()),
        ("Health", t.health_status.as_str().to_string()),
    ];
    if let Some(c) = t.stop_code {
        facts.push(("stopCode", c.as_str().to_string()));
    }
    if let Some(r) = &t.stopped_reason {
        facts.push(("stoppedReason", r.clone()));
    }
    if let Some(c) = t.exit_code {
        facts.push(("Exit code", c.to_string()));
    }
    Some(TaskDetails {
        id: t.id.clone(),
        short: t.short_id().to_string(),
        facts,
        history: t.history.iter().map(|h| (h.at.to_string(), h.status.as_str())).collect(),
        placement: t.placement.clone(),
        killable: t.desired_status == DesiredStatus::Running,
    })
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use ecs_sim_core::{Command, Millis, SimConfig};

    fn all_tiles(c: &ClusterVm) -> Vec<Tile> {
        let mut v: Vec<Tile> = c.tiles.values().map(|t| (*t.0).clone()).collect();
        v.sort_by(|a, b| a.id.cmp(&b.id));
        v
    }

    /// A service of 3 on EC2 and a standalone Fargate task, 30 s in: what the view tests read.
    pub(crate) fn web_and_batch() -> Simulation {
        let mut sim = Simulation::new(SimConfig::default());
        sim.apply(Command::create_service("web", "web:1", 3, LaunchType::Ec2)).unwrap();
        sim.apply(Command::run_task("batch-job:1", 1, LaunchType::Fargate)).unwrap();
        sim.advance_by(Millis::secs(30));
        sim
    }

    #[test]
    fn tiles_are_named_for_screen_readers_with_owner_and_status() {
        let sim = web_and_batch();
        let c = cluster(&sim, None);
        assert_eq!(c.zones.len(), 3);
        assert!(c.zones.iter().any(|z| !z.fargate.is_empty()));
        let labels: Vec<String> = all_tiles(&c).into_iter().map(|t| t.label).collect();
        assert_eq!(labels.iter().filter(|l| l.ends_with(", service web, RUNNING")).count(), 3, "{labels:?}");
        assert_eq!(labels.iter().filter(|l| l.ends_with(", standalone task batch-job:1, RUNNING")).count(), 1, "{labels:?}");
        let placed: usize = c.zones.iter().map(|z| z.instances.iter().map(|i| i.tiles.len()).sum::<usize>() + z.fargate.len()).sum();
        assert_eq!(placed, 4);
        assert_eq!(sim.service_counts("web"), (3, 0));
    }

    #[test]
    fn a_step_that_changes_nothing_shares_every_tile_with_the_previous_view() {
        let mut sim = web_and_batch();
        let before = cluster(&sim, None);
        sim.advance_by(Millis(100));
        let after = cluster(&sim, Some(&before));
        assert_eq!(before, after);
        assert!(after.tiles.iter().all(|(id, t)| Arc::ptr_eq(&t.0, &before.tiles[id].0)));
        let victim = before.zones[0].instances[0].tiles[0].clone();
        sim.apply(Command::StopTask { task: victim.clone(), reason: None }).unwrap();
        let killed = cluster(&sim, Some(&after));
        assert!(!Arc::ptr_eq(&killed.tiles[&victim].0, &after.tiles[&victim].0));
        assert!(killed.tiles[&victim].0.stopping);
        assert_eq!(killed.tiles.iter().filter(|(id, t)| !Arc::ptr_eq(&t.0, &after.tiles[*id].0)).count(), 1);
    }

    #[test]
    fn details_show_history_stop_reason_and_placement() {
        let mut sim = web_and_batch();
        let c = cluster(&sim, None);
        let id = c.zones[1].instances[0].tiles[0].clone();
        let d = task_details(&sim, &id).unwrap();
        assert!(d.killable);
        assert_eq!(d.history.first().map(|h| h.0.as_str()), Some("00:00:00"));
        assert_eq!(d.history.last().map(|h| h.1), Some("RUNNING"));
        assert!(d.placement.iter().any(|l| l.starts_with("spread(attribute:ecs.availability-zone)")), "{:?}", d.placement);
        assert!(d.placement.last().unwrap().starts_with("Placed on i-"), "{:?}", d.placement);
        sim.apply(Command::StopTask { task: id.clone(), reason: None }).unwrap();
        sim.advance_by(Millis::secs(60));
        let d = task_details(&sim, &id).unwrap();
        assert!(!d.killable);
        let fact = |k: &str| d.facts.iter().find(|f| f.0 == k).map(|f| f.1.clone());
        assert_eq!(fact("lastStatus").as_deref(), Some("STOPPED"));
        assert_eq!(fact("stopCode").as_deref(), Some("UserInitiated"));
        assert_eq!(fact("stoppedReason").as_deref(), Some("Task stopped by user"));
        assert_eq!(fact("Exit code").as_deref(), Some("143"));
        assert_eq!(d.history.last().map(|h| h.1), Some("STOPPED"));
        assert!(task_details(&sim, "nope").is_none());
    }

    #[test]
    fn a_terminated_instance_is_shown_until_its_stopped_tasks_are_gone() {
        let mut sim = web_and_batch();
        let c = cluster(&sim, None);
        let inst = c.zones[0].instances[0].clone();
        assert_eq!(inst.status_text(), "ACTIVE");
        sim.apply(Command::TerminateInstance { instance: inst.id.clone() }).unwrap();
        let c = cluster(&sim, None);
        assert_eq!(c.zones[0].instances[0].status_text(), "INACTIVE");
        sim.advance_by(Millis::mins(10));
        let c = cluster(&sim, None);
        assert!(c.zones.iter().all(|z| z.instances.iter().all(|i| i.id != inst.id)));
        assert!(sim.events().iter().any(|e| e.message().contains(&format!("Host EC2 (instance {}) terminated.", inst.ec2))));
    }
}
