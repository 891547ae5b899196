//! Guided scenarios for course authors: the script language plus `step "Title"` and
//! `say "…"`. A step runs its lines in order; its `expect` lines are its completion checks.
//! Lines before the first step form an untitled set-up step. Because `step` and `say` are
//! ordinary statements, every guided scenario also runs headless with [`super::run_script`].

use super::driver::Host;
use super::run::ScriptError;
use super::session::Session;
use super::stmt::{Expect, Stmt};
use super::stmt_error::StmtError;

/// One step of a guided scenario.
#[derive(Clone, Debug, PartialEq)]
pub struct Step {
    /// The title (empty for the set-up before the first `step`).
    pub title: String,
    /// Its `say` lines, in order.
    pub narration: Vec<String>,
    /// Its statements with their line numbers, `say` and `step` left out, `expect` kept.
    pub lines: Vec<(usize, Stmt)>,
    /// Its checks with their line numbers: the step is complete when all hold.
    pub checks: Vec<(usize, Expect)>,
}

impl Step {
    /// The line of the step's last statement that is not a check (0 when it has none).
    fn last_action(&self) -> usize {
        self.lines.iter().filter(|(_, s)| !matches!(s, Stmt::Expect(_))).map(|(l, _)| *l).max().unwrap_or(0)
    }

    /// The checks that end the step (those after its last command): what a page watches. Checks
    /// between commands hold only mid-step; [`Step::run`] checks them in turn.
    pub fn final_checks(&self) -> impl Iterator<Item = &(usize, Expect)> {
        let last = self.last_action();
        self.checks.iter().filter(move |(l, _)| *l > last)
    }

    /// Runs the step's lines in order through [`Session::execute`], leaving out its final checks
    /// (a page watches those instead). The first failure comes with its line number.
    pub fn run(&self, session: &mut Session, host: &mut dyn Host) -> Result<(), (usize, StmtError)> {
        let mut from = 0;
        while let Some(pause) = self.run_from(session, host, from)? {
            host.advance(pause.advance);
            from = pause.resume;
        }
        Ok(())
    }

    /// Runs the step's lines from index `from` (into [`Step::lines`]) as [`Step::run`] does, but
    /// stops at the first `advance`, without running it, so that a page can play that virtual
    /// time visibly. Then call again with [`Pause::resume`]. `None` when the step has run to its end.
    pub fn run_from(&self, session: &mut Session, host: &mut dyn Host, from: usize) -> Result<Option<Pause>, (usize, StmtError)> {
        let last = self.last_action();
        for (i, (line, stmt)) in self.lines.iter().enumerate().skip(from) {
            if let Stmt::Advance(d) = stmt {
                return Ok(Some(Pause { advance: *d, resume: i + 1 }));
            }
            if !matches!(stmt, Stmt::Expect(_)) || *line < last {
                session.execute(host, stmt).map_err(|e| (*line, e))?;
            }
        }
        Ok(None)
    }
}

/// Where [`Step::run_from`] stopped: at an `advance` of this much virtual time, to go on from
/// line index `resume` once it has played.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Pause {
    /// The virtual time to play.
    pub advance: crate::Millis,
    /// The index into [`Step::lines`] after the `advance`.
    pub resume: usize,
}

/// A scenario split into steps.
#[derive(Clone, Debug, PartialEq)]
pub struct Guide {
    /// The `seed` line's value, if any.
    pub seed: Option<u64>,
    /// The steps, in order.
    pub steps: Vec<Step>,
}

/// Splits a scenario into its steps.
pub fn guide(text: &str) -> Result<Guide, ScriptError> {
    let mut seed = None;
    let mut steps: Vec<Step> = Vec::new();
    for (line, stmt) in super::parse_script(text)? {
        if let Stmt::Step(title) = &stmt {
            steps.push(Step { title: title.clone(), narration: vec![], lines: vec![], checks: vec![] });
            continue;
        }
        if let Stmt::Seed(s) = stmt {
            seed = Some(s);
            continue;
        }
        if steps.is_empty() {
            steps.push(Step { title: String::new(), narration: vec![], lines: vec![], checks: vec![] });
        }
        let step = steps.last_mut().expect("pushed above when empty");
        match stmt {
            Stmt::Say(t) => step.narration.push(t),
            Stmt::Expect(e) => {
                step.checks.push((line, e.clone()));
                step.lines.push((line, Stmt::Expect(e)));
            }
            other => step.lines.push((line, other)),
        }
    }
    Ok(Guide { seed, steps })
}
