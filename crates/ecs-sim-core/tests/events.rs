//! Events as data: kinds and their names, typed `expect event` checks, the lossless queue.

use ecs_sim_core::event::EventFilter;
use ecs_sim_core::script::{run_script, scenarios};
use ecs_sim_core::{Command, EventKind, LaunchType, Millis, SimConfig, Simulation};
use std::collections::BTreeSet;

#[test]
fn the_kind_names_are_exactly_the_serde_tags() {
    // serde lists every variant it knows when a tag is unknown: that list is the truth.
    let err = serde_json::from_str::<EventKind>(r#"{"type":"no-such-kind"}"#).unwrap_err().to_string();
    let listed: BTreeSet<&str> = err.split('`').skip(3).step_by(2).collect();
    let names: BTreeSet<&str> = EventKind::NAMES.iter().copied().collect();
    assert_eq!(names.len(), EventKind::NAMES.len(), "names are distinct");
    assert_eq!(listed, names, "{err}");
}

#[test]
fn every_scenario_event_has_a_known_kind_and_a_message_from_its_fields() {
    let mut seen = BTreeSet::new();
    for (name, _, text) in scenarios() {
        let run = run_script(text, None, None).unwrap_or_else(|e| panic!("{name}: {e}"));
        for e in &run.events {
            let json = serde_json::to_value(&e.kind).unwrap();
            let tag = json["type"].as_str().unwrap().to_string();
            assert!(EventKind::NAMES.contains(&tag.as_str()), "{tag}");
            assert!(!e.message().is_empty());
            assert_eq!(e.severity, e.kind.severity());
            seen.insert(tag);
        }
    }
    assert!(seen.len() >= 15, "the scenarios show many kinds of event: {seen:?}");
}

#[test]
fn a_typed_expect_that_does_not_hold_fails_and_says_what_it_looked_for() {
    let script = "aws ecs create-service --service-name web --task-definition web:1 --desired-count 2\nadvance 2m\n";
    assert!(run_script(&format!("{script}expect event steady-state service=web\n"), None, None).is_ok());
    let err = run_script(&format!("{script}expect event steady-state service=api\n"), None, None).unwrap_err().to_string();
    assert!(err.contains("no event matches: expected a steady-state service=api event"), "{err}");
    let err = run_script(&format!("{script}expect no event tasks-started service=web\n"), None, None).unwrap_err().to_string();
    assert!(err.contains("expected no such event, found a tasks-started service=web event"), "{err}");
}

#[test]
fn filters_read_lists_numbers_and_absent_values() {
    let mut sim = Simulation::new(SimConfig::default());
    sim.apply(Command::run_task("batch-job:1", 2, LaunchType::Ec2)).unwrap();
    sim.advance_to(Millis::secs(600));
    let events = sim.drain_events();
    let stopped = |f: &EventFilter| events.iter().filter(|e| f.matches(e)).count();
    let task = events.iter().find_map(|e| e.kind.task_ref()).unwrap().task.clone();
    assert_eq!(stopped(&EventFilter::new("task-stopped", ["service=none", "exitCode=0"]).unwrap()), 2);
    assert_eq!(stopped(&EventFilter::new("task-stopped", ["exitCode=1"]).unwrap()), 0);
    assert_eq!(stopped(&EventFilter::new("task-created", [format!("task={task}").as_str()]).unwrap()), 1);
    assert!(EventFilter::new("task-exploded", []).is_err());
}

#[test]
fn drain_returns_every_event_even_past_the_history_cap() {
    let mut sim = Simulation::new(SimConfig { event_cap: 10, ..SimConfig::default() });
    sim.apply(Command::create_service("web", "web:1", 6, LaunchType::Ec2)).unwrap();
    let mut drained = sim.drain_events();
    for minute in 1..=10 {
        sim.advance_to(Millis::secs(60 * minute));
        if minute == 3 {
            let id = sim.tasks().values().find(|t| t.service.is_some()).unwrap().id.clone();
            sim.apply(Command::StopTask { task: id, reason: None }).unwrap();
        }
        drained.extend(sim.drain_events());
    }
    assert!(drained.len() > 20, "{}", drained.len());
    assert_eq!(sim.events().len(), 10, "the history is capped");
    let ids: Vec<u64> = drained.iter().map(|e| e.id).collect();
    assert_eq!(ids, (1..=ids.len() as u64).collect::<Vec<_>>(), "no gap, no repeat, in order");
    assert_eq!(sim.events().back().map(|e| e.id), ids.last().copied());
    assert!(sim.drain_events().is_empty());
}
