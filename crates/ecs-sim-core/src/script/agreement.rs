//! The front ends agree: the headless runner, a host shaped like the page's console and the
//! guided steps run the same statements to the same cluster, the same output and the same
//! failures, through [`Session::execute`].

use super::driver::{Executed, Host, Refusal};
use super::record::EventRecord;
use super::run::{run_body, split_seed, Run, ScriptError};
use super::session::Session;
use super::stmt_error::StmtError;
use crate::command::Command;
use crate::sim::{Outcome, SimConfig, Simulation};
use crate::time::Millis;

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
    split_seed(text).and_then(|(_, body)| run_body(config(), &body, None, false, &mut |_| {}))
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
    assert!(!page.sim.events().iter().any(|e| e.message().contains("is ready with")));
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
