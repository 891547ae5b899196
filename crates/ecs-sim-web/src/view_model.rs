//! Pure functions from a [`Simulation`] to what the page draws. No Leptos here, so all of it is
//! tested natively.

use ecs_sim_core::{DesiredStatus, Event, HealthStatus, InstanceStatus, LaunchType, Severity, Simulation, Task, TaskStatus};
use std::collections::HashMap;
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
        Tile {
            id: t.id.clone(),
            short: t.short_id().to_string(),
            service: t.service.clone(),
            group: t.group.clone(),
            task_definition: t.task_definition.clone(),
            status: t.last_status,
            stopping: t.desired_status == DesiredStatus::Stopped,
            health: t.health_status,
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
    /// Tiles by task id.
    pub tiles: HashMap<String, TileRef>,
}

fn by_age(mut v: Vec<&Task>) -> Vec<String> {
    ecs_sim_core::script::sort_by(&mut v, &|a, b| (a.created_at, &a.id).cmp(&(b.created_at, &b.id)));
    v.into_iter().map(|t| t.id.clone()).collect()
}

/// The cluster, zone by zone, in one pass over the tasks. Tiles of tasks that did not change
/// since `prev` are shared with it rather than rebuilt.
pub fn cluster(sim: &Simulation, prev: Option<&ClusterVm>) -> ClusterVm {
    let mut per_instance: HashMap<&str, Vec<&Task>> = HashMap::new();
    let mut fargate: Vec<(&str, Vec<&Task>)> = Vec::new();
    let mut tiles = HashMap::with_capacity(sim.tasks().len());
    for t in sim.tasks().values() {
        match (&t.container_instance, t.launch_type) {
            (_, LaunchType::Fargate) => slot(&mut fargate, t.az.as_str(), Vec::new).push(t),
            (Some(ci), _) => per_instance.entry(ci.as_str()).or_default().push(t),
            (None, _) => {}
        }
        let reuse = prev.and_then(|p| p.tiles.get(&t.id)).filter(|old| Tile::signature_of(&old.0) == Tile::signature(t));
        tiles.insert(t.id.clone(), reuse.cloned().unwrap_or_else(|| TileRef(Arc::new(Tile::of(t)))));
    }
    let mut zones: Vec<(&str, ZoneView)> = Vec::new();
    let zone = |name: &str| ZoneView { name: name.to_string(), instances: vec![], fargate: vec![] };
    for inst in sim.instances().values() {
        let here = per_instance.remove(inst.id.as_str()).unwrap_or_default();
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
        slot(&mut zones, az, || zone(az)).fargate = by_age(tasks);
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

// ---------------------------------------------------------------------------------------------
// Task details (the dialog a tile's "details" button opens)
// ---------------------------------------------------------------------------------------------

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

// ---------------------------------------------------------------------------------------------
// Cluster actions: the choices the "Add instance" form offers
// ---------------------------------------------------------------------------------------------

/// Instance types a visitor can add, with their registered resources, e.g. `m5.large (2048 CPU, 7680 MiB)`.
pub fn instance_type_choices() -> Vec<(&'static str, String)> {
    ecs_sim_core::INSTANCE_TYPES.iter().map(|t| (t.name, format!("{} ({} CPU, {} MiB)", t.name, t.cpu, t.memory))).collect()
}

/// Availability zones the core accepts in this region (`a` to `f`).
pub fn zone_choices(region: &str) -> Vec<String> {
    ('a'..='f').map(|c| format!("{region}{c}")).collect()
}

// ---------------------------------------------------------------------------------------------
// Event log: filter, order, cap, export
// ---------------------------------------------------------------------------------------------

/// What the visitor asked the log to show.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LogQuery {
    /// Only events about this service (`""`: all).
    pub service: String,
    /// Only events about tasks whose id starts with (or messages that contain) this text.
    pub task: String,
    /// Lowest severity shown (`None`: all).
    pub min_severity: Option<Severity>,
    /// Case-insensitive text the message must contain.
    pub text: String,
    /// Oldest first (chronological) instead of newest first (as the ECS console shows events).
    pub oldest_first: bool,
}

impl LogQuery {
    /// Whether one event passes the filters.
    pub fn matches(&self, e: &Event) -> bool {
        if self.min_severity.is_some_and(|m| e.severity < m) {
            return false;
        }
        if !self.service.is_empty() && e.service() != Some(self.service.as_str()) {
            return false;
        }
        let task = self.task.trim().to_ascii_lowercase();
        if !task.is_empty() && !e.kind.task_ids().iter().any(|t| t.starts_with(&task)) {
            return false;
        }
        // ASCII case folding: messages are ASCII, and Unicode tables would cost page weight.
        let text = self.text.trim().to_ascii_lowercase();
        text.is_empty() || e.message().to_ascii_lowercase().contains(&text)
    }
}

/// What the log panel draws: at most `cap` rows, and how many matched out of how many kept.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct LogView {
    /// The rows, in the asked order.
    pub rows: Vec<Arc<Event>>,
    /// Events that pass the filters.
    pub matching: usize,
    /// Events the simulation keeps.
    pub total: usize,
}

/// Events passing the query, in the asked order.
pub fn matching_events<'a>(events: &'a std::collections::VecDeque<Arc<Event>>, q: &'a LogQuery) -> Vec<&'a Arc<Event>> {
    let mut v: Vec<&Arc<Event>> = events.iter().filter(|e| q.matches(e)).collect();
    if !q.oldest_first {
        v.reverse();
    }
    v
}

/// The capped rows for the panel. The newest events are the ones kept when capping, whatever
/// the order.
pub fn log_view(events: &std::collections::VecDeque<Arc<Event>>, q: &LogQuery, cap: usize) -> LogView {
    let all = matching_events(events, q);
    let matching = all.len();
    let rows = if q.oldest_first { &all[matching.saturating_sub(cap)..] } else { &all[..matching.min(cap)] };
    LogView { rows: rows.iter().map(|e| (*e).clone()).collect(), matching, total: events.len() }
}

/// `INFO`, `WARNING` or `ERROR`.
pub fn severity_text(s: Severity) -> &'static str {
    match s {
        Severity::Info => "INFO",
        Severity::Warning => "WARNING",
        Severity::Error => "ERROR",
    }
}

/// Plain-text export: one line per event, `HH:MM:SS  SEVERITY  message`.
pub fn export_text(events: &[&Arc<Event>]) -> String {
    let mut out = String::new();
    for e in events {
        out.push_str(&format!("{}  {:<7}  {}\n", e.at, severity_text(e.severity), e.message()));
    }
    out
}

/// JSON export, one event per line: `{"id":…,"at":"HH:MM:SS","atMs":…,"severity":…,"service":…,"message":…,"kind":{"type":…,…}}`.
/// Written by hand: serde's pretty printer would add kilobytes to the page.
pub fn export_json(events: &[&Arc<Event>]) -> String {
    let mut out = String::from("[");
    for (i, e) in events.iter().enumerate() {
        out.push_str(if i == 0 { "\n" } else { ",\n" });
        out.push_str(&format!(
            "{{\"id\":{},\"at\":\"{}\",\"atMs\":{},\"severity\":\"{}\",\"service\":{},\"message\":{},\"kind\":{}}}",
            e.id,
            e.at,
            e.at.0,
            severity_text(e.severity),
            e.service().map_or("null".to_string(), json_string),
            json_string(&e.message()),
            serde_json::to_string(&e.kind).unwrap_or_else(|_| "null".into())
        ));
    }
    out.push_str("\n]\n");
    out
}

fn json_string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

// ---------------------------------------------------------------------------------------------
// Theme
// ---------------------------------------------------------------------------------------------

/// localStorage key of the visitor's theme choice.
pub const THEME_KEY: &str = "ecs-sim.theme";

/// The stored theme, if it is one we know; anything else (absent, garbage) means "follow the system".
pub fn parse_theme(stored: Option<&str>) -> Option<&'static str> {
    match stored.map(str::trim) {
        Some("light") => Some("light"),
        Some("dark") => Some("dark"),
        _ => None,
    }
}

// ---------------------------------------------------------------------------------------------
// Benchmark set-up (`?bench=N` in the URL)
// ---------------------------------------------------------------------------------------------

/// Reads `bench=N` from a URL query string (`?a=1&bench=1000`), clamped to 1–1000.
pub fn bench_param(search: &str) -> Option<u32> {
    search
        .trim_start_matches('?')
        .split('&')
        .find_map(|kv| kv.strip_prefix("bench="))
        .and_then(|v| v.parse::<u32>().ok())
        .map(|n| n.clamp(1, 1000))
}

/// Commands that bring a fresh default cluster to `tasks` live tasks: enough m5.2xlarge
/// instances over three zones, four services and (from 100 tasks) 20 standalone workers.
pub fn bench_commands(tasks: u32) -> Vec<ecs_sim_core::Command> {
    use ecs_sim_core::Command;
    let standalone = if tasks >= 100 { 20 } else { 0 };
    let per_service = (tasks - standalone) / 4;
    let mut counts = [per_service; 4];
    counts[0] += tasks - standalone - per_service * 4;
    // web:1 reserves 256 CPU units: 32 fit on an m5.2xlarge; the three m5.large take 24 more.
    let instances = tasks.saturating_sub(24).div_ceil(32) + 1;
    let mut cmds: Vec<Command> = (0..instances)
        .map(|i| Command::AddInstance {
            instance_type: "m5.2xlarge".into(),
            availability_zone: format!("us-east-1{}", ['a', 'b', 'c'][i as usize % 3]),
        })
        .collect();
    for (i, n) in counts.iter().enumerate().filter(|(_, n)| **n > 0) {
        cmds.push(Command::create_service(&format!("bench-{}", i + 1), "web:1", *n, LaunchType::Ec2));
    }
    for _ in 0..standalone / 10 {
        cmds.push(Command::run_task("worker:1", 10, LaunchType::Ec2));
    }
    cmds
}

#[cfg(test)]
mod tests {
    use super::*;
    use ecs_sim_core::{Command, Millis, SimConfig};

    fn all_tiles(c: &ClusterVm) -> Vec<Tile> {
        let mut v: Vec<Tile> = c.tiles.values().map(|t| (*t.0).clone()).collect();
        v.sort_by(|a, b| a.id.cmp(&b.id));
        v
    }

    fn web_and_batch() -> Simulation {
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

    #[test]
    fn log_filters_order_cap_and_export() {
        let mut sim = web_and_batch();
        sim.apply(Command::create_service("api", "api:1", 1, LaunchType::Ec2)).unwrap();
        sim.advance_by(Millis::secs(30));
        let ev = sim.events();
        let all = log_view(ev, &LogQuery::default(), 1000);
        assert_eq!((all.matching, all.total), (ev.len(), ev.len()));
        assert!(all.rows[0].id > all.rows[1].id, "newest first by default");
        let chrono = log_view(ev, &LogQuery { oldest_first: true, ..LogQuery::default() }, 1000);
        assert!(chrono.rows[0].id < chrono.rows[1].id);
        let capped = log_view(ev, &LogQuery { oldest_first: true, ..LogQuery::default() }, 3);
        assert_eq!(capped.rows.len(), 3);
        assert_eq!(capped.rows[2].id, ev.back().unwrap().id, "the cap keeps the newest");
        let api = log_view(ev, &LogQuery { service: "api".into(), ..LogQuery::default() }, 1000);
        assert!(api.matching > 0 && api.rows.iter().all(|e| e.service() == Some("api")));
        let steady = log_view(ev, &LogQuery { text: "STEADY state".into(), ..LogQuery::default() }, 1000);
        assert!(steady.matching > 0 && steady.rows.iter().all(|e| e.message().contains("steady state")));
        let task = api.rows.iter().find_map(|e| e.kind.task_ref().map(|t| t.task.clone())).unwrap();
        let one = log_view(ev, &LogQuery { task: task[..8].to_uppercase(), ..LogQuery::default() }, 1000);
        assert!(one.matching >= 3 && one.rows.iter().all(|e| e.kind.task_ids().contains(&task.as_str())), "{:?}", one.rows);
        let errors = log_view(ev, &LogQuery { min_severity: Some(Severity::Warning), ..LogQuery::default() }, 1000);
        assert_eq!(errors.matching, 0);
        let q = LogQuery { oldest_first: true, ..LogQuery::default() };
        let text = export_text(&matching_events(ev, &q));
        assert_eq!(text.lines().count(), ev.len());
        assert!(text.starts_with("00:00:00  INFO     Cluster production in us-east-1 is ready"), "{text}");
        let json: serde_json::Value = serde_json::from_str(&export_json(&matching_events(ev, &q))).unwrap();
        assert_eq!(json.as_array().unwrap().len(), ev.len());
        assert_eq!(json[0]["message"], ev[0].message().as_str());
        assert_eq!(json[0]["kind"]["type"], "cluster-ready", "the facts are exported too");
        assert_eq!(json[0]["kind"]["instances"], 3);
        let odd = ecs_sim_core::EventKind::InstanceTypeSkipped { instance_type: "a \"quoted\" \\ line\nnext".into() };
        let tricky = Arc::new(Event { kind: odd, ..(*ev[0]).clone() });
        let json: serde_json::Value = serde_json::from_str(&export_json(&[&tricky])).unwrap();
        assert_eq!(json[0]["message"], tricky.message().as_str());
        assert_eq!(json[0]["service"], serde_json::Value::Null);
    }

    #[test]
    fn theme_is_read_defensively() {
        assert_eq!(parse_theme(Some("dark")), Some("dark"));
        assert_eq!(parse_theme(Some(" light ")), Some("light"));
        assert_eq!(parse_theme(Some("<script>")), None);
        assert_eq!(parse_theme(None), None);
    }

    #[test]
    fn the_benchmark_set_up_reaches_a_thousand_running_tasks() {
        assert_eq!(bench_param("?bench=1000"), Some(1000));
        assert_eq!(bench_param("?x=1&bench=5000"), Some(1000));
        assert_eq!(bench_param("?bench=abc"), None);
        assert_eq!(bench_param(""), None);
        let mut sim = Simulation::new(SimConfig::default());
        for c in bench_commands(1000) {
            sim.apply(c).unwrap();
        }
        sim.advance_by(Millis::secs(90));
        let running = sim.tasks().values().filter(|t| t.last_status == TaskStatus::Running).count();
        assert_eq!(running, 1000);
        let c = cluster(&sim, None);
        assert_eq!(c.tiles.len(), 1000);
    }
}
