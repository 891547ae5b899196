//! Events as data: kinds and their names, typed `expect event` checks, the lossless queue.

use ecs_sim_core::event::EventFilter;
use ecs_sim_core::script::{run_script, scenarios};
use ecs_sim_core::{Command, EventKind, LaunchType, Millis, SimConfig, Simulation};
use std::collections::BTreeSet;

/// One event of every kind (the match in `EventKind::facts` is exhaustive, so a new variant
/// must be named there; this list must grow with it or the count below fails).
fn one_of_each() -> Vec<EventKind> {
    use ecs_sim_core::event::TaskRef;
    use ecs_sim_core::{HealthStatus, ScalingReason, StopCode, TaskStatus};
    let s = |v: &str| v.to_string();
    let t = TaskRef { task: s("t1"), service: None, group: s("family:batch-job") };
    let ids = vec![s("t1"), s("t2")];
    let zones = vec![s("us-east-1a"), s("us-east-1b"), s("us-east-1c")];
    let svc = s("web");
    vec![
        EventKind::ClusterReady { cluster: s("c"), region: s("us-east-1"), instances: 3 },
        EventKind::InstanceTypeSkipped { instance_type: s("x") },
        EventKind::InstanceRegistered { instance: s("i"), ec2_instance: s("e"), instance_type: s("m5.large"), az: s("us-east-1a") },
        EventKind::InstanceDraining { ec2_instance: s("e"), standalone_left: 1 },
        EventKind::InstanceActive { ec2_instance: s("e") },
        EventKind::InstanceTerminated { ec2_instance: s("e"), tasks: ids.clone() },
        EventKind::TaskDefinitionRegistered { task_definition: s("web:2") },
        EventKind::RunTaskNotPlaced { task_definition: s("web:1"), requested: 2, failures: vec![s("RESOURCE:CPU")] },
        EventKind::ScheduleCreated { schedule: s("n"), expression: s("rate(1 hour)"), task_definition: s("b:1"), first_run: None },
        EventKind::ScheduleDeleted { schedule: s("n") },
        EventKind::ScheduleFired { schedule: s("n"), task_definition: s("b:1"), tasks: ids.clone(), failures: vec![] },
        EventKind::TaskCreated {
            task: t.clone(),
            ec2_instance: None,
            az: s("us-east-1a"),
            task_definition: s("b:1"),
            status: TaskStatus::Provisioning,
            capacity_provider: Some(ecs_sim_core::CapacityProvider::FargateSpot),
        },
        EventKind::TaskRunning { task: t.clone() },
        EventKind::TaskStopping {
            task: t.clone(),
            stop_code: StopCode::UserInitiated,
            reason: s("r"),
            from: TaskStatus::Running,
            to: TaskStatus::Deactivating,
            exit_code: Some(143),
        },
        EventKind::SpotInterruptionWarning { task: t.clone(), stop_by: Millis::mins(2) },
        EventKind::TaskStopped { task: t.clone(), stop_code: Some(StopCode::EssentialContainerExited), exit_code: Some(0) },
        EventKind::HealthFaultInjected { task: t.clone() },
        EventKind::HealthUnobserved { task: t.clone() },
        EventKind::HealthStatusChanged { task: t, health: HealthStatus::Unhealthy },
        EventKind::TargetUnhealthy { service: svc.clone(), task: s("t1"), port: 80, target_group: s("arn") },
        EventKind::ContainerUnhealthy { service: svc.clone(), task: s("t1") },
        EventKind::TargetsRegistered { service: svc.clone(), target_group: s("arn"), tasks: ids.clone() },
        EventKind::TargetsDeregistered { service: svc.clone(), target_group: s("arn"), tasks: ids.clone() },
        EventKind::ConnectionsDraining { service: svc.clone(), task_set: s("ecs-svc/1"), tasks: ids.clone() },
        EventKind::AutoScaled {
            service: svc.clone(),
            from: 2,
            to: 4,
            reason: ScalingReason::AboveTarget { metric: ecs_sim_core::ScalingMetric::Cpu, value: 90, target: 50 },
        },
        EventKind::StartThrottled { service: svc.clone() },
        EventKind::DeploymentFailed { service: svc.clone(), deployment: s("ecs-svc/2"), failed_tasks: 3 },
        EventKind::RollingBack { service: svc.clone(), deployment: s("ecs-svc/2"), to: s("ecs-svc/1") },
        EventKind::DeploymentBlocked { service: svc.clone() },
        EventKind::TasksStarted { service: svc.clone(), tasks: ids.clone(), replaced_unhealthy: 1 },
        EventKind::TaskNotPlaced { service: svc.clone(), closest: None, missing: None },
        EventKind::SpotCapacityUnavailable { service: svc.clone() },
        EventKind::TasksStopped { service: svc.clone(), tasks: ids.clone() },
        EventKind::ServiceDeleted { service: svc.clone() },
        EventKind::DeploymentCompleted { service: svc.clone(), deployment: s("ecs-svc/1") },
        EventKind::SteadyState { service: svc.clone() },
        EventKind::RebalancingStarted { service: svc.clone(), zones: zones.clone(), tasks_per_zone: vec![0, 2, 1] },
        EventKind::RebalancingCompleted { service: svc.clone(), zones, tasks_per_zone: vec![1, 1, 1] },
        EventKind::RebalanceTasksStarted { service: svc.clone(), az: s("us-east-1a"), tasks: vec![s("t1")] },
        EventKind::RebalanceTasksStopped { service: svc, az: s("us-east-1b"), tasks: ids },
    ]
}

#[test]
fn every_kind_has_one_of_the_listed_names_and_a_json_form_from_its_facts() {
    let all = one_of_each();
    let names: BTreeSet<&str> = all.iter().map(EventKind::name).collect();
    assert_eq!(names.len(), all.len(), "names are distinct");
    assert_eq!(names, EventKind::NAMES.iter().copied().collect(), "NAMES lists exactly the kinds");
    for kind in &all {
        let json = serde_json::to_value(kind).unwrap();
        assert_eq!(json["type"], kind.name());
        let (_, facts) = kind.facts();
        assert_eq!(json.as_object().unwrap().len(), facts.len() + 1, "{json}");
        assert!(!ecs_sim_core::event::wording::message(kind).is_empty());
    }
    let stopped = serde_json::to_value(&all[15]).unwrap();
    assert_eq!(
        stopped,
        serde_json::json!({"type": "task-stopped", "task": "t1", "service": null, "group": "family:batch-job", "stopCode": "EssentialContainerExited", "exitCode": 0})
    );
}

#[test]
fn every_scenario_event_has_a_known_kind_and_a_message_from_its_fields() {
    let mut seen = BTreeSet::new();
    for (name, _, text) in scenarios() {
        let run = run_script(text, None, None).unwrap_or_else(|e| panic!("{name}: {e}"));
        for e in &run.events {
            let tag = e.kind.name().to_string();
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

/// API `Service.events`: "The event stream for your service. A maximum of 100 of the latest events
/// are displayed." describe-services returns that many, newest first.
#[test]
fn describe_services_returns_up_to_the_100_latest_service_events() {
    let mut text = String::from("aws ecs create-service --service-name web --task-definition web:1 --desired-count 2\nadvance 2m\n");
    for _ in 0..40 {
        text.push_str("aws ecs update-service --service web --desired-count 3\nadvance 1m\naws ecs update-service --service web --desired-count 2\nadvance 1m\n");
    }
    let run = ecs_sim_core::script::run_script(&text, None, None).unwrap();
    let svc = &run.sim.services()["web"];
    let events = ecs_sim_core::script::service_json(&run.sim, svc)["events"].as_array().unwrap().clone();
    let of_service = run.events.iter().filter(|e| e.kind.scope() == ecs_sim_core::Scope::Service && e.service() == Some("web")).count();
    assert!(of_service > 100, "the run has {of_service} service events");
    assert_eq!(events.len(), 100);
    let newest = run.events.iter().rev().find(|e| e.kind.scope() == ecs_sim_core::Scope::Service).unwrap();
    assert_eq!(events[0]["message"], newest.message().as_str());
}
