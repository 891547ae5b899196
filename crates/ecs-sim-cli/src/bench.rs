//! `ecs-sim bench`: the engine's speed and memory budgets, measured and printed (not asserted:
//! timings belong in a benchmark, not a test).
//!
//! - one virtual hour of 1,000 instances, 100 services and 10,000 tasks with a random kill
//!   every virtual second (budget: under 0.5 s);
//! - one placement decision on 1,000 instances (budget: under 20 µs);
//! - memory held by that state (budget: under 50 MB);
//! - engine cost growth: the same workload at 3,000, 30,000 and 100,000 tasks (instances and
//!   services scaled alike), its set-up and its virtual hour, with the growth per ×10 (goal: at
//!   most ×12) and 100,000 tasks placed in at most 5 s. Ratios from one run hold on machines of
//!   any speed; the absolute times are today's.

use crate::alloc::live_bytes;
use ecs_sim_core::placement::{Request, Strategy};
use ecs_sim_core::{DesiredStatus, Simulation};
use rand::SeedableRng;
use std::time::Instant;

/// Builds the big cluster and brings its services to steady state.
pub fn big_cluster(seed: u64) -> Simulation {
    cluster(seed, 10_000)
}

fn cluster(seed: u64, tasks: usize) -> Simulation {
    ecs_sim_core::workload::cluster(seed, tasks)
}

/// Runs the benchmark and returns the report.
pub fn run(seed: u64) -> String {
    let mut out = String::new();
    let before = live_bytes();
    let t0 = Instant::now();
    let mut sim = big_cluster(seed);
    let setup = t0.elapsed();
    let live = sim.tasks().values().filter(|t| t.desired_status == DesiredStatus::Running).count();
    out.push_str(&format!(
        "setup: {} instances, {} services, {} live tasks in {:.1} ms\n",
        sim.instances().len(),
        sim.services().len(),
        live,
        setup.as_secs_f64() * 1e3
    ));
    let (hour, kills) = kill_hour(&mut sim, seed);
    let live = sim.tasks().values().filter(|t| t.desired_status == DesiredStatus::Running).count();
    out.push_str(&format!("one virtual hour, {kills} kills: {:.3} s (budget 0.5 s); {live} live tasks at the end\n", hour.as_secs_f64()));
    let held = live_bytes().saturating_sub(before);
    out.push_str(&format!("memory held by the simulation: {:.1} MB (budget 50 MB)\n", held as f64 / 1e6));
    out.push_str(&placement_figure(&sim, seed));
    out.push_str(&growth(seed));
    out
}

/// One virtual hour with a random kill every virtual second; its real time and the kills.
fn kill_hour(sim: &mut Simulation, seed: u64) -> (std::time::Duration, u32) {
    let t1 = Instant::now();
    let kills = ecs_sim_core::workload::kill_hour(sim, seed);
    (t1.elapsed(), kills)
}

/// The growth workload of `tasks` tasks alone: its set-up and hour, on one line that
/// `scripts/wasm-bench.mjs` reads beside the same work timed in wasm.
pub fn workload(seed: u64, tasks: usize) -> String {
    let t0 = Instant::now();
    let mut sim = cluster(seed, tasks);
    let setup = t0.elapsed().as_secs_f64();
    let (hour, kills) = kill_hour(&mut sim, seed);
    format!("native {tasks} tasks: set-up {setup:.4} s, hour {:.4} s, {kills} kills\n", hour.as_secs_f64())
}

/// Engine cost growth: set-up and a virtual hour at 3,000, 30,000 and 100,000 tasks, and how
/// each grows per ×10 of work.
fn growth(seed: u64) -> String {
    let mut rows = Vec::new();
    for tasks in [3_000usize, 30_000, 100_000] {
        let t0 = Instant::now();
        let mut sim = cluster(seed, tasks);
        let setup = t0.elapsed().as_secs_f64();
        let live = sim.tasks().values().filter(|t| t.desired_status == DesiredStatus::Running).count();
        let (hour, _) = kill_hour(&mut sim, seed);
        rows.push((tasks, live, setup, hour.as_secs_f64()));
    }
    let mut out = String::from("engine cost growth (instances = tasks / 10, services = tasks / 100; a kill every virtual second):\n");
    for (tasks, live, setup, hour) in &rows {
        out.push_str(&format!("  {tasks:>7} tasks ({live} placed): set-up {setup:.2} s, one virtual hour {hour:.2} s\n"));
    }
    let (small, big) = (&rows[0], &rows[1]);
    out.push_str(&format!(
        "  growth per x10 (3,000 -> 30,000): set-up x{:.1}, hour x{:.1} (goal: at most x12 each)\n",
        big.2 / small.2,
        big.3 / small.3
    ));
    out.push_str(&format!("  100,000 tasks placed in {:.1} s (goal: at most 5 s)\n", rows[2].2));
    out
}

/// One placement decision on the big cluster, timed over 2,000 decisions.
fn placement_figure(sim: &Simulation, seed: u64) -> String {
    let strategies = Strategy::service_default();
    let req = Request {
        cpu: 256,
        memory: 512,
        ports: &[],
        group: "service:svc-0007",
        strategies: &strategies,
        constraints: &[],
        group_counts: sim.group_counts("service:svc-0007"),
        spread_counts: sim.group_counts("service:svc-0007"),
    };
    let mut rng = rand_pcg::Pcg64Mcg::seed_from_u64(seed);
    let n = 2_000;
    let t2 = Instant::now();
    let mut placed = 0;
    for _ in 0..n {
        if sim.decide_placement(&req, &mut rng).is_ok() {
            placed += 1;
        }
    }
    let per = t2.elapsed().as_secs_f64() * 1e6 / f64::from(n);
    format!(
        "one placement decision on {} instances (spread by AZ, then instance): {per:.1} µs (budget 20 µs; {placed}/{n} placed)\n",
        sim.instances().len()
    )
}
