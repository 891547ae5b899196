//! Running a whole script headless: a fresh simulation, each line carried out in order by
//! [`Session::execute`], every event collected (not just the bounded history), and the first
//! failure reported with its line.

use super::driver::{Executed, Host, Refusal};
use super::parse_error::ParseError;
use super::record::EventRecord;
use super::session::Session;
use super::stmt::Stmt;
use super::stmt_error::StmtError;
use crate::command::Command;
use crate::error::SimError;
use crate::event::Event;
use crate::sim::{Outcome, SimConfig, Simulation};
use crate::time::Millis;
use std::sync::Arc;
use thiserror::Error;

/// What went wrong on a script line.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum ScriptErrorKind {
    /// The line could not be read (unknown command or flag, bad value, open quote).
    #[error("{0}")]
    Syntax(ParseError),
    /// The simulator refused the command, as AWS would (its hint on a line below).
    #[error("{}", .0.with_hint())]
    Rejected(SimError),
    /// The line could not be carried out (no such task to pick, bad seed placement, …).
    #[error("{0}")]
    Failed(StmtError),
    /// An `expect` line did not hold.
    #[error("expectation failed: {0}")]
    Expectation(String),
}

impl From<StmtError> for ScriptErrorKind {
    fn from(e: StmtError) -> Self {
        match e {
            StmtError::Rejected(e) => ScriptErrorKind::Rejected(e),
            StmtError::Expectation(found) => ScriptErrorKind::Expectation(found),
            other => ScriptErrorKind::Failed(other),
        }
    }
}

/// A script failure and the 1-based line it happened on.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error("line {line}: {kind}")]
pub struct ScriptError {
    /// 1-based line number (where a multi-line statement starts).
    pub line: usize,
    /// What went wrong.
    pub kind: ScriptErrorKind,
}

/// A finished run.
#[derive(Clone, Debug)]
pub struct Run {
    /// The simulation as the script left it.
    pub sim: Simulation,
    /// Every event of the run, oldest first.
    pub events: Vec<Arc<Event>>,
    /// Events and printed output interleaved, as `ecs-sim run` shows them.
    pub transcript: Vec<String>,
    /// How many `expect` lines held.
    pub checks_passed: usize,
}

impl Run {
    /// The event log, one event per line with its virtual time: what golden files hold.
    pub fn event_log(&self) -> String {
        self.events.iter().map(|e| format!("{} {}\n", e.at, e.message())).collect()
    }
}

/// The runner's host: a simulation of its own, every event kept for the run's log and printed
/// to the transcript as it is drained.
struct Headless<'a> {
    sim: Simulation,
    record: EventRecord,
    events: Vec<Arc<Event>>,
    transcript: Vec<String>,
    watch: &'a mut dyn FnMut(&str),
}

impl Headless<'_> {
    fn print(&mut self, line: String) {
        (self.watch)(&line);
        self.transcript.push(line);
    }

    fn collect(&mut self) {
        let fresh = self.sim.drain_events();
        for e in &fresh {
            self.print(format!("{} {}", e.at, e.message()));
        }
        self.events.extend(fresh.iter().cloned());
        self.record.extend(fresh);
    }

    /// Advances to `t`, draining after each due timer so no event is lost to the history cap.
    fn advance_to(&mut self, t: Millis) {
        while let Some(next) = self.sim.next_deadline() {
            if next > t {
                break;
            }
            self.sim.advance_to(next);
            self.collect();
        }
        self.sim.advance_to(t);
        self.collect();
    }
}

impl Host for Headless<'_> {
    fn read(&self, f: &mut dyn FnMut(&Simulation, &EventRecord)) {
        f(&self.sim, &self.record)
    }

    fn apply(&mut self, command: Command) -> Result<Outcome, Refusal> {
        let outcome = self.sim.apply(command)?;
        self.collect();
        Ok(outcome)
    }

    fn advance(&mut self, by: Millis) {
        let t = self.sim.now().plus(by);
        self.advance_to(t);
    }
}

/// Runs a script on a fresh default cluster. `seed` overrides the script's `seed` line; after
/// the last line, time advances to `until` when that is later. Stops at the first error.
pub fn run_script(text: &str, seed: Option<u64>, until: Option<Millis>) -> Result<Run, ScriptError> {
    run_script_watched(text, seed, until, &mut |_| {})
}

/// [`run_script`], handing each transcript line to `watch` as it happens (so a caller can show
/// the run up to a failing line).
pub fn run_script_watched(text: &str, seed: Option<u64>, until: Option<Millis>, watch: &mut dyn FnMut(&str)) -> Result<Run, ScriptError> {
    let (script_seed, body) = split_seed(text)?;
    let config = SimConfig { seed: seed.or(script_seed).unwrap_or(1), ..SimConfig::default() };
    run_body(config, &body, until, false, watch)
}

/// [`run_script_watched`], with each `aws` call's response in the transcript, as the AWS CLI
/// prints it (`ecs-sim run --responses`): create-, update- and delete-service answer with the
/// service, stop-task with the task, update-container-instances-state with the instance.
/// Queries, run-task and register-task-definition print their answers either way.
pub fn run_script_responding(
    text: &str,
    seed: Option<u64>,
    until: Option<Millis>,
    watch: &mut dyn FnMut(&str),
) -> Result<Run, ScriptError> {
    let (script_seed, body) = split_seed(text)?;
    let config = SimConfig { seed: seed.or(script_seed).unwrap_or(1), ..SimConfig::default() };
    run_body(config, &body, until, true, watch)
}

/// A script's statements with their 1-based line numbers.
pub(crate) type Lines = Vec<(usize, Stmt)>;

/// A script's leading `seed` line, if any, and the rest of its statements with their lines.
pub(crate) fn split_seed(text: &str) -> Result<(Option<u64>, Lines), ScriptError> {
    let mut seed = None;
    let mut body = Vec::new();
    for (line, stmt) in super::parse_script(text)? {
        match stmt {
            Stmt::Seed(s) if body.is_empty() => seed = Some(s),
            Stmt::Seed(_) => return Err(ScriptError { line, kind: ScriptErrorKind::Failed(StmtError::SeedNotFirst) }),
            other => body.push((line, other)),
        }
    }
    Ok((seed, body))
}

/// Runs statements on a cluster built from `config`, each through [`Session::execute`].
pub(crate) fn run_body(
    config: SimConfig,
    body: &[(usize, Stmt)],
    until: Option<Millis>,
    responses: bool,
    watch: &mut dyn FnMut(&str),
) -> Result<Run, ScriptError> {
    let mut host = Headless { sim: Simulation::new(config), record: EventRecord::new(), events: vec![], transcript: vec![], watch };
    host.collect();
    let mut session = Session::new();
    let mut checks = 0;
    for (line, stmt) in body {
        let done = session.execute(&mut host, stmt).map_err(|e| ScriptError { line: *line, kind: e.into() })?;
        checks += usize::from(done == Executed::Held);
        for l in done.output() {
            host.print(l.clone());
        }
        if let (true, Stmt::Apply(_), Executed::Applied { command, output, .. }) = (responses, stmt, &done) {
            if output.is_empty() {
                for l in Session::reply(&host.sim, command) {
                    host.print(l);
                }
            }
        }
    }
    if let Some(t) = until {
        host.advance_to(t);
    }
    Ok(Run { sim: host.sim, events: host.events, transcript: host.transcript, checks_passed: checks })
}
