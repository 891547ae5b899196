//! The run in virtual time, as a time slider shows it: marks where something happened (a kill, a
//! deployment, a failure), and the run as it was at any earlier moment. Going back replays the
//! seed and the commands logged up to that moment, so a run continued from there (a fork) is
//! exactly the run that would have followed.

use crate::{Command, Millis, SimError, Simulation};

/// What a mark on the timeline stands for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum MarkKind {
    /// A visitor's command stopped, crashed or broke a task, or terminated an instance.
    Kill,
    /// A service was created or given a new deployment.
    Deployment,
    /// ECS reported an error: a task that failed, a deployment that failed, a task it could not place.
    Failure,
}

impl MarkKind {
    /// A word for the mark, as a legend or an accessible name says it.
    pub fn word(self) -> &'static str {
        match self {
            MarkKind::Kill => "kill",
            MarkKind::Deployment => "deployment",
            MarkKind::Failure => "failure",
        }
    }
}

/// One mark on the timeline.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Mark {
    /// When.
    pub at: Millis,
    /// What.
    pub kind: MarkKind,
}

/// The marks of a run, in time order, at most one of each kind per virtual second. Kills and
/// deployments come from the command log (the whole run); failures from the event history (the
/// latest events the simulation keeps).
pub fn marks(sim: &Simulation) -> Vec<Mark> {
    let commands = sim.command_log().iter().filter_map(|c| {
        let kind = match &c.command {
            Command::StopTask { .. }
            | Command::CrashTask { .. }
            | Command::MakeTaskUnhealthy { .. }
            | Command::TerminateInstance { .. } => MarkKind::Kill,
            Command::CreateService { .. } => MarkKind::Deployment,
            Command::UpdateService { task_definition, force_new_deployment, .. } if task_definition.is_some() || *force_new_deployment => {
                MarkKind::Deployment
            }
            _ => return None,
        };
        Some(Mark { at: c.at, kind })
    });
    let failures = sim.events().iter().filter(|e| e.severity == crate::Severity::Error).map(|e| Mark { at: e.at, kind: MarkKind::Failure });
    // Both come in time order: merge them (a sort would bring its code into the page's wasm).
    let second = |m: Mark| Mark { at: Millis(m.at.0 / 1000 * 1000), ..m };
    let (mut a, mut b) = (commands.map(second).peekable(), failures.map(second).peekable());
    let mut all: Vec<Mark> = Vec::new();
    loop {
        let next = match (a.peek(), b.peek()) {
            (Some(x), Some(y)) if y.at < x.at => b.next(),
            (Some(_), _) => a.next(),
            (None, _) => b.next(),
        };
        let Some(m) = next else { break };
        if !all.iter().rev().take_while(|o| o.at == m.at).any(|o| *o == m) {
            all.push(m);
        }
    }
    all
}

impl Simulation {
    /// The run as it was at `t` (clamped to now): a new simulation replayed from this one's config
    /// and the commands logged up to and including `t`. Continuing it forks the run; its command
    /// log is this one's, cut at `t`. An error means a logged command was refused on replay, which
    /// the replay guarantee rules out (it would be a bug, reported rather than hidden).
    pub fn rewound_to(&self, t: Millis) -> Result<Simulation, SimError> {
        let t = t.min(self.now());
        let upto = self.command_log().partition_point(|c| c.at <= t);
        Simulation::replay(self.config().clone(), &self.command_log()[..upto], t)
    }

    /// Whether this run is `run` at an earlier moment (or now): the same set-up, and its commands
    /// the first of `run`'s. A run that took a command of its own since is a fork, not a moment.
    pub fn is_earlier_moment_of(&self, run: &Simulation) -> bool {
        let (a, b) = (self.command_log(), run.command_log());
        self.config() == run.config() && self.now() <= run.now() && b.starts_with(a)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{LaunchType, SimConfig};

    /// The demo (commands at 0, warmed up), a kill 90 s later, a run-task 60 s after that.
    fn run() -> Simulation {
        let mut sim = crate::demo::start(3);
        sim.advance_by(Millis::secs(90));
        let victim = sim.tasks().values().find(|t| t.service.as_deref() == Some("web") && !t.is_stopped()).map(|t| t.id.clone()).unwrap();
        sim.apply(Command::StopTask { task: victim, reason: None }).unwrap();
        sim.advance_by(Millis::secs(60));
        sim.apply(Command::run_task("worker", 1, LaunchType::Ec2)).unwrap();
        sim.advance_by(Millis::secs(60));
        sim
    }

    #[test]
    fn marks_show_the_demo_deployments_and_the_kill_in_time_order() {
        let sim = run();
        let m = marks(&sim);
        let kill = sim.command_log().iter().find(|c| matches!(c.command, Command::StopTask { .. })).map(|c| c.at).unwrap();
        assert_eq!(m.iter().filter(|m| m.kind == MarkKind::Kill).map(|m| m.at).collect::<Vec<_>>(), [kill]);
        assert!(m.iter().any(|m| m.kind == MarkKind::Deployment && m.at == Millis(0)), "{m:?}");
        assert!(m.windows(2).all(|w| w[0].at <= w[1].at));
        let mut sorted = m.clone();
        sorted.sort();
        sorted.dedup();
        assert_eq!(sorted.len(), m.len(), "a mark is listed twice: {m:?}");
    }

    /// Going back to a moment and going on from there is the same run as the original, byte for
    /// byte: same state, same events.
    #[test]
    fn a_fork_continued_to_now_is_the_original_run() {
        let sim = run();
        let end = sim.now().0 / 1000;
        for secs in [0, 45, end - 120, end - 119, end - 60, end] {
            let mut fork = sim.rewound_to(Millis::secs(secs)).unwrap();
            assert_eq!(fork.now(), Millis::secs(secs));
            assert!(fork.command_log().iter().all(|c| c.at <= Millis::secs(secs)));
            // Continue with the commands the original took after that moment.
            for c in sim.command_log().iter().filter(|c| c.at > Millis::secs(secs)) {
                fork.advance_to(c.at);
                fork.apply(c.command.clone()).unwrap();
            }
            fork.advance_to(sim.now());
            assert_eq!(serde_json::to_string(&fork).unwrap(), serde_json::to_string(&sim).unwrap(), "fork at {secs}s");
        }
    }

    #[test]
    fn a_moment_of_the_run_is_recognised_and_a_fork_that_did_something_else_is_not() {
        let mut live = crate::demo::start(2);
        live.advance_by(Millis::secs(60));
        live.apply(Command::run_task("worker", 1, LaunchType::Ec2)).unwrap();
        live.advance_by(Millis::secs(60));
        let then = live.rewound_to(Millis::secs(30)).unwrap();
        assert!(then.is_earlier_moment_of(&live));
        let mut other = then.clone();
        other.apply(Command::run_task("report", 1, LaunchType::Ec2)).unwrap();
        assert!(!other.is_earlier_moment_of(&live));
        assert!(!crate::demo::start(3).is_earlier_moment_of(&live), "another seed");
    }

    #[test]
    fn going_back_past_now_stays_at_now_and_an_empty_run_has_no_marks() {
        let sim = run();
        assert_eq!(sim.rewound_to(Millis::secs(999)).unwrap().now(), sim.now());
        assert!(marks(&Simulation::new(SimConfig::default())).is_empty());
    }
}
