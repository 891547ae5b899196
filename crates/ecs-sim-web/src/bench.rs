//! The browser benchmark's hooks: `?bench=N` in the URL fills the cluster with N tasks, and
//! [`mark`] leaves `performance.mark`s for `web/tests/perf.spec.mjs` to read.

use ecs_sim_core::LaunchType;

/// A `performance.mark` the browser benchmark reads (`web/tests/perf.spec.mjs`).
pub fn mark(name: &str) {
    if let Some(p) = web_sys::window().and_then(|w| w.performance()) {
        let _ = p.mark(name);
    }
}

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
    use ecs_sim_core::{Millis, SimConfig, Simulation, TaskStatus};

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
        let c = crate::cluster::view_model::cluster(&sim, None);
        assert_eq!(c.tiles.len(), 1000);
    }
}
