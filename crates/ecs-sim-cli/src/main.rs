//! `ecs-sim`: the simulator's core, headless.
//!
//! ```text
//! ecs-sim demo [--seed N]    run the service-vs-standalone demo and print its event log
//! ecs-sim bench [--seed N]   measure the engine against its speed and memory budgets, and its
//!                            cost growth from 3,000 to 100,000 tasks
//! ecs-sim run SCRIPT [--seed N] [--until DURATION] [--json] [--responses]
//!                            run a script (see `ecs_sim_core::script`): print its event log,
//!                            or with --json the final state; exit 1 when a line fails
//! ```

mod alloc;
mod bench;
mod script;

#[global_allocator]
static ALLOC: alloc::Counting = alloc::Counting;

use ecs_sim_core::{Command, DesiredStatus, LaunchType, Millis, SimConfig, Simulation};
use std::process::ExitCode;

fn usage() -> &'static str {
    "usage: ecs-sim demo|bench [--seed N] [--tasks N]\n       ecs-sim run SCRIPT [--seed N] [--until DURATION] [--json] [--responses]\n\n  run    run a script file and print its event log (or, with --json, the final state;\n         with --responses, each aws call's response too)\n  demo   deploy a service of 3 and a standalone task, stop one of each, print the event log\n  bench  one virtual hour of a 1,000-instance cluster with a kill every second; placement and memory figures;\n         the engine's cost growth at 3,000, 30,000 and 100,000 tasks; with --tasks N, only the
         workload of N tasks (what scripts/wasm-bench.mjs times in wasm too)"
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.first().map(String::as_str) == Some("run") {
        return script::main(&args[1..]);
    }
    match run(&args) {
        Ok(out) => {
            print!("{out}");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("ecs-sim: {e}\n\n{}", usage());
            ExitCode::from(2)
        }
    }
}

fn run(args: &[String]) -> Result<String, String> {
    let mut seed = 1u64;
    let mut tasks = None;
    let mut verb = None;
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--seed" => {
                let v = it.next().ok_or("--seed needs a value")?;
                seed = v.parse().map_err(|_| format!("--seed must be a whole number, not '{v}'"))?;
            }
            "--tasks" => {
                let v = it.next().ok_or("--tasks needs a value")?;
                tasks = Some(v.parse().map_err(|_| format!("--tasks must be a whole number, not '{v}'"))?);
            }
            "-h" | "--help" => return Ok(format!("{}\n", usage())),
            v if verb.is_none() => verb = Some(v.to_string()),
            v => return Err(format!("unexpected argument '{v}'")),
        }
    }
    match verb.as_deref() {
        Some("demo") => Ok(demo(seed)),
        Some("bench") => Ok(match tasks {
            Some(n) => bench::workload(seed, n),
            None => bench::run(seed),
        }),
        Some(v) => Err(format!("unknown command '{v}'")),
        None => Err("missing command".into()),
    }
}

/// The page's first lesson, headless: a killed service task is replaced, a killed standalone task is not.
fn demo(seed: u64) -> String {
    let mut sim = Simulation::new(SimConfig { seed, ..SimConfig::default() });
    let create = Command::create_service("web", "web:1", 3, LaunchType::Ec2);
    sim.apply(create).expect("the demo's service is valid");
    let run = Command::run_task("worker:1", 1, LaunchType::Ec2);
    let standalone = sim.apply(run).expect("the demo's task is valid").tasks;
    // web:1 has a container health check (every 30 s): let the service settle first.
    sim.advance_by(Millis::secs(90));
    let victim = sim
        .tasks()
        .values()
        .find(|t| t.service.as_deref() == Some("web") && t.desired_status == DesiredStatus::Running)
        .map(|t| t.id.clone())
        .expect("the service has tasks");
    for id in [victim].into_iter().chain(standalone) {
        sim.apply(Command::StopTask { task: id, reason: None }).expect("the task exists");
    }
    sim.advance_by(Millis::secs(120));
    sim.events().iter().map(|e| format!("{} {}\n", e.at, e.message())).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn demo_shows_a_replacement_for_the_service_and_none_for_the_standalone_task() {
        let out = run(&["demo".into(), "--seed".into(), "3".into()]).unwrap();
        assert!(out.contains("(service web) has started 1 tasks: (task "), "{out}");
        assert_eq!(out.matches("has reached a steady state.").count(), 2, "{out}");
        assert!(out.contains("(standalone, group family:worker) is STOPPED."), "{out}");
        assert_eq!(out, run(&["demo".into(), "--seed".into(), "3".into()]).unwrap(), "same seed, same log");
    }

    #[test]
    fn bad_arguments_are_named() {
        assert_eq!(run(&["demo".into(), "--seed".into(), "x".into()]).unwrap_err(), "--seed must be a whole number, not 'x'");
        assert_eq!(run(&["fly".into()]).unwrap_err(), "unknown command 'fly'");
    }
}
