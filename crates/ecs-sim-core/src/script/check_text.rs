//! A scenario's checks as a learner reads them: `expect event task-stopped service=web
//! stopCode=UserInitiated` is shown as "A task stopped (service web, stop code UserInitiated)".

use super::stmt::{EventCheck, Expect, InstanceRef, ServiceCount, TaskRef};

impl Expect {
    /// The check as a sentence, for the guide's list of checks.
    pub fn sentence(&self) -> String {
        match self {
            Expect::ServiceCount { service, which: ServiceCount::Desired, n } => {
                format!("Service {service} wants {n} {}", tasks(*n as usize))
            }
            Expect::ServiceCount { service, which, n } => {
                let state = if *which == ServiceCount::Running { "RUNNING" } else { "starting" };
                format!("Service {service} has {n} {} {state}", tasks(*n as usize))
            }
            Expect::Steady(s) => format!("Service {s} has reached a steady state"),
            Expect::ServiceStatus(s, status) => format!("Service {s} is {status}"),
            Expect::ServiceTaskDefinition(s, td) => format!("Service {s}'s primary deployment runs {td}"),
            Expect::Rollout(s, state) => format!("Service {s}'s primary deployment is {state}"),
            Expect::Deployments(s, 1) => format!("Service {s} is down to one deployment"),
            Expect::Deployments(s, n) => format!("Service {s} lists {n} deployments"),
            Expect::Standalone { group, running, n } => format!(
                "{n} standalone {}{} {}",
                tasks(*n),
                group.as_deref().map(|g| format!(" of {}", group_words(g))).unwrap_or_default(),
                if *running { "RUNNING" } else { "STOPPED" }
            ),
            Expect::Task { task, field, value } => format!("{}: {} is {value}", task_words(task), words(field)),
            Expect::InstanceStatus(i, status) => match i {
                InstanceRef::Position(n) => format!("Instance {n} is {status}"),
                InstanceRef::Id(id) => format!("Instance {id} is {status}"),
            },
            Expect::Event { what: EventCheck::Text(t), present } => {
                format!("The event log {} a line with “{t}”", if *present { "has" } else { "has no" })
            }
            Expect::Event { what: EventCheck::Kind(f), present } => {
                let facts: Vec<String> = f.fields.iter().map(|(k, v)| fact(k, v)).collect();
                let detail = if facts.is_empty() { String::new() } else { format!(" ({})", facts.join(", ")) };
                let what = happened(&f.kind);
                if *present {
                    format!("{what}{detail}")
                } else {
                    format!("Not once: {}{detail}", lower_first(&what))
                }
            }
            Expect::Output(t) => format!("The answer contains “{t}”"),
        }
    }
}

fn tasks(n: usize) -> &'static str {
    if n == 1 {
        "task"
    } else {
        "tasks"
    }
}

/// What an event of `kind` says happened.
fn happened(kind: &str) -> String {
    match kind {
        "task-stopped" => "A task stopped".into(),
        "task-stopping" => "A task was set to stop".into(),
        "tasks-started" => "The service started tasks".into(),
        "deployment-completed" => "A deployment completed".into(),
        "deployment-failed" => "A deployment failed".into(),
        "rolling-back" => "The service rolled back".into(),
        "instance-terminated" => "An instance was terminated".into(),
        "schedule-created" => "A schedule was created".into(),
        "schedule-fired" => "A schedule started a task".into(),
        "task-not-placed" => "A task could not be placed".into(),
        other => format!("A {} event was logged", other.replace('-', " ")),
    }
}

fn fact(key: &str, value: &str) -> String {
    match (key, value) {
        ("service", "none") => "a standalone task".into(),
        ("group", g) => group_words(g),
        ("from", v) => format!("it was {v}"),
        (k, v) => format!("{} {v}", words(k)),
    }
}

fn group_words(group: &str) -> String {
    match group.split_once(':') {
        Some(("family", f)) => format!("task family {f}"),
        Some(("service", s)) => format!("service {s}"),
        _ => format!("group {group}"),
    }
}

fn task_words(t: &TaskRef) -> String {
    match t {
        TaskRef::Service { service, position } => format!("Task {position} of service {service}"),
        TaskRef::Standalone { group: Some(g), position } => format!("Standalone task {position} of {}", group_words(g)),
        TaskRef::Standalone { group: None, position } => format!("Standalone task {position}"),
        TaskRef::Named(n) => format!("Task {n}"),
    }
}

/// `stopCode` → `stop code`, `stop-code` → `stop code`.
fn words(key: &str) -> String {
    let mut out = String::new();
    for ch in key.chars() {
        match ch {
            '-' | '_' => out.push(' '),
            c if c.is_ascii_uppercase() => {
                out.push(' ');
                out.push(c.to_ascii_lowercase());
            }
            c => out.push(c),
        }
    }
    out
}

/// ASCII only, on purpose: the sentences above start with ASCII letters, and `char::to_lowercase`
/// would bring about 12 KB of Unicode tables into the page's wasm.
fn lower_first(s: &str) -> String {
    let mut out = s.to_string();
    if let Some(first) = out.get_mut(..1) {
        first.make_ascii_lowercase();
    }
    out
}

#[cfg(test)]
mod tests {
    use crate::script::guide;

    fn sentences(text: &str) -> Vec<String> {
        guide(text).unwrap().steps.iter().flat_map(|s| s.checks.iter().map(|(_, e)| e.sentence())).collect()
    }

    /// The checks of the service-vs-standalone scenario read as sentences, not script.
    #[test]
    fn checks_read_as_sentences() {
        let s = sentences(
            "step \"a\"\nexpect service web running 3\nexpect service web steady\nexpect standalone group family:worker running 1\n\
             expect event task-stopped service=web stopCode=UserInitiated\n\
             expect no event task-stopping service=web stopCode=ServiceSchedulerInitiated from=RUNNING\nexpect deployment web count 1\n",
        );
        assert_eq!(
            s,
            [
                "Service web has 3 tasks RUNNING",
                "Service web has reached a steady state",
                "1 standalone task of task family worker RUNNING",
                "A task stopped (service web, stop code UserInitiated)",
                "Not once: a task was set to stop (service web, stop code ServiceSchedulerInitiated, it was RUNNING)",
                "Service web is down to one deployment",
            ]
        );
    }

    /// No built-in scenario checks a task by a label: a label exists only when the scenario's own
    /// command made it, so a learner doing the step by hand could never tick that check.
    #[test]
    fn no_built_in_check_needs_a_label_the_learner_cannot_make() {
        for (name, _, text) in crate::script::scenarios() {
            for step in guide(text).unwrap().steps {
                for (line, e) in &step.checks {
                    let labelled = matches!(e, crate::script::Expect::Task { task: crate::script::TaskRef::Named(_), .. });
                    assert!(!labelled, "{name}, line {line}: {e:?} checks a labelled task");
                }
            }
        }
    }
}
