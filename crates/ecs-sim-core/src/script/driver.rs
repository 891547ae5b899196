//! One way to run a statement, for every front end. [`Session::execute`] plans a parsed
//! [`Stmt`] against the simulation a [`Host`] lends it, has the host apply the command or move
//! time, checks `expect` lines against every recorded event, and reports what it did as
//! [`Executed`]. The headless runner, the page's console (and the embedding page's commands)
//! and guided scenarios all call it, so labels, `advance`, `expect`, `say` and `step` mean the
//! same everywhere; a front end only chooses how to show the result.

use super::record::EventRecord;
use super::session::{Action, Session};
use super::stmt::Stmt;
use super::stmt_error::StmtError;
use crate::command::Command;
use crate::error::SimError;
use crate::sim::{Outcome, Simulation};
use crate::time::Millis;
use thiserror::Error;

/// What a front end gives [`Session::execute`]: its simulation to read, and the two ways to
/// change it. A host drains the simulation's events after every change (and whenever else it
/// moves time, such as a page playing) into the [`EventRecord`] it lends with the simulation.
pub trait Host {
    /// Lends the simulation and its recorded events to `f`, calling it exactly once.
    fn read(&self, f: &mut dyn FnMut(&Simulation, &EventRecord));
    /// Applies a command at the current virtual time, recording the events it drained.
    fn apply(&mut self, command: Command) -> Result<Outcome, Refusal>;
    /// Moves virtual time forward by `by`, recording the events drained on the way.
    fn advance(&mut self, by: Millis);
}

/// Why a host did not apply a command.
#[derive(Clone, Debug, PartialEq, Eq, Error)]
pub enum Refusal {
    /// The simulator refused it, as ECS would.
    #[error("{0}")]
    Sim(#[from] SimError),
    /// The front end declined to send it (the page's locks); the text says why.
    #[error("{0}")]
    Declined(String),
}

impl From<Refusal> for StmtError {
    fn from(r: Refusal) -> Self {
        match r {
            Refusal::Sim(e) => StmtError::Rejected(e),
            Refusal::Declined(why) => StmtError::Declined(why),
        }
    }
}

/// What one statement did, with the lines a script prints for it.
#[derive(Clone, Debug, PartialEq)]
pub enum Executed {
    /// This command was applied: the line's own (`aws ecs …`) or the one a verb stands for.
    Applied {
        /// The command (boxed: it is by far the largest variant).
        command: Box<Command>,
        /// What it produced.
        outcome: Outcome,
        /// The AWS CLI's answer to run-task and register-task-definition (nothing for the rest).
        output: Vec<String>,
    },
    /// Virtual time moved forward to this instant.
    Advanced {
        /// The virtual time now.
        now: Millis,
    },
    /// An `expect` line held.
    Held,
    /// Nothing changed; these lines are the answer: a query's JSON, the text of `help` and
    /// `say`, `== Title ==` for `step`, nothing for `label`.
    Printed(Vec<String>),
}

impl Executed {
    /// The lines a script prints for the statement. `expect output` looks at the last query's
    /// or command's lines.
    pub fn output(&self) -> &[String] {
        match self {
            Executed::Applied { output, .. } | Executed::Printed(output) => output,
            Executed::Advanced { .. } | Executed::Held => &[],
        }
    }
}

impl Session {
    /// Carries out one statement through `host`: the one place a statement gets its meaning.
    pub fn execute(&mut self, host: &mut dyn Host, stmt: &Stmt) -> Result<Executed, StmtError> {
        // Host::read lends to a `dyn FnMut`; each answer is caught in a local (no generic
        // helper: one more copy per call site in the page's wasm).
        const ONCE: &str = "Host::read calls its closure (the trait's contract)";
        let mut planned = None;
        host.read(&mut |sim, _| planned = Some(self.plan(sim, stmt)));
        Ok(match planned.expect(ONCE)? {
            Action::Apply(command) => {
                let outcome = host.apply(command.clone())?;
                let mut output = vec![];
                host.read(&mut |sim, _| output = self.applied(sim, &command, &outcome));
                Executed::Applied { command: Box::new(command), outcome, output }
            }
            Action::Advance(d) => {
                host.advance(d);
                let mut now = None;
                host.read(&mut |sim, _| now = Some(sim.now()));
                Executed::Advanced { now: now.expect(ONCE) }
            }
            Action::Print(lines) => Executed::Printed(lines),
            Action::Check(e) => {
                let mut held = None;
                host.read(&mut |sim, events| held = Some(self.check(sim, events, &e)));
                held.expect(ONCE).map_err(StmtError::Expectation)?;
                Executed::Held
            }
            Action::Step(title) => Executed::Printed(vec![format!("== {title} ==")]),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::script::run::{run_body, split_seed, Run, ScriptError};
    use crate::sim::SimConfig;

    /// A host shaped like the page's: it drains once after each apply or advance, and keeps its
    /// own record, as the page's context does.
    struct Page {
        sim: Simulation,
        record: EventRecord,
    }

    impl Host for Page {
        fn read(&self, f: &mut dyn FnMut(&Simulation, &EventRecord)) {
            f(&self.sim, &self.record)
        }
        fn apply(&mut self, command: Command) -> Result<Outcome, Refusal> {
            let outcome = self.sim.apply(command)?;
            self.record.extend(self.sim.drain_events());
            Ok(outcome)
        }
        fn advance(&mut self, by: Millis) {
            self.sim.advance_by(by);
            self.record.extend(self.sim.drain_events());
        }
    }

    /// A log that keeps 8 events, so the first ones scroll out of it long before the end.
    fn config() -> SimConfig {
        SimConfig { seed: 5, event_cap: 8, ..SimConfig::default() }
    }

    const SCRIPT: &str = r#"step "Start"
say "One service; its first task killed by label, the next by position."
aws ecs create-service --service-name web --task-definition web:1 --desired-count 1
advance 30s
label service web task 1 as first
kill task first
advance 30s
kill service web task 1 as second
advance 30s
aws ecs describe-tasks --tasks first
expect output "\"lastStatus\": \"STOPPED\""
expect task second status STOPPED
expect service web running 1
expect event "Cluster production in us-east-1 is ready with 3 container instances."
expect no event "was unable to place"
"#;

    /// The script through the headless runner, on [`config`]'s cluster.
    fn runner(text: &str) -> Result<Run, ScriptError> {
        split_seed(text).and_then(|(_, body)| run_body(config(), &body, None, &mut |_| {}))
    }

    /// Runs the script's statements through `Page` as the console does, line by line.
    fn on_page(text: &str) -> (Page, Vec<Executed>, Option<(usize, StmtError)>) {
        let body = crate::script::parse_script(text).unwrap();
        let mut page = Page { sim: Simulation::new(config()), record: EventRecord::new() };
        let mut session = Session::new();
        let mut done = Vec::new();
        for (line, stmt) in &body {
            match session.execute(&mut page, stmt) {
                Ok(e) => done.push(e),
                Err(e) => return (page, done, Some((*line, e))),
            }
        }
        (page, done, None)
    }

    #[test]
    fn the_runner_and_a_page_shaped_host_give_the_same_results() {
        let run = runner(SCRIPT).unwrap();
        let (page, done, failed) = on_page(SCRIPT);
        assert_eq!(failed, None);
        assert_eq!(run.checks_passed, 5);
        assert_eq!(done.iter().filter(|e| **e == Executed::Held).count(), run.checks_passed);
        assert!(serde_json::to_string(&run.sim).unwrap() == serde_json::to_string(&page.sim).unwrap(), "the two clusters differ");
        // Every line the page's statements printed is in the runner's transcript, in order.
        let printed: Vec<&String> = done.iter().flat_map(|e| e.output()).collect();
        let mut rest = run.transcript.iter();
        assert!(printed.iter().all(|p| rest.any(|t| t == *p)), "{printed:#?}");
        assert!(printed.contains(&&"== Start ==".to_string()) && printed.iter().any(|l| l.starts_with("One service")));
        // The first event is long gone from the capped history; both still saw it.
        assert!(!page.sim.events().iter().any(|e| e.message.contains("is ready with")));
        assert_eq!(page.record.iter().next().map(|e| e.id), Some(1));
    }

    #[test]
    fn guided_steps_go_the_same_way_as_the_runner() {
        for (name, _, text) in crate::script::scenarios() {
            let run = crate::script::run_script(text, None, None).unwrap_or_else(|e| panic!("{name}: {e}"));
            let guide = crate::script::guide(text).unwrap();
            let config = SimConfig { seed: guide.seed.unwrap_or(1), ..SimConfig::default() };
            let mut page = Page { sim: Simulation::new(config), record: EventRecord::new() };
            let mut session = Session::new();
            let mut held = 0;
            for step in &guide.steps {
                step.run(&mut session, &mut page).unwrap_or_else(|(line, e)| panic!("{name}:{line}: {e}"));
                held += step.checks.len() - step.final_checks().count();
                for (line, e) in step.final_checks() {
                    session.check(&page.sim, &page.record, e).unwrap_or_else(|why| panic!("{name}:{line}: {why}"));
                    held += 1;
                }
            }
            assert_eq!(held, run.checks_passed, "{name}");
            assert!(serde_json::to_string(&page.sim).unwrap() == serde_json::to_string(&run.sim).unwrap(), "{name}: the clusters differ");
        }
    }

    #[test]
    fn a_failing_line_fails_the_same_way_in_both() {
        for (tail, line) in [("expect event \"rolling back\"\n", 16), ("kill service web task 3\n", 16), ("seed 3\n", 16)] {
            let text = format!("{SCRIPT}{tail}");
            let from_runner = runner(&text).unwrap_err();
            let (_, _, from_page) = on_page(&text);
            let (at, e) = from_page.expect("the page fails too");
            assert_eq!((from_runner.line, at), (line, line), "{tail}");
            assert_eq!(from_runner.kind, e.clone().into(), "{tail}");
            assert!(from_runner.to_string().ends_with(&e.to_string()), "{from_runner} / {e}");
        }
    }
}
