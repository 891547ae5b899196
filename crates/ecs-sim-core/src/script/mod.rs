//! The command language: `aws ecs …` lines with the AWS CLI's argument syntax, plus
//! simulator verbs for what no AWS call does (time, faults, checks), so a whole lesson fits in
//! a text file that runs headless, in tests and in the page's console.
//!
//! ```text
//! seed 7
//! aws ecs create-service --cluster production --service-name web --task-definition web:1 \
//!     --desired-count 3 --launch-type EC2
//! advance 90s
//! expect service web running 3
//! kill service web task 2 as victim     # stop-task, without knowing the random id
//! advance 2m
//! expect task victim status STOPPED
//! expect service web steady
//! ```
//!
//! * [`parse_line`] / [`parse_script`]: text → [`Stmt`]s (pure; no cluster needed).
//! * [`render`]: any [`Command`] → the equivalent line (`parse_line(&render(c))` gives `c` back).
//! * [`Session`]: picks tasks by position, remembers labels, answers `describe-…`, checks `expect`.
//! * [`Session::execute`]: runs one statement through a [`Host`] (the runner, the page's
//!   console, guided steps all do), checking `expect event` against an [`EventRecord`].
//! * [`run_script`]: a whole script against a fresh [`Simulation`], collecting the event log.
//! * [`guide`]: the guided-scenario view of a script (`step "…"`, `say "…"`).
//! * [`scenarios`]: the course's built-in scenario files.
//!
//! Nothing here does I/O; the module only reads the simulation, and changes it through a
//! [`Host`] (the runner's own, the page's), which calls [`Simulation::apply`] and moves time like
//! any other front end.

#[cfg(test)]
mod agreement;
mod aws;
mod check_text;
mod describe;
mod driver;
mod guide;
pub mod lex;
mod parse_error;
mod record;
mod render;
mod run;
mod session;
pub mod shorthand;
mod stmt;
mod stmt_error;
mod suggest;
mod verbs;

pub use aws::{flags as aws_flags, operation_named, service_of, CLUSTER, OPERATIONS, SERVICES};
pub use describe::{answer as answer_query, cli_json, service_json, snapshot, task_json, timestamp, ACCOUNT};
pub use driver::{Executed, Host, Refusal};
pub use guide::{guide, Guide, Pause, Step};
pub use parse_error::{AwsError, Choices, DurationError, JsonType, Numbered, ParseError, Validation, VerbError};
pub use record::EventRecord;
pub use render::{render, render_cli, CliContext};
pub use run::{run_script, run_script_responding, run_script_watched, Run, ScriptError, ScriptErrorKind};
pub use session::{help, numbered_instances, Session};
pub use stmt::*;
pub use stmt_error::{PickError, StmtError};
pub use verbs::{format_duration, parse_duration, HELP, VERBS};

use crate::command::Command;
#[cfg(doc)]
use crate::sim::Simulation;
use std::cmp::Ordering;

/// Parses one statement from its words (as [`lex::lines`] splits them).
pub fn parse_words(words: &[String]) -> Result<Stmt, ParseError> {
    match words.first().map(String::as_str) {
        None => Err(ParseError::Empty),
        Some("aws") => Ok(aws::parse(words)?),
        Some(_) => Ok(verbs::parse(words)?),
    }
}

/// Parses one console line (it may hold continuations and multi-line quotes, but only one
/// statement). Errors are worded as the AWS CLI words them, or name the word that is wrong.
pub fn parse_line(text: &str) -> Result<Stmt, ParseError> {
    let lines = lex::lines(text).map_err(ParseError::Unterminated)?;
    match lines.as_slice() {
        [] => Err(ParseError::Empty),
        [one] => parse_words(&one.words),
        [_, second, ..] => Err(ParseError::SeveralStatements { line: second.number }),
    }
}

/// Parses a whole script into (1-based line number, statement) pairs; the first bad line
/// stops it.
pub fn parse_script(text: &str) -> Result<Vec<(usize, Stmt)>, ScriptError> {
    let lines = lex::lines(text).map_err(|u| ScriptError { line: u.line, kind: ScriptErrorKind::Syntax(ParseError::Unterminated(u)) })?;
    lines
        .into_iter()
        .map(|l| parse_words(&l.words).map(|s| (l.number, s)).map_err(|m| ScriptError { line: l.number, kind: ScriptErrorKind::Syntax(m) }))
        .collect()
}

impl Stmt {
    /// The command this statement stands for when it needs nothing from the cluster: every
    /// `aws ecs` change, and verbs that name their task or instance by id. `None` for queries,
    /// time, checks and lines that pick by position or label.
    pub fn command(&self) -> Option<Command> {
        match self {
            Stmt::Apply(c) => Some(c.clone()),
            Stmt::Task { action, task: TaskRef::Named(id), label: None } => match action {
                TaskAction::Kill => Some(Command::StopTask { task: id.clone(), reason: None }),
                TaskAction::Crash(code) => Some(Command::CrashTask { task: id.clone(), exit_code: *code }),
                TaskAction::Unhealthy => Some(Command::MakeTaskUnhealthy { task: id.clone() }),
                TaskAction::Label => None,
            },
            Stmt::Instance { action, instance: InstanceRef::Id(id) } => Some(match action {
                InstanceAction::Drain => Command::DrainInstance { instance: id.clone() },
                InstanceAction::Activate => Command::ActivateInstance { instance: id.clone() },
                InstanceAction::Fail => Command::TerminateInstance { instance: id.clone() },
            }),
            _ => None,
        }
    }
}

/// Completions for what has been typed so far: the verbs, the `aws` services and their
/// operations, or the flags of the operation being typed (those not used yet), in alphabetical order.
pub fn complete(prefix: &str) -> Vec<String> {
    let words: Vec<&str> = prefix.split_whitespace().collect();
    let ends_with_space = prefix.is_empty() || prefix.ends_with(char::is_whitespace);
    let (done, partial) = if ends_with_space { (&words[..], "") } else { (&words[..words.len() - 1], words[words.len() - 1]) };
    let candidates: Vec<String> = match done {
        [] => VERBS.iter().map(|v| v.to_string()).collect(),
        ["aws"] => SERVICES.iter().map(|(s, _)| s.to_string()).collect(),
        ["aws", service] => services(service).iter().map(|o| o.cli_name().to_string()).collect(),
        ["aws", service, op, rest @ ..] if partial.starts_with('-') || partial.is_empty() => {
            let op = services(service).iter().copied().find(|o| o.cli_name() == *op);
            let mut f: Vec<String> = op.map_or(&[][..], aws::flags).iter().map(|(f, _)| f.to_string()).collect();
            if op.is_none_or(aws::takes_cluster) {
                f.push("--cluster".into());
            }
            f.retain(|x| !rest.contains(&x.as_str()));
            sort_by(&mut f, &|a, b| a.cmp(b));
            f
        }
        _ => vec![],
    };
    let head = if ends_with_space { prefix.to_string() } else { prefix[..prefix.len() - partial.len()].to_string() };
    candidates.into_iter().filter(|c| c.starts_with(partial)).map(|c| format!("{head}{c}")).collect()
}

/// The operations of an `aws` service the simulator answers (none for another service).
fn services(name: &str) -> &'static [crate::op::Op] {
    SERVICES.iter().find(|(s, _)| *s == name).map_or(&[], |(_, ops)| ops)
}

/// A stable sort, exactly like `v.sort_by(cmp)`, for code where size matters more than speed
/// (the wasm page): every call shares one sort of indices instead of each element type and
/// comparison getting its own copy of the standard library's sort (kilobytes each).
pub fn sort_by<T>(v: &mut Vec<T>, cmp: &dyn Fn(&T, &T) -> Ordering) {
    let mut order: Vec<usize> = (0..v.len()).collect();
    crate::sort::sort_indices(&mut order, &|a, b| cmp(&v[a], &v[b]));
    let mut old: Vec<Option<T>> = v.drain(..).map(Some).collect();
    v.extend(order.into_iter().filter_map(|i| old[i].take()));
}

/// The built-in guided scenarios: (file name, title, script text).
pub fn scenarios() -> &'static [(&'static str, &'static str, &'static str)] {
    &[
        (
            "service-vs-standalone",
            "A service task and a standalone task under a kill",
            include_str!("../../scenarios/service-vs-standalone.ecs"),
        ),
        ("nightly-batch", "A nightly batch job on a schedule", include_str!("../../scenarios/nightly-batch.ecs")),
        ("rolling-update", "Rolling update from v1 to v2 within min and max percent", include_str!("../../scenarios/rolling-update.ecs")),
        ("circuit-breaker", "A bad version trips the circuit breaker and rolls back", include_str!("../../scenarios/circuit-breaker.ecs")),
        ("instance-failure", "An instance fails; tasks are rescheduled across zones", include_str!("../../scenarios/instance-failure.ecs")),
        ("capacity-shortage", "Not enough capacity: the placement failure", include_str!("../../scenarios/capacity-shortage.ecs")),
        ("auto-scaling", "Auto scaling under load", include_str!("../../scenarios/auto-scaling.ecs")),
        ("spot-interruption", "Fargate Spot: an interruption and what comes back", include_str!("../../scenarios/spot-interruption.ecs")),
    ]
}

#[cfg(test)]
mod sort_tests {
    #[test]
    fn sort_by_is_the_standard_stable_sort() {
        let mut x: u64 = 7;
        for len in 0..200 {
            let v: Vec<(u8, usize)> = (0..len)
                .map(|i| {
                    x = x.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
                    ((x >> 60) as u8, i)
                })
                .collect();
            let mut a = v.clone();
            a.sort_by_key(|p| p.0);
            let mut b = v;
            super::sort_by(&mut b, &|p, q| p.0.cmp(&q.0));
            assert_eq!(a, b);
        }
    }
}
