//! Fargate Spot through a capacity provider strategy.
//!
//! - "AWS Fargate capacity providers" (Fargate Spot interruptions, the two-minute warning sent
//!   as a task state change and SIGTERM, the service scheduler launching replacements):
//!   <https://docs.aws.amazon.com/AmazonECS/latest/developerguide/fargate-capacity-providers.html>
//! - "Amazon ECS capacity provider strategies" (base first, then weights):
//!   <https://docs.aws.amazon.com/AmazonECS/latest/developerguide/cluster-capacity-providers.html>
//! - API `CapacityProviderStrategyItem` (weight 0–1000, base 0–100000) and the CreateService and
//!   RunTask error for a launch type given with a strategy.

use ecs_sim_core::script::{self, Stmt};
use ecs_sim_core::*;

fn sim() -> Simulation {
    Simulation::new(SimConfig { seed: 7, ..SimConfig::default() })
}

fn command(line: &str) -> Command {
    match script::parse_line(line) {
        Ok(Stmt::Apply(c)) => c,
        other => panic!("{line}: {other:?}"),
    }
}

fn live<'a>(sim: &'a Simulation, service: &'a str) -> impl Iterator<Item = &'a Task> + 'a {
    sim.tasks().values().filter(move |t| t.service.as_deref() == Some(service) && t.desired_status == DesiredStatus::Running)
}

fn on(sim: &Simulation, service: &str, p: CapacityProvider) -> usize {
    live(sim, service).filter(|t| t.capacity_provider == Some(p)).count()
}

const MIXED: &str = "aws ecs create-service --service-name web --task-definition web:1 --desired-count 5 \
    --capacity-provider-strategy capacityProvider=FARGATE,base=1,weight=1 capacityProvider=FARGATE_SPOT,weight=3";

#[test]
fn a_strategy_puts_the_base_on_fargate_and_shares_the_rest_by_weight() {
    let mut sim = sim();
    sim.apply(command(MIXED)).unwrap();
    sim.advance_by(Millis::secs(90));
    // Base 1 on FARGATE, then the other four at 1:3.
    assert_eq!(on(&sim, "web", CapacityProvider::Fargate), 2);
    assert_eq!(on(&sim, "web", CapacityProvider::FargateSpot), 3);
    assert!(live(&sim, "web").all(|t| t.launch_type == LaunchType::Fargate && t.container_instance.is_none()));
    let svc = &sim.services()["web"];
    assert_eq!(svc.capacity_provider_strategy.len(), 2);
}

#[test]
fn an_interrupted_service_task_gets_the_warning_stops_with_spot_interruption_and_is_replaced_on_spot() {
    let mut sim = sim();
    sim.apply(command(MIXED)).unwrap();
    sim.advance_by(Millis::secs(90));
    let spot: Vec<String> =
        live(&sim, "web").filter(|t| t.capacity_provider == Some(CapacityProvider::FargateSpot)).map(|t| t.id.clone()).collect();
    sim.drain_events();
    let out = sim.apply(command("interrupt spot")).unwrap();
    assert_eq!(out.tasks.len(), 3, "every Spot task is interrupted");
    let events = sim.drain_events();
    let warned = events.iter().filter(|e| matches!(e.kind, EventKind::SpotInterruptionWarning { .. })).count();
    assert_eq!(warned, 3, "one two-minute warning per task");
    let warning = events.iter().find(|e| matches!(e.kind, EventKind::SpotInterruptionWarning { .. })).unwrap();
    assert!(warning.message().contains("Spot interruption warning"), "{}", warning.message());
    // The warning comes with SIGTERM: the tasks are on their way down at once.
    for id in &spot {
        assert_eq!(sim.task(id).unwrap().desired_status, DesiredStatus::Stopped);
    }
    sim.advance_by(Millis::mins(2));
    for id in &spot {
        let t = sim.task(id).expect("a stopped task is kept for a while");
        assert_eq!(t.last_status, TaskStatus::Stopped, "stopped within the two minutes");
        assert_eq!(t.stop_code, Some(StopCode::SpotInterruption));
        assert_eq!(t.stopped_reason.as_deref(), Some("Your Spot Task was interrupted."));
    }
    // Every zone's Spot capacity was taken: the service cannot place the replacements, and it
    // does not put them on on-demand FARGATE instead (ECS best practices, "Fargate Spot
    // termination notices": "Fargate doesn't replace Spot capacity with on-demand capacity").
    assert_eq!(on(&sim, "web", CapacityProvider::Fargate), 2, "on-demand tasks are not interrupted, nor added");
    assert_eq!(live(&sim, "web").count(), 2);
    let short = sim.events().iter().find(|e| matches!(e.kind, EventKind::SpotCapacityUnavailable { .. })).expect("the service says why");
    assert_eq!(
        short.message(),
        "(service web) was unable to place a task. Reason: Capacity is unavailable at this time. Please try again later or in a different availability zone."
    );
    // "Amazon ECS services retry launching tasks until the required capacity becomes available."
    sim.advance_by(Millis::mins(5));
    assert_eq!(live(&sim, "web").count(), 5);
    assert_eq!(on(&sim, "web", CapacityProvider::FargateSpot), 3, "back on Fargate Spot, as the strategy says");
}

#[test]
fn a_replacement_goes_to_a_zone_that_still_has_spot_capacity_and_run_task_gets_ecs_failure() {
    let mut sim = sim();
    sim.apply(command("aws ecs create-service --service-name api --task-definition web:1 --desired-count 3 --capacity-provider-strategy capacityProvider=FARGATE_SPOT,weight=1")).unwrap();
    sim.advance_by(Millis::secs(90));
    let zone = live(&sim, "api").next().unwrap().az.clone();
    sim.apply(command(&format!("interrupt spot az {zone}"))).unwrap();
    sim.advance_by(Millis::mins(2));
    assert_eq!(live(&sim, "api").count(), 3, "replaced at once");
    assert!(live(&sim, "api").all(|t| t.az != zone), "not in {zone}, whose Spot capacity is gone");
    sim.apply(command("interrupt spot")).unwrap();
    let out = sim
        .apply(command("aws ecs run-task --task-definition api:1 --capacity-provider-strategy capacityProvider=FARGATE_SPOT,weight=1"))
        .unwrap();
    assert_eq!(
        out.failures,
        vec!["Capacity is unavailable at this time. Please try again later or in a different availability zone.".to_string()]
    );
}

#[test]
fn an_interrupted_standalone_task_stays_stopped() {
    let mut sim = sim();
    sim.apply(command("aws ecs run-task --task-definition api:1 --capacity-provider-strategy capacityProvider=FARGATE_SPOT,weight=1"))
        .unwrap();
    sim.advance_by(Millis::secs(60));
    let t = sim.tasks().values().next().unwrap().clone();
    assert_eq!(t.capacity_provider, Some(CapacityProvider::FargateSpot));
    assert_eq!(t.last_status, TaskStatus::Running);
    sim.apply(command("interrupt spot")).unwrap();
    sim.advance_by(Millis::mins(2));
    let after = sim.task(&t.id).unwrap();
    assert_eq!((after.last_status, after.stop_code), (TaskStatus::Stopped, Some(StopCode::SpotInterruption)));
    sim.advance_by(Millis::mins(10));
    assert_eq!(sim.tasks().values().filter(|t| !t.is_stopped()).count(), 0, "nothing restarts a standalone task");
}

#[test]
fn an_interruption_in_one_zone_leaves_the_others() {
    let mut sim = sim();
    sim.apply(command("aws ecs create-service --service-name api --task-definition web:1 --desired-count 3 --capacity-provider-strategy capacityProvider=FARGATE_SPOT,weight=1")).unwrap();
    sim.advance_by(Millis::secs(90));
    let zone = live(&sim, "api").next().unwrap().az.clone();
    let out = sim.apply(command(&format!("interrupt spot az {zone}"))).unwrap();
    for id in &out.tasks {
        assert_eq!(sim.task(id).unwrap().az, zone);
    }
    assert_eq!(out.tasks.len(), 1, "one task per zone, one zone interrupted");
}

#[test]
fn a_launch_type_with_a_strategy_is_refused_in_ecs_words() {
    let e = script::parse_line(
        "aws ecs run-task --task-definition worker:1 --launch-type FARGATE --capacity-provider-strategy capacityProvider=FARGATE_SPOT",
    )
    .unwrap_err();
    assert!(
        e.to_string().contains("Specifying both a launch type and capacity provider strategy is not supported. Remove one and try again."),
        "{e}"
    );
    let e =
        script::parse_line("aws ecs run-task --task-definition worker:1 --capacity-provider-strategy capacityProvider=SPOT").unwrap_err();
    assert!(e.to_string().contains("cannot contain a capacity provider that is not associated with the cluster"), "{e}");
}

#[test]
fn strategy_bounds_follow_the_api_reference() {
    let mut sim = sim();
    let two_bases = "aws ecs create-service --service-name w --task-definition web:1 --desired-count 2 \
        --capacity-provider-strategy capacityProvider=FARGATE,base=1,weight=1 capacityProvider=FARGATE_SPOT,base=1,weight=1";
    let e = sim.apply(command(two_bases)).unwrap_err();
    assert!(e.message().contains("Only one capacity provider in a capacity provider strategy can have a base defined."), "{}", e.message());
    let heavy = "aws ecs run-task --task-definition worker:1 --capacity-provider-strategy capacityProvider=FARGATE_SPOT,weight=1001";
    let e = sim.apply(command(heavy)).unwrap_err();
    assert!(e.message().contains("capacityProviderStrategy[0].weight"), "{}", e.message());
    // worker:1 is EC2-only (bridge network mode): it cannot run on Fargate capacity.
    let ec2 = "aws ecs run-task --task-definition worker:1 --capacity-provider-strategy capacityProvider=FARGATE_SPOT,weight=1";
    let e = sim.apply(command(ec2)).unwrap_err();
    assert!(e.message().contains("does not support launch type FARGATE"), "{}", e.message());
    assert!(sim.tasks().is_empty() && sim.services().is_empty(), "a refused command changes nothing");
}

#[test]
fn a_strategy_survives_render_and_describe() {
    let cmd = command(MIXED);
    let line = script::render(&cmd);
    assert!(
        line.contains(
            "--capacity-provider-strategy capacityProvider=FARGATE,weight=1,base=1 capacityProvider=FARGATE_SPOT,weight=3,base=0"
        ),
        "{line}"
    );
    assert!(!line.contains("--launch-type"), "{line}");
    assert_eq!(command(&line), cmd);
    let mut sim = sim();
    sim.apply(cmd).unwrap();
    sim.advance_by(Millis::secs(60));
    let svc = script::service_json(&sim, &sim.services()["web"]);
    assert_eq!(svc["capacityProviderStrategy"][1]["capacityProvider"], "FARGATE_SPOT");
    assert!(svc.get("launchType").is_none());
    assert_eq!(svc["deployments"][0]["capacityProviderStrategy"][0]["base"], 1);
    assert!(svc["deployments"][0].get("launchType").is_none());
    let t = live(&sim, "web").next().unwrap();
    let tj = script::task_json(&sim, t);
    assert_eq!(tj["launchType"], "FARGATE");
    assert!(tj["capacityProviderName"] == "FARGATE" || tj["capacityProviderName"] == "FARGATE_SPOT");
    assert_eq!(script::render(&command("interrupt spot az us-east-1b")), "interrupt spot az us-east-1b");
}

/// API `UpdateService`, capacityProviderStrategy: "Update the Amazon EC2 launch type to a Fargate
/// capacity provider", and back to the launch type with an empty list; "This parameter doesn't
/// trigger a new service deployment", so the tasks move only with a new deployment.
#[test]
fn update_service_moves_a_service_onto_a_strategy_and_back() {
    let mut sim = sim();
    sim.apply(Command::create_service("web", "web:1", 4, LaunchType::Ec2)).unwrap();
    sim.advance_by(Millis::secs(90));
    let update = "aws ecs update-service --service web --capacity-provider-strategy capacityProvider=FARGATE_SPOT,weight=1";
    sim.apply(command(update)).unwrap();
    sim.advance_by(Millis::secs(90));
    assert_eq!(on(&sim, "web", CapacityProvider::FargateSpot), 0, "no new deployment: the EC2 tasks stay");
    assert_eq!(sim.services()["web"].deployments.len(), 1);
    sim.apply(command("aws ecs update-service --service web --force-new-deployment")).unwrap();
    sim.advance_by(Millis::mins(5));
    assert_eq!(on(&sim, "web", CapacityProvider::FargateSpot), 4, "the new deployment's tasks run on Spot");
    assert!(live(&sim, "web").all(|t| t.launch_type == LaunchType::Fargate));
    let described = script::run_script(
        "aws ecs create-service --service-name web --task-definition web:1 --desired-count 1 --launch-type EC2
aws ecs update-service --service web --capacity-provider-strategy capacityProvider=FARGATE_SPOT,weight=1
aws ecs describe-services --services web --query services[0].capacityProviderStrategy[0].capacityProvider
expect output \"FARGATE_SPOT\"
aws ecs update-service --service web --capacity-provider-strategy '[]'
aws ecs describe-services --services web --query services[0].launchType
expect output \"FARGATE\"
",
        None,
        None,
    );
    assert!(described.is_ok(), "{described:?}");
    // Back to the launch type: a replacement is a plain Fargate task.
    sim.apply(command("aws ecs update-service --service web --capacity-provider-strategy '[]' --force-new-deployment")).unwrap();
    sim.advance_by(Millis::mins(5));
    assert_eq!(on(&sim, "web", CapacityProvider::FargateSpot), 0);
    assert_eq!(live(&sim, "web").filter(|t| t.launch_type == LaunchType::Fargate && t.capacity_provider.is_none()).count(), 4);
}

#[test]
fn update_service_checks_the_strategy_as_create_service_does() {
    let mut sim = sim();
    sim.apply(Command::create_service("web", "web:1", 1, LaunchType::Ec2)).unwrap();
    let zero = sim.apply(command("aws ecs update-service --service web --capacity-provider-strategy capacityProvider=FARGATE,weight=0 capacityProvider=FARGATE_SPOT,weight=0"));
    let message = zero.expect_err("a strategy needs some weight above 0").to_string();
    assert!(
        message.contains("At least one capacity provider in a capacity provider strategy must have a weight greater than 0."),
        "{message}"
    );
    assert!(sim.services()["web"].capacity_provider_strategy.is_empty(), "a refused update changes nothing");
}

const HALF: &str = "capacityProvider=FARGATE,weight=1 capacityProvider=FARGATE_SPOT,weight=1";

/// With no Spot capacity, the Spot share waits, and the strategy's FARGATE share is still placed.
#[test]
fn during_a_spot_shortage_the_on_demand_share_is_still_placed() {
    let mut sim = sim();
    sim.apply(command(&format!(
        "aws ecs create-service --service-name api --task-definition api:1 --desired-count 4 --capacity-provider-strategy {HALF}"
    )))
    .unwrap();
    sim.advance_by(Millis::mins(3));
    sim.apply(command("interrupt spot")).unwrap();
    sim.advance_by(Millis::secs(30));
    sim.apply(Command::scale("api", 8)).unwrap();
    sim.advance_by(Millis::mins(1));
    assert_eq!(on(&sim, "api", CapacityProvider::Fargate), 4, "the two FARGATE tasks of the four new ones start");
    assert_eq!(on(&sim, "api", CapacityProvider::FargateSpot), 0);
    let out =
        sim.apply(command(&format!("aws ecs run-task --task-definition api:1 --count 4 --capacity-provider-strategy {HALF}"))).unwrap();
    assert_eq!((out.tasks.len(), out.failures.len()), (2, 2), "{:?}", out.failures);
}

#[test]
fn a_daemon_service_is_not_moved_onto_fargate() {
    let mut sim = sim();
    sim.apply(command(
        "aws ecs create-service --service-name agent --task-definition worker:1 --scheduling-strategy DAEMON --launch-type EC2",
    ))
    .unwrap();
    let refused =
        sim.apply(command("aws ecs update-service --service agent --capacity-provider-strategy capacityProvider=FARGATE,weight=1"));
    assert!(refused
        .expect_err("DAEMON has no Fargate")
        .to_string()
        .contains("The DAEMON scheduling strategy does not support the FARGATE launch type."));
    assert_eq!(sim.services()["agent"].launch_type, LaunchType::Ec2);
}
