//! The landing demo and what a kill means in it: the page opens on a service of 3 spread over
//! the zones and one long-running standalone task, already running, so a visitor can stop one of
//! each at once; [`after_stop`] says, in words, what ECS will do about a stopped task.

use crate::{Command, DesiredStatus, LaunchType, Millis, SimConfig, Simulation, TaskStatus};

/// Virtual time the demo runs before the first paint: every task is RUNNING by then.
pub const WARM_UP: Millis = Millis(60_000);

/// The demo's commands: a service `web` of 3 and one standalone `worker:1` task, both on EC2.
pub fn commands() -> Vec<Command> {
    vec![Command::create_service("web", "web:1", 3, LaunchType::Ec2), Command::run_task("worker:1", 1, LaunchType::Ec2)]
}

/// A fresh simulation with the demo applied and [`WARM_UP`] played.
pub fn start(seed: u64) -> Simulation {
    let mut sim = Simulation::new(SimConfig { seed, ..SimConfig::default() });
    for cmd in commands() {
        // The built-in definitions fit the default cluster; a refusal would only leave it emptier.
        let _ = sim.apply(cmd);
    }
    sim.advance_by(WARM_UP);
    sim
}

/// Whether `sim` holds nothing of the visitor's: no command, or only the demo's (time may have
/// passed). A page may replace such a run without keeping it or asking first.
pub fn is_pristine(sim: &Simulation) -> bool {
    let log = sim.command_log();
    let demo = commands();
    log.is_empty() || (log.len() == demo.len() && log.iter().zip(&demo).all(|(l, c)| l.at == Millis(0) && l.command == *c))
}

/// One sentence on what happens next to a task that was just stopped: a service starts a
/// replacement (with its desired and running counts), nothing restarts a standalone task.
/// `None` when there is no such task.
pub fn after_stop(sim: &Simulation, task: &str) -> Option<String> {
    let t = sim.task(task)?;
    let Some(name) = t.service.as_deref() else {
        return Some("Nothing will restart this task: it is a standalone task (run-task), not part of a service.".into());
    };
    let desired = sim.services().get(name).map_or(0, |s| s.desired_count);
    let running = sim
        .tasks()
        .values()
        .filter(|x| {
            x.service.as_deref() == Some(name) && x.desired_status == DesiredStatus::Running && x.last_status == TaskStatus::Running
        })
        .count();
    Some(if running >= desired as usize {
        format!("The service {name} already runs its desired count ({desired}): it starts no replacement.")
    } else {
        format!("The service {name} will start a replacement: desired {desired}, running {running}.")
    })
}

/// What a visitor is told after a Spot interruption hit `tasks`: how many got the two-minute
/// warning, and which of them their services replace.
pub fn after_spot_interruption(sim: &Simulation, tasks: &[String]) -> String {
    if tasks.is_empty() {
        return "No task runs on Fargate Spot there: nothing was interrupted.".into();
    }
    let standalone = tasks.iter().filter(|id| sim.task(id).is_some_and(|t| t.service.is_none())).count();
    let replaced = tasks.len() - standalone;
    let mut then = Vec::new();
    if replaced > 0 && sim.zones(true).iter().any(|z| sim.spot_available(z)) {
        then.push(format!("services start {replaced} replacement(s) in a zone that still has Spot capacity"));
    } else if replaced > 0 {
        then.push(format!("no zone has Spot capacity left, so services wait for it (five minutes here) to replace {replaced} task(s)"));
    }
    if standalone > 0 {
        then.push(format!("{standalone} standalone task(s) stay stopped"));
    }
    format!(
        "{} Fargate Spot task(s) got the two-minute warning (SIGTERM) and stop with stopCode SpotInterruption: {}.",
        tasks.len(),
        then.join("; ")
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Command;

    /// After the warm-up every demo task runs: three of service `web`, one standalone worker,
    /// and the service's three sit in more than one zone.
    #[test]
    fn the_demo_is_running_after_the_warm_up() {
        let sim = start(1);
        let running: Vec<_> = sim.tasks().values().filter(|t| t.last_status == TaskStatus::Running).collect();
        assert_eq!(running.iter().filter(|t| t.service.as_deref() == Some("web")).count(), 3);
        assert_eq!(running.iter().filter(|t| t.service.is_none()).count(), 1);
        let zones: std::collections::BTreeSet<_> = running.iter().filter(|t| t.service.is_some()).map(|t| t.az.as_str()).collect();
        assert!(zones.len() > 1, "{zones:?}");
    }

    /// A stopped service task is replaced (the service scheduler keeps the desired count); a
    /// stopped standalone task is not. AWS, "Amazon ECS services",
    /// https://docs.aws.amazon.com/AmazonECS/latest/developerguide/ecs_services.html: when a
    /// service's task fails or stops, the service scheduler launches another to keep the desired
    /// count.
    #[test]
    fn the_explanation_names_the_counts_or_says_nothing_restarts() {
        let mut sim = start(1);
        let id = |sim: &Simulation, service: bool| {
            sim.tasks().values().find(|t| t.service.is_some() == service).map(|t| t.id.clone()).expect("the demo has both kinds")
        };
        let web = id(&sim, true);
        sim.apply(Command::StopTask { task: web.clone(), reason: None }).expect("the task runs");
        assert_eq!(after_stop(&sim, &web).as_deref(), Some("The service web will start a replacement: desired 3, running 2."));
        let worker = id(&sim, false);
        sim.apply(Command::StopTask { task: worker.clone(), reason: None }).expect("the task runs");
        assert!(after_stop(&sim, &worker).expect("it exists").starts_with("Nothing will restart this task"));
        assert_eq!(after_stop(&sim, "no-such-task"), None);
    }

    /// The untouched demo, or an empty cluster, is the visitor's work to nobody; one more
    /// command makes it theirs.
    #[test]
    fn only_the_untouched_demo_or_an_empty_cluster_is_pristine() {
        let mut sim = start(1);
        assert!(is_pristine(&sim));
        assert!(is_pristine(&Simulation::new(SimConfig::default())));
        sim.apply(Command::run_task("worker:1", 1, LaunchType::Ec2)).expect("the cluster has room");
        assert!(!is_pristine(&sim));
    }
}
