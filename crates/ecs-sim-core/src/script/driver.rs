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
