//! Running a whole script headless: a fresh simulation, each line applied in order, every event
//! collected (not just the bounded history), and the first failure reported with its line.

use super::session::{Action, Session};
use super::stmt::Stmt;
use crate::error::SimError;
use crate::event::Event;
use crate::sim::{SimConfig, Simulation};
use crate::time::Millis;
use thiserror::Error;

/// What went wrong on a script line.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum ScriptErrorKind {
    /// The line could not be read (unknown command or flag, bad value, open quote).
    #[error("{0}")]
    Syntax(String),
    /// The simulator refused the command, as AWS would.
    #[error("{0}")]
    Rejected(SimError),
    /// The line could not be carried out (no such task to pick, bad seed placement, …).
    #[error("{0}")]
    Failed(String),
    /// An `expect` line did not hold.
    #[error("expectation failed: {0}")]
    Expectation(String),
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
    pub events: Vec<Event>,
    /// Events and printed output interleaved, as `ecs-sim run` shows them.
    pub transcript: Vec<String>,
    /// How many `expect` lines held.
    pub checks_passed: usize,
}

impl Run {
    /// The event log, one event per line with its virtual time: what golden files hold.
    pub fn event_log(&self) -> String {
        self.events.iter().map(|e| format!("{} {}\n", e.at, e.message)).collect()
    }
}

struct Runner<'a> {
    sim: Simulation,
    session: Session,
    events: Vec<Event>,
    transcript: Vec<String>,
    watch: &'a mut dyn FnMut(&str),
}

impl Runner<'_> {
    fn print(&mut self, line: String) {
        (self.watch)(&line);
        self.transcript.push(line);
    }

    fn collect(&mut self) {
        for e in self.sim.drain_events() {
            self.print(format!("{} {}", e.at, e.message));
            self.events.push(e);
        }
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

/// Runs a script on a fresh default cluster. `seed` overrides the script's `seed` line; after
/// the last line, time advances to `until` when that is later. Stops at the first error.
pub fn run_script(text: &str, seed: Option<u64>, until: Option<Millis>) -> Result<Run, ScriptError> {
    run_script_watched(text, seed, until, &mut |_| {})
}

/// [`run_script`], handing each transcript line to `watch` as it happens (so a caller can show
/// the run up to a failing line).
pub fn run_script_watched(text: &str, seed: Option<u64>, until: Option<Millis>, watch: &mut dyn FnMut(&str)) -> Result<Run, ScriptError> {
    let stmts = super::parse_script(text)?;
    let mut script_seed = None;
    let mut started = false;
    let mut body = Vec::new();
    for (line, stmt) in stmts {
        match stmt {
            Stmt::Seed(s) if !started => script_seed = Some(s),
            Stmt::Seed(_) => {
                return Err(ScriptError {
                    line,
                    kind: ScriptErrorKind::Failed("seed: only allowed at the top of a script, before any other line".into()),
                })
            }
            other => {
                started = true;
                body.push((line, other));
            }
        }
    }
    let seed = seed.or(script_seed).unwrap_or(1);
    let mut r = Runner {
        sim: Simulation::new(SimConfig { seed, ..SimConfig::default() }),
        session: Session::new(),
        events: vec![],
        transcript: vec![],
        watch,
    };
    r.collect();
    let mut checks = 0;
    for (line, stmt) in &body {
        let fail = |kind| ScriptError { line: *line, kind };
        let action = r.session.plan(&r.sim, stmt).map_err(|m| fail(ScriptErrorKind::Failed(m)))?;
        match action {
            Action::Apply(cmd) => {
                let outcome = r.sim.apply(cmd.clone()).map_err(|e| fail(ScriptErrorKind::Rejected(e)))?;
                r.collect();
                for l in r.session.applied(&r.sim, &cmd, &outcome) {
                    r.print(l);
                }
            }
            Action::Advance(d) => {
                let t = r.sim.now().plus(d);
                r.advance_to(t);
            }
            Action::Print(lines) => lines.into_iter().for_each(|l| r.print(l)),
            Action::Check(e) => {
                r.session.check(&r.sim, &r.events, &e).map_err(|m| fail(ScriptErrorKind::Expectation(m)))?;
                checks += 1;
            }
            Action::Step(title) => r.print(format!("== {title} ==")),
        }
    }
    if let Some(t) = until {
        r.advance_to(t);
    }
    Ok(Run { sim: r.sim, events: r.events, transcript: r.transcript, checks_passed: checks })
}
