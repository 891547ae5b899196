//! Pure functions from a [`Simulation`] to what the page draws. No Leptos here, so all of it is
//! tested natively.

use ecs_sim_core::{DesiredStatus, InstanceStatus, LaunchType, Simulation, Task, TaskStatus};
use std::collections::BTreeMap;

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
    /// Accessible name: short id, owner and status.
    pub label: String,
}

impl Tile {
    fn of(t: &Task) -> Tile {
        let owner = match &t.service {
            Some(s) => format!("service {s}"),
            None => format!("standalone task {}", t.task_definition),
        };
        Tile {
            id: t.id.clone(),
            short: t.short_id().to_string(),
            service: t.service.clone(),
            group: t.group.clone(),
            task_definition: t.task_definition.clone(),
            status: t.last_status,
            stopping: t.desired_status == DesiredStatus::Stopped,
            label: format!("Task {}, {}, {}", t.short_id(), owner, t.last_status),
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

/// One container instance with its tiles.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InstanceView {
    /// Container-instance id.
    pub id: String,
    /// EC2 instance id.
    pub ec2: String,
    /// Instance type.
    pub instance_type: String,
    /// Status.
    pub status: InstanceStatus,
    /// CPU units used / registered.
    pub cpu: (u32, u32),
    /// Memory MiB used / registered.
    pub memory: (u32, u32),
    /// Tasks placed here, oldest first.
    pub tiles: Vec<Tile>,
}

/// One availability zone column.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ZoneView {
    /// AZ name.
    pub name: String,
    /// Its container instances.
    pub instances: Vec<InstanceView>,
    /// Fargate tasks running in this zone.
    pub fargate: Vec<Tile>,
}

fn by_age<'a>(tasks: impl Iterator<Item = &'a Task>) -> Vec<Tile> {
    let mut v: Vec<&Task> = tasks.collect();
    v.sort_by(|a, b| (a.created_at, &a.id).cmp(&(b.created_at, &b.id)));
    v.into_iter().map(Tile::of).collect()
}

/// The cluster, zone by zone.
pub fn zones(sim: &Simulation) -> Vec<ZoneView> {
    let mut zones: BTreeMap<String, ZoneView> = BTreeMap::new();
    for inst in sim.instances().values() {
        let z = zones
            .entry(inst.az.clone())
            .or_insert_with(|| ZoneView { name: inst.az.clone(), instances: vec![], fargate: vec![] });
        z.instances.push(InstanceView {
            id: inst.id.clone(),
            ec2: inst.ec2_instance_id.clone(),
            instance_type: inst.instance_type.clone(),
            status: inst.status,
            cpu: (inst.cpu_used, inst.cpu_total),
            memory: (inst.memory_used, inst.memory_total),
            tiles: by_age(sim.tasks().values().filter(|t| t.container_instance.as_deref() == Some(inst.id.as_str()))),
        });
    }
    for t in sim.tasks().values().filter(|t| t.launch_type == LaunchType::Fargate) {
        zones
            .entry(t.az.clone())
            .or_insert_with(|| ZoneView { name: t.az.clone(), instances: vec![], fargate: vec![] });
    }
    for z in zones.values_mut() {
        z.fargate = by_age(sim.tasks().values().filter(|t| t.launch_type == LaunchType::Fargate && t.az == z.name));
    }
    zones.into_values().collect()
}

/// A service card's numbers.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct ServiceCard {
    /// Name.
    pub name: String,
    /// Task definition.
    pub task_definition: String,
    /// Launch type.
    pub launch_type: &'static str,
    /// desiredCount.
    pub desired: u32,
    /// runningCount.
    pub running: u32,
    /// pendingCount.
    pub pending: u32,
    /// ACTIVE / DRAINING.
    pub status: &'static str,
    /// Reported steady state and nothing changed since.
    pub steady: bool,
    /// SVG polyline points of running (and desired) over time, in a 100×24 box.
    pub sparkline: (String, String),
}

/// Cards for every service that is not INACTIVE, by name.
pub fn service_cards(sim: &Simulation) -> Vec<ServiceCard> {
    sim.services()
        .values()
        .filter(|s| s.status != ecs_sim_core::ServiceStatus::Inactive)
        .map(|s| {
            let (running, pending) = sim.service_counts(&s.name);
            ServiceCard {
                name: s.name.clone(),
                task_definition: s.task_definition.clone(),
                launch_type: s.launch_type.as_str(),
                desired: s.desired_count,
                running,
                pending,
                status: match s.status {
                    ecs_sim_core::ServiceStatus::Active => "ACTIVE",
                    ecs_sim_core::ServiceStatus::Draining => "DRAINING",
                    ecs_sim_core::ServiceStatus::Inactive => "INACTIVE",
                },
                steady: s.steady,
                sparkline: sparkline(&s.history, sim.now().0, running),
            }
        })
        .collect()
}

/// Step-line points for running and desired counts over the last 10 virtual minutes (or since
/// the start, if sooner, but at least a minute), in a 1000×240 box, integers only.
pub fn sparkline(history: &[(ecs_sim_core::Millis, u32, u32)], now: u64, running_now: u32) -> (String, String) {
    let window = now.clamp(60_000, 600_000);
    let start = now.saturating_sub(window);
    let max = u64::from(history.iter().map(|h| h.1.max(h.2)).max().unwrap_or(0).max(running_now).max(1));
    let x = |t: u64| (t.max(start) - start) * 1000 / window;
    let y = |v: u32| 220 - u64::from(v) * 200 / max;
    let mut run = Vec::new();
    let mut want = Vec::new();
    let mut last = None;
    for &(t, r, d) in history {
        if let Some((lr, ld)) = last {
            run.push(format!("{},{}", x(t.0), y(lr)));
            want.push(format!("{},{}", x(t.0), y(ld)));
        }
        run.push(format!("{},{}", x(t.0), y(r)));
        want.push(format!("{},{}", x(t.0), y(d)));
        last = Some((r, d));
    }
    if let Some((lr, ld)) = last {
        run.push(format!("{},{}", x(now), y(lr)));
        want.push(format!("{},{}", x(now), y(ld)));
    }
    (run.join(" "), want.join(" "))
}

#[cfg(test)]
mod tests {
    use super::*;
    use ecs_sim_core::{Command, Millis, SimConfig};

    #[test]
    fn tiles_are_named_for_screen_readers_with_owner_and_status() {
        let mut sim = Simulation::new(SimConfig::default());
        sim.apply(Command::create_service("web", "web:1", 3, LaunchType::Ec2))
        .unwrap();
        sim.apply(Command::run_task("batch-job:1", 1, LaunchType::Fargate))
            .unwrap();
        sim.advance_by(Millis::secs(30));
        let zones = zones(&sim);
        assert_eq!(zones.len(), 3);
        let labels: Vec<String> =
            zones.iter().flat_map(|z| z.instances.iter().flat_map(|i| i.tiles.iter()).chain(&z.fargate)).map(|t| t.label.clone()).collect();
        assert_eq!(labels.iter().filter(|l| l.ends_with(", service web, RUNNING")).count(), 3, "{labels:?}");
        assert_eq!(labels.iter().filter(|l| l.ends_with(", standalone task batch-job:1, RUNNING")).count(), 1, "{labels:?}");
        let cards = service_cards(&sim);
        assert_eq!((cards[0].desired, cards[0].running, cards[0].pending), (3, 3, 0));
    }
}
