//! `ecs-sim bench`: the engine's speed and memory budgets, measured and printed (not asserted:
//! timings belong in a benchmark, not a test).
//!
//! - one virtual hour of 1,000 instances, 100 services and 10,000 tasks with a random kill
//!   every virtual second (budget: under 0.5 s);
//! - one placement decision on 1,000 instances (budget: under 20 µs);
//! - memory held by that state (budget: under 50 MB).

use crate::alloc::live_bytes;
use ecs_sim_core::placement::{self, Request, Strategy};
use ecs_sim_core::{Command, DesiredStatus, LaunchType, Millis, SimConfig, Simulation, TaskId};
use rand::{Rng, SeedableRng};
use std::time::Instant;

/// Builds the big cluster and brings its services to steady state.
pub fn big_cluster(seed: u64) -> Simulation {
    let instances = (0..1000).map(|i| ("m5.2xlarge".to_string(), ['a', 'b', 'c'][i % 3])).collect();
    let mut sim = Simulation::new(SimConfig { seed, instances, ..SimConfig::default() });
    for s in 0..100 {
        sim.apply(Command::create_service(&format!("svc-{s:02}"), "web:1", 100, LaunchType::Ec2)).expect("valid service");
    }
    sim.advance_by(Millis::mins(3));
    // As a front end does after each call: the queue holds every event until drained.
    sim.drain_events();
    sim
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
    let mut pick = rand_pcg::Pcg64Mcg::seed_from_u64(seed ^ 0x5eed);
    let t1 = Instant::now();
    let mut kills = 0;
    for _ in 0..3600 {
        // The first live task at or after a random 16-digit prefix (ids order as their text).
        let probe = format!("{:016x}", pick.random::<u64>());
        let from = *TaskId::prefix_range(&probe).expect("hex digits").start();
        let victim = sim
            .tasks()
            .range(from..)
            .chain(sim.tasks().iter())
            .find(|(_, t)| t.desired_status == DesiredStatus::Running)
            .map(|(id, _)| id.to_string());
        if let Some(id) = victim {
            sim.apply(Command::StopTask { task: id, reason: None }).expect("a live task");
            kills += 1;
        }
        sim.advance_by(Millis::secs(1));
        sim.drain_events();
    }
    let hour = t1.elapsed();
    let live = sim.tasks().values().filter(|t| t.desired_status == DesiredStatus::Running).count();
    out.push_str(&format!("one virtual hour, {kills} kills: {:.3} s (budget 0.5 s); {live} live tasks at the end\n", hour.as_secs_f64()));
    let held = live_bytes().saturating_sub(before);
    out.push_str(&format!("memory held by the simulation: {:.1} MB (budget 50 MB)\n", held as f64 / 1e6));

    let strategies = Strategy::service_default();
    let req = Request {
        cpu: 256,
        memory: 512,
        ports: &[],
        group: "service:svc-07",
        strategies: &strategies,
        constraints: &[],
        group_counts: sim.group_counts("service:svc-07"),
        spread_counts: sim.group_counts("service:svc-07"),
    };
    let mut rng = rand_pcg::Pcg64Mcg::seed_from_u64(seed);
    let n = 2_000;
    let t2 = Instant::now();
    let mut placed = 0;
    for _ in 0..n {
        if placement::place(sim.instances(), &req, &mut rng).is_ok() {
            placed += 1;
        }
    }
    let per = t2.elapsed().as_secs_f64() * 1e6 / f64::from(n);
    out.push_str(&format!(
        "one placement decision on {} instances (spread by AZ, then instance): {per:.1} µs (budget 20 µs; {placed}/{n} placed)\n",
        sim.instances().len()
    ));
    out
}
