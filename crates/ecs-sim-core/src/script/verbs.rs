//! The simulator's own verbs (things no AWS call does: time passing, faults, checks) and the
//! guided-scenario lines. A script never needs a random id: tasks are picked by service and
//! position (`kill service web task 2`) or by a name given earlier (`… as victim`).

use super::parse_error::{Choices, DurationError, Numbered, VerbError};

/// A verb line's error, boxed while it travels up through the parser: every `?` then moves a
/// pointer, not the whole error (which, repeated at each of the many `?`, costs the page
/// kilobytes of wasm).
type Fail = Box<VerbError>;
use super::stmt::*;
use crate::command::{Command, Fault};
use crate::event::{EventFilter, EventKind};
use crate::model::ScalingMetric;
use crate::time::Millis;

/// The verbs, for errors, `help` and completion.
pub const VERBS: &[&str] = &[
    "activate",
    "add",
    "advance",
    "autoscale",
    "aws",
    "bad",
    "crash",
    "drain",
    "expect",
    "fail",
    "help",
    "interrupt",
    "kill",
    "label",
    "say",
    "schedule",
    "seed",
    "set",
    "step",
    "unhealthy",
];

/// One line of help per verb.
pub const HELP: &[(&str, &str)] = &[
    ("aws", "aws ecs OPERATION [flags] — the ECS calls the simulator answers:\n    create-service  update-service  delete-service  describe-services\n    run-task  stop-task  describe-tasks  list-tasks  list-services\n    register-task-definition  describe-task-definition\n    update-container-instances-state\n  also aws scheduler create-schedule | delete-schedule and\n  aws application-autoscaling register-scalable-target | put-scaling-policy\n  'aws ecs OPERATION help' (or 'help OPERATION') lists an operation's flags"),
    ("advance", "advance 90s | 2m | 1h30m — move virtual time forward"),
    ("kill", "kill service web [task 2]\nkill standalone [group family:worker] [task 1]\nkill task NAME [as NAME]\n  — stop a task, as stop-task does"),
    ("crash", "crash service web [task 1] [exit 137] [as NAME]\n  — the essential container exits"),
    ("unhealthy", "unhealthy service web [task 1] [as NAME]\n  — its health check starts failing"),
    ("label", "label service web task 1 as NAME — remember a task for later lines"),
    ("drain", "drain instance 2 — set container instance 2 DRAINING\n  (instances are numbered by zone)"),
    ("activate", "activate instance 2 — set it ACTIVE again"),
    ("fail", "fail instance 1 — the EC2 instance terminates; its tasks stop"),
    ("interrupt", "interrupt spot [az us-east-1a]\n  — AWS takes Fargate Spot capacity back: its tasks get\n    the two-minute warning and stop (SpotInterruption)"),
    ("add", "add instance t3.medium [az us-east-1b]\n  — register a new container instance"),
    ("set", "set load web 250 [memory 300] [requests 6000]\n  — CPU (and memory) demand in percent of one task,\n    requests a minute through its target group"),
    ("autoscale", "autoscale web min 2 max 10 cpu 50 | memory 60 | requests 1000\n    [scale-out-cooldown 60] [scale-in-cooldown 300]\nautoscale web off"),
    ("bad", "bad revision web image-pull | unhealthy | crash\n  — register a broken copy of the latest revision"),
    ("schedule", "schedule create NAME 'rate(1 day)' batch-job:1\n    [count 1] [launch-type FARGATE]\nschedule delete NAME"),
    ("seed", "seed 42 — the run's seed (first line only)"),
    ("expect", "expect service web running | pending | desired 3\nexpect service web steady | status ACTIVE | task-definition web:2\nexpect deployment web rollout COMPLETED | count 1\nexpect standalone [group G] running | stopped 1\nexpect task NAME status | desired | stop-code | exit-code | health | reason VALUE\nexpect instance 2 status DRAINING\nexpect [no] event KIND [field=value …]\n    kinds as in the JSON export, e.g. task-stopped group=family:batch-job exitCode=0\nexpect [no] event \"text\"\nexpect output \"text\""),
    ("step", "step \"Title\" — starts a guided step; its expect lines are its checks"),
    ("say", "say \"…\" — narration for the current step"),
    ("help", "help [VERB | OPERATION] — this list, one verb, or an aws ecs operation's flags"),
];

// The helpers that build errors stay out of line: inlined into the one big `parse`, each
// call would carry its own copy of the error's construction (kilobytes of wasm in all).
#[inline(never)]
fn need<'a>(w: &'a [String], i: usize, what: &str) -> Result<&'a str, Fail> {
    w.get(i)
        .map(String::as_str)
        .ok_or_else(|| Box::new(VerbError::Missing { verb: verb_of(w), what: what.to_string(), after: w[..i.min(w.len())].join(" ") }))
}

#[inline(never)]
fn number<T: std::str::FromStr>(w: &[String], i: usize, what: &str) -> Result<T, Fail> {
    let s = need(w, i, what)?;
    s.parse().map_err(|_| not_a_number(w, what, s))
}

#[inline(never)]
fn not_a_number(w: &[String], what: &str, found: &str) -> Fail {
    Box::new(VerbError::NotANumber { verb: verb_of(w), what: what.to_string(), found: found.to_string() })
}

#[inline(never)]
fn done(w: &[String], i: usize) -> Result<(), Fail> {
    match w.get(i) {
        None => Ok(()),
        Some(extra) => Err(Box::new(VerbError::Unexpected { verb: verb_of(w), found: extra.clone(), quote_hint: false })),
    }
}

/// `CONTEXT: expected EXPECTED, not 'FOUND'`.
#[inline(never)]
fn not_expected(context: &'static str, expected: &'static str, found: &str) -> Fail {
    Box::new(VerbError::NotExpected { context, expected, found: found.to_string() })
}

/// The line's verb, as the static word [`VERBS`] lists.
fn verb_of(w: &[String]) -> &'static str {
    VERBS.iter().copied().find(|v| *v == w[0]).expect("a verb's line is read only after its first word matched a verb")
}

/// `90s`, `2m`, `1h30m`, `500ms`, `1d`.
pub fn parse_duration(s: &str) -> Result<Millis, DurationError> {
    let bad = || DurationError { text: s.to_string() };
    let mut total: u64 = 0;
    let mut rest = s;
    if rest.is_empty() {
        return Err(bad());
    }
    while !rest.is_empty() {
        let digits = rest.find(|c: char| !c.is_ascii_digit()).ok_or_else(bad)?;
        if digits == 0 {
            return Err(bad());
        }
        let n: u64 = rest[..digits].parse().map_err(|_| bad())?;
        rest = &rest[digits..];
        let unit_len = rest.find(|c: char| c.is_ascii_digit()).unwrap_or(rest.len());
        let per = match &rest[..unit_len] {
            "ms" => 1,
            "s" => 1_000,
            "m" => 60_000,
            "h" => 3_600_000,
            "d" => 86_400_000,
            _ => return Err(bad()),
        };
        total = n.checked_mul(per).and_then(|v| total.checked_add(v)).ok_or_else(bad)?;
        rest = &rest[unit_len..];
    }
    Ok(Millis(total))
}

/// Writes a duration the way [`parse_duration`] reads it (`1h30m`, `90s` → `1m30s`).
pub fn format_duration(d: Millis) -> String {
    if d.0 == 0 {
        return "0s".into();
    }
    let mut out = String::new();
    let mut ms = d.0;
    for (unit, per) in [("d", 86_400_000), ("h", 3_600_000), ("m", 60_000), ("s", 1_000), ("ms", 1)] {
        if ms >= per {
            out.push_str(&format!("{}{unit}", ms / per));
            ms %= per;
        }
    }
    out
}

/// `service web [task 2]`, `standalone [group G] [task 1]` or `task NAME`, from word `i`;
/// returns the reference and the index after it.
fn task_ref(w: &[String], mut i: usize) -> Result<(TaskRef, usize), Fail> {
    let position = |w: &[String], i: &mut usize| -> Result<usize, Fail> {
        if w.get(*i).map(String::as_str) == Some("task") {
            let n: usize = number(w, *i + 1, "a task position")?;
            if n == 0 {
                return Err(Box::new(VerbError::ZeroPosition { verb: verb_of(w), of: Numbered::Task }));
            }
            *i += 2;
            Ok(n)
        } else {
            Ok(1)
        }
    };
    match need(w, i, "service NAME, standalone or task NAME")? {
        "service" => {
            let service = need(w, i + 1, "a service name")?.to_string();
            i += 2;
            let position = position(w, &mut i)?;
            Ok((TaskRef::Service { service, position }, i))
        }
        "standalone" => {
            i += 1;
            let mut group = None;
            if w.get(i).map(String::as_str) == Some("group") {
                group = Some(need(w, i + 1, "a task group")?.to_string());
                i += 2;
            }
            let position = position(w, &mut i)?;
            Ok((TaskRef::Standalone { group, position }, i))
        }
        "task" => Ok((TaskRef::Named(need(w, i + 1, "a task name or id")?.to_string()), i + 2)),
        other => Err(not_expected(verb_of(w), "service NAME, standalone or task NAME", other)),
    }
}

fn instance_ref(w: &[String], i: usize) -> Result<(InstanceRef, usize), Fail> {
    if need(w, i, "instance")? != "instance" {
        return Err(not_expected(verb_of(w), "'instance'", &w[i]));
    }
    let v = need(w, i + 1, "an instance number or id")?;
    if v == "id" {
        return Ok((InstanceRef::Id(need(w, i + 2, "an instance id")?.to_string()), i + 3));
    }
    if !v.is_empty() && v.len() <= 4 && v.chars().all(|c| c.is_ascii_digit()) {
        // One to four ASCII digits always parse.
        let n: usize = v.parse().unwrap_or(0);
        if n == 0 {
            return Err(Box::new(VerbError::ZeroPosition { verb: verb_of(w), of: Numbered::Instance }));
        }
        return Ok((InstanceRef::Position(n), i + 2));
    }
    Ok((InstanceRef::Id(v.to_string()), i + 2))
}

fn label(w: &[String], i: usize) -> Result<(Option<String>, usize), Fail> {
    if w.get(i).map(String::as_str) == Some("as") {
        Ok((Some(need(w, i + 1, "a name")?.to_string()), i + 2))
    } else {
        Ok((None, i))
    }
}

/// Parses a line that does not start with `aws`.
pub fn parse(w: &[String]) -> Result<Stmt, VerbError> {
    parse_verb(w).map_err(|e| *e)
}

fn parse_verb(w: &[String]) -> Result<Stmt, Fail> {
    let verb = w[0].as_str();
    match verb {
        "advance" => {
            let d = parse_duration(need(w, 1, "a duration")?).map_err(|error| Box::new(VerbError::Duration { verb: "advance", error }))?;
            done(w, 2)?;
            Ok(Stmt::Advance(d))
        }
        "seed" => {
            let n = number(w, 1, "a seed")?;
            done(w, 2)?;
            Ok(Stmt::Seed(n))
        }
        "kill" | "crash" | "unhealthy" | "label" => {
            let (task, mut i) = task_ref(w, 1)?;
            let mut action = match verb {
                "kill" => TaskAction::Kill,
                "crash" => TaskAction::Crash(1),
                "unhealthy" => TaskAction::Unhealthy,
                _ => TaskAction::Label,
            };
            if verb == "crash" && w.get(i).map(String::as_str) == Some("exit") {
                action = TaskAction::Crash(number(w, i + 1, "an exit code")?);
                i += 2;
            }
            let (label, i) = label(w, i)?;
            done(w, i)?;
            if verb == "label" && label.is_none() {
                return Err(Box::new(VerbError::LabelWithoutName));
            }
            Ok(Stmt::Task { action, task, label })
        }
        "drain" | "activate" | "fail" => {
            let (instance, i) = instance_ref(w, 1)?;
            done(w, i)?;
            let action = match verb {
                "drain" => InstanceAction::Drain,
                "activate" => InstanceAction::Activate,
                _ => InstanceAction::Fail,
            };
            Ok(Stmt::Instance { action, instance })
        }
        "add" => {
            if need(w, 1, "'instance'")? != "instance" {
                return Err(not_expected("add", "'instance'", &w[1]));
            }
            let instance_type = need(w, 2, "an instance type")?.to_string();
            if w.get(3).map(String::as_str) == Some("az") {
                let availability_zone = need(w, 4, "an availability zone")?.to_string();
                done(w, 5)?;
                return Ok(Stmt::Apply(Command::AddInstance { instance_type, availability_zone }));
            }
            done(w, 3)?;
            Ok(Stmt::AddInstance { instance_type })
        }
        "interrupt" => {
            if need(w, 1, "'spot'")? != "spot" {
                return Err(not_expected("interrupt", "'spot'", &w[1]));
            }
            let mut availability_zone = None;
            let mut i = 2;
            if w.get(2).map(String::as_str) == Some("az") {
                availability_zone = Some(need(w, 3, "an availability zone")?.to_string());
                i = 4;
            }
            done(w, i)?;
            Ok(Stmt::Apply(Command::InterruptSpot { availability_zone }))
        }
        "set" => {
            if need(w, 1, "'load'")? != "load" {
                return Err(not_expected("set", "'load'", &w[1]));
            }
            let service = need(w, 2, "a service name")?.to_string();
            let cpu_demand_percent = number(w, 3, "the CPU demand (percent of one task)")?;
            let (mut memory_demand_percent, mut requests_per_minute) = (None, None);
            let mut i = 4;
            while i < w.len() {
                let n = number(w, i + 1, &format!("a value for {}", w[i]))?;
                match w[i].as_str() {
                    "memory" => memory_demand_percent = Some(n),
                    "requests" => requests_per_minute = Some(n),
                    k => {
                        return Err(Box::new(VerbError::UnknownSetting {
                            verb: "set",
                            setting: k.to_string(),
                            choices: "memory or requests",
                        }))
                    }
                }
                i += 2;
            }
            Ok(Stmt::Apply(Command::SetLoad { service, cpu_demand_percent, memory_demand_percent, requests_per_minute }))
        }
        "bad" => {
            if need(w, 1, "'revision'")? != "revision" {
                return Err(not_expected("bad", "'revision'", &w[1]));
            }
            let family = need(w, 2, "a task definition family")?.to_string();
            let fault = match need(w, 3, "image-pull, unhealthy or crash")? {
                "image-pull" => Fault::ImagePull,
                "unhealthy" => Fault::Unhealthy,
                "crash" => Fault::CrashOnStart,
                f => {
                    return Err(Box::new(VerbError::NotAChoice {
                        context: "bad revision",
                        what: "the fault",
                        choices: Choices::Or(&["image-pull", "unhealthy", "crash"]),
                        found: f.to_string(),
                    }))
                }
            };
            done(w, 4)?;
            Ok(Stmt::Apply(Command::RegisterFaultyRevision { family, fault }))
        }
        "autoscale" => autoscale(w),
        "schedule" => schedule(w),
        "expect" => expect(w).map(Stmt::Expect),
        "step" | "say" => {
            let text = need(w, 1, "some text in quotes")?.to_string();
            if let Some(extra) = w.get(2) {
                return Err(Box::new(VerbError::Unexpected { verb: verb_of(w), found: extra.clone(), quote_hint: true }));
            }
            Ok(if verb == "step" { Stmt::Step(text) } else { Stmt::Say(text) })
        }
        "help" => Ok(Stmt::Help(w.get(1).cloned())),
        other => Err(Box::new(VerbError::UnknownCommand { name: other.to_string(), verbs: VERBS })),
    }
}

fn autoscale(w: &[String]) -> Result<Stmt, Fail> {
    let service = need(w, 1, "a service name")?.to_string();
    if w.get(2).map(String::as_str) == Some("off") {
        done(w, 3)?;
        return Ok(Stmt::Apply(Command::DeleteScalingPolicy { service }));
    }
    let (mut min, mut max, mut target, mut out, mut inn) = (None, None, None, 300, 300);
    let mut i = 2;
    while i < w.len() {
        let n: u32 = number(w, i + 1, &format!("a value for {}", w[i]))?;
        match w[i].as_str() {
            "min" => min = Some(n),
            "max" => max = Some(n),
            "cpu" => target = Some((ScalingMetric::Cpu, n)),
            "memory" => target = Some((ScalingMetric::Memory, n)),
            "requests" => target = Some((ScalingMetric::RequestCountPerTarget, n)),
            "scale-out-cooldown" => out = n,
            "scale-in-cooldown" => inn = n,
            k => {
                return Err(Box::new(VerbError::UnknownSetting {
                    verb: "autoscale",
                    setting: k.to_string(),
                    choices: "min, max, cpu, memory, requests, scale-out-cooldown, scale-in-cooldown or off",
                }))
            }
        }
        i += 2;
    }
    let missing =
        |v: Option<u32>, setting: &'static str| v.ok_or_else(|| Box::new(VerbError::MissingSetting { verb: "autoscale", setting }));
    let (min_capacity, max_capacity) = (missing(min, "min")?, missing(max, "max")?);
    let (metric, target_value) = target.ok_or_else(|| Box::new(VerbError::MissingSetting { verb: "autoscale", setting: "cpu" }))?;
    Ok(Stmt::Apply(Command::PutScalingPolicy {
        service,
        min_capacity,
        max_capacity,
        metric,
        target_value,
        scale_out_cooldown: out,
        scale_in_cooldown: inn,
    }))
}

fn schedule(w: &[String]) -> Result<Stmt, Fail> {
    match need(w, 1, "create or delete")? {
        "delete" => {
            let name = need(w, 2, "a schedule name")?.to_string();
            done(w, 3)?;
            Ok(Stmt::Apply(Command::DeleteSchedule { name }))
        }
        "create" => {
            let name = need(w, 2, "a schedule name")?.to_string();
            let schedule_expression = need(w, 3, "an expression such as 'rate(1 day)'")?.to_string();
            let task_definition = need(w, 4, "a task definition")?.to_string();
            let (mut count, mut launch_type) = (1, crate::model::LaunchType::Ec2);
            let mut i = 5;
            while i < w.len() {
                match w[i].as_str() {
                    "count" => count = number(w, i + 1, "a count")?,
                    "launch-type" => {
                        launch_type = match need(w, i + 1, "EC2 or FARGATE")? {
                            "EC2" => crate::model::LaunchType::Ec2,
                            "FARGATE" => crate::model::LaunchType::Fargate,
                            l => {
                                return Err(Box::new(VerbError::NotAChoice {
                                    context: "schedule",
                                    what: "launch-type",
                                    choices: Choices::Or(&["EC2", "FARGATE"]),
                                    found: l.to_string(),
                                }))
                            }
                        }
                    }
                    k => {
                        return Err(Box::new(VerbError::UnknownSetting {
                            verb: "schedule",
                            setting: k.to_string(),
                            choices: "count or launch-type",
                        }))
                    }
                }
                i += 2;
            }
            Ok(Stmt::Apply(Command::CreateSchedule { name, schedule_expression, task_definition, count, launch_type }))
        }
        s => Err(not_expected("schedule", "create or delete", s)),
    }
}

const SERVICE_STATUSES: &[&str] = &["ACTIVE", "DRAINING", "INACTIVE"];
const ROLLOUTS: &[&str] = &["IN_PROGRESS", "COMPLETED", "FAILED"];
const TASK_FIELDS: &[&str] = &["status", "desired", "stop-code", "exit-code", "health", "reason"];

fn one_of(what: &'static str, v: &str, allowed: &'static [&'static str]) -> Result<String, Fail> {
    if allowed.contains(&v) {
        Ok(v.to_string())
    } else {
        Err(Box::new(VerbError::NotAChoice { context: "expect", what, choices: Choices::OneOf(allowed), found: v.to_string() }))
    }
}

/// `KIND field=value…` when the first word names an event kind, else one quoted text.
fn event_check(w: &[String], i: usize) -> Result<EventCheck, Fail> {
    let first = need(w, i, "an event kind (such as steady-state) or the text to find, in quotes")?;
    if EventKind::NAMES.contains(&first) {
        let filter = EventFilter::new(first, w[i + 1..].iter().map(String::as_str)).map_err(|e| Box::new(VerbError::BadEventFilter(e)))?;
        return Ok(EventCheck::Kind(filter));
    }
    done(w, i + 1)?;
    Ok(EventCheck::Text(first.to_string()))
}

fn expect(w: &[String]) -> Result<Expect, Fail> {
    let e = match need(w, 1, "service, deployment, standalone, task, instance, event, no event or output")? {
        "service" => {
            let s = need(w, 2, "a service name")?.to_string();
            let (e, n) = match need(w, 3, "running, pending, desired, steady, status or task-definition")? {
                "steady" => (Expect::Steady(s), 4),
                "status" => (Expect::ServiceStatus(s, one_of("status", need(w, 4, "a status")?, SERVICE_STATUSES)?), 5),
                "task-definition" => (Expect::ServiceTaskDefinition(s, need(w, 4, "family:revision")?.to_string()), 5),
                c @ ("running" | "pending" | "desired") => {
                    let which = match c {
                        "running" => ServiceCount::Running,
                        "pending" => ServiceCount::Pending,
                        _ => ServiceCount::Desired,
                    };
                    (Expect::ServiceCount { service: s, which, n: number(w, 4, "a count")? }, 5)
                }
                o => return Err(not_expected("expect service", "running, pending, desired, steady, status or task-definition", o)),
            };
            done(w, n)?;
            e
        }
        "deployment" => {
            let s = need(w, 2, "a service name")?.to_string();
            let e = match need(w, 3, "rollout or count")? {
                "rollout" => Expect::Rollout(s, one_of("rollout", need(w, 4, "a rollout state")?, ROLLOUTS)?),
                "count" => Expect::Deployments(s, number(w, 4, "a count")?),
                o => return Err(not_expected("expect deployment", "rollout or count", o)),
            };
            done(w, 5)?;
            e
        }
        "standalone" => {
            let mut i = 2;
            let mut group = None;
            if w.get(i).map(String::as_str) == Some("group") {
                group = Some(need(w, i + 1, "a task group")?.to_string());
                i += 2;
            }
            let running = match need(w, i, "running or stopped")? {
                "running" => true,
                "stopped" => false,
                o => return Err(not_expected("expect standalone", "running or stopped", o)),
            };
            let n = number(w, i + 1, "a count")?;
            done(w, i + 2)?;
            Expect::Standalone { group, running, n }
        }
        "task" => {
            let (task, i) = task_ref(w, 1)?;
            let field = one_of("the task field", need(w, i, "a field")?, TASK_FIELDS)?;
            let value = need(w, i + 1, "a value")?.to_string();
            done(w, i + 2)?;
            Expect::Task { task, field, value }
        }
        "instance" => {
            let (inst, i) = instance_ref(w, 1)?;
            if need(w, i, "'status'")? != "status" {
                return Err(not_expected("expect instance", "'status'", &w[i]));
            }
            let status = one_of("the instance status", need(w, i + 1, "a status")?, SERVICE_STATUSES)?;
            done(w, i + 2)?;
            Expect::InstanceStatus(inst, status)
        }
        "event" => Expect::Event { what: event_check(w, 2)?, present: true },
        "no" => {
            if need(w, 2, "'event'")? != "event" {
                return Err(not_expected("expect no", "'event'", &w[2]));
            }
            Expect::Event { what: event_check(w, 3)?, present: false }
        }
        "output" => {
            let text = need(w, 2, "the text to find, in quotes")?.to_string();
            done(w, 3)?;
            Expect::Output(text)
        }
        o => return Err(not_expected("expect", "service, deployment, standalone, task, instance, event, no event or output", o)),
    };
    Ok(e)
}
