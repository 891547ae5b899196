//! The engine benchmark's workload as a wasm module with no imports: `scripts/wasm-bench.mjs`
//! instantiates it under Node and times `setup` and `hour` with the same seed and sizes the
//! native `ecs-sim bench --tasks N` times, then prints the wasm-to-native ratio.

use ecs_sim_core::workload;
use ecs_sim_core::Simulation;
use std::cell::RefCell;

thread_local! {
    static SIM: RefCell<Option<Simulation>> = const { RefCell::new(None) };
}

/// Builds the workload's cluster of `tasks` tasks (see [`workload::cluster`]) and keeps it;
/// returns the tasks placed.
#[no_mangle]
pub extern "C" fn setup(seed: u64, tasks: u32) -> u32 {
    let sim = workload::cluster(seed, tasks as usize);
    let placed = sim.tasks().len() as u32;
    SIM.with(|s| *s.borrow_mut() = Some(sim));
    placed
}

/// Runs the virtual hour of kills on the cluster `setup` built; returns the kills (0 without one).
#[no_mangle]
pub extern "C" fn hour(seed: u64) -> u32 {
    SIM.with(|s| s.borrow_mut().as_mut().map_or(0, |sim| workload::kill_hour(sim, seed)))
}
