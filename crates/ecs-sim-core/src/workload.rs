//! The engine benchmark's workload, shared by `ecs-sim bench` (native) and its wasm twin
//! (`crates/ecs-sim-wasm-bench`, run under Node), so both time exactly the same work: a cluster of
//! `tasks / 10` m5.2xlarge instances over three zones and `tasks / 100` services of 100 tasks at
//! steady state, then a virtual hour with a random kill every virtual second.

use crate::{Command, DesiredStatus, LaunchType, Millis, SimConfig, Simulation, TaskId};
use rand::{Rng, SeedableRng};

/// The cluster, at steady state (three virtual minutes after the services were created).
pub fn cluster(seed: u64, tasks: usize) -> Simulation {
    let instances = (0..tasks / 10).map(|i| ("m5.2xlarge".to_string(), ['a', 'b', 'c'][i % 3])).collect();
    let mut sim = Simulation::new(SimConfig { seed, instances, ..SimConfig::default() });
    for s in 0..tasks / 100 {
        sim.apply(Command::create_service(&format!("svc-{s:04}"), "web:1", 100, LaunchType::Ec2)).expect("a valid service");
    }
    sim.advance_by(Millis::mins(3));
    // As a front end does after each call: the queue holds every event until drained.
    sim.drain_events();
    sim
}

/// One virtual hour with a random kill every virtual second; returns the kills.
pub fn kill_hour(sim: &mut Simulation, seed: u64) -> u32 {
    let mut pick = rand_pcg::Pcg64Mcg::seed_from_u64(seed ^ 0x5eed);
    let mut kills = 0;
    for _ in 0..3600 {
        // The first live task at or after a random 16-digit prefix (ids order as their text).
        let probe = format!("{:016x}", pick.random::<u64>());
        let from = *TaskId::prefix_range(&probe).expect("16 hex digits make a prefix").start();
        let victim = sim
            .tasks()
            .range(from..)
            .chain(sim.tasks().iter())
            .find(|(_, t)| t.desired_status == DesiredStatus::Running)
            .map(|(id, _)| id.to_string());
        if let Some(id) = victim {
            sim.apply(Command::StopTask { task: id, reason: None }).expect("a live task stops");
            kills += 1;
        }
        sim.advance_by(Millis::secs(1));
        sim.drain_events();
    }
    kills
}
