//! Rolling deployments as AWS documents them: which tasks count toward minimumHealthyPercent, and
//! what a FAILED deployment and its rollback do. Each test names the page it follows.

use ecs_sim_core::*;

fn sim() -> Simulation {
    Simulation::new(SimConfig { seed: 11, ..SimConfig::default() })
}

fn msgs(sim: &Simulation) -> Vec<String> {
    sim.events().iter().map(|e| e.message()).collect()
}

fn live(sim: &Simulation, service: &str) -> Vec<Task> {
    sim.tasks().values().filter(|t| t.service.as_deref() == Some(service) && t.desired_status == DesiredStatus::Running).cloned().collect()
}

fn running_of(sim: &Simulation, service: &str, td: &str) -> usize {
    live(sim, service).iter().filter(|t| t.task_definition == td && t.last_status == TaskStatus::Running).count()
}

fn create(name: &str, td: &str, n: u32, max: u32, min: u32, breaker: Option<CircuitBreaker>) -> Command {
    let mut c = Command::create_service(name, td, n, LaunchType::Ec2);
    if let Command::CreateService { deployment_configuration, .. } = &mut c {
        *deployment_configuration = Some(
            DeploymentConfiguration { maximum_percent: max, minimum_healthy_percent: min, deployment_circuit_breaker: breaker }.into(),
        );
    }
    c
}

/// `update-service --force-new-deployment`.
fn force_deploy(name: &str) -> Command {
    Command::UpdateService {
        service: name.into(),
        desired_count: None,
        task_definition: None,
        force_new_deployment: true,
        deployment_configuration: None,
        availability_zone_rebalancing: None,
        capacity_provider_strategy: None,
    }
}

fn deploy(name: &str, td: &str) -> Command {
    Command::UpdateService {
        service: name.into(),
        desired_count: None,
        task_definition: Some(td.into()),
        force_new_deployment: false,
        deployment_configuration: None,
        availability_zone_rebalancing: None,
        capacity_provider_strategy: None,
    }
}

/// When the task first entered `status`, if it did.
fn entered(t: &Task, status: TaskStatus) -> Option<Millis> {
    t.history.iter().find(|h| h.status == status).map(|h| h.at)
}

// https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_DeploymentConfiguration.html
// (minimumHealthyPercent): "If a task has no essential containers with a health check defined,
// the service scheduler will wait for 40 seconds after a task reaches a RUNNING state before the
// task is counted towards the minimum healthy percent total."
#[test]
fn a_revision_that_crashes_soon_after_running_never_takes_a_min_100_service_below_desired() {
    let mut sim = sim();
    // worker:1 has no health check and the service no load balancer.
    sim.apply(create("w", "worker:1", 2, 200, 100, None)).unwrap();
    sim.advance_by(Millis::mins(2));
    assert!(sim.services()["w"].steady);
    // worker:2 exits with code 1 five seconds after it reaches RUNNING.
    sim.apply(Command::RegisterFaultyRevision { family: "worker".into(), fault: Fault::CrashOnStart }).unwrap();
    sim.apply(deploy("w", "worker:2")).unwrap();
    let mut saw_new_running = false;
    for _ in 0..600 {
        sim.advance_by(Millis::secs(1));
        saw_new_running |= running_of(&sim, "w", "worker:2") > 0;
        assert_eq!(running_of(&sim, "w", "worker:1"), 2, "no old task is stopped for a replacement that never counted");
    }
    assert!(saw_new_running, "the new revision did reach RUNNING before it crashed");
}

// Same page and sentence: a replacement without a health check counts 40 s after RUNNING, and
// only then is an old task stopped in its place.
#[test]
fn without_a_health_check_an_old_task_stops_only_40_seconds_after_its_replacement_runs() {
    let mut sim = sim();
    sim.apply(create("w", "worker:1", 1, 200, 100, None)).unwrap();
    sim.advance_by(Millis::mins(2));
    let old: Vec<String> = live(&sim, "w").iter().map(|t| t.id.clone()).collect();
    sim.apply(force_deploy("w")).unwrap();
    sim.advance_by(Millis::mins(3));
    let tasks = sim.tasks();
    let new = tasks.values().find(|t| t.service.as_deref() == Some("w") && !old.contains(&t.id)).expect("a replacement was started");
    let ran = entered(new, TaskStatus::Running).expect("the replacement reached RUNNING");
    let gone =
        tasks.values().find(|t| old.contains(&t.id)).and_then(|t| entered(t, TaskStatus::Deactivating)).expect("the old task stopped");
    assert!(gone.since(ran) >= Millis::secs(40), "old task stopped {} ms after its replacement ran", gone.since(ran).0);
    assert!(sim.services()["w"].steady);
}

// Same page: "If a task has one or more essential containers with a health check defined, the
// service scheduler will wait for the task to reach a healthy status before counting it towards
// the minimum healthy percent total." web:1 has a container health check.
#[test]
fn with_a_health_check_an_old_task_stops_only_once_its_replacement_is_healthy() {
    let mut sim = sim();
    sim.apply(create("web", "web:1", 1, 200, 100, None)).unwrap();
    sim.advance_by(Millis::mins(2));
    let old: Vec<String> = live(&sim, "web").iter().map(|t| t.id.clone()).collect();
    sim.apply(force_deploy("web")).unwrap();
    let mut healthy_at = None;
    let mut stopped_at = None;
    for _ in 0..180 {
        sim.advance_by(Millis::secs(1));
        let now = sim.now();
        let tasks = sim.tasks();
        if healthy_at.is_none()
            && tasks
                .values()
                .any(|t| t.service.as_deref() == Some("web") && !old.contains(&t.id) && t.health_status == HealthStatus::Healthy)
        {
            healthy_at = Some(now);
        }
        if stopped_at.is_none() && tasks.values().any(|t| old.contains(&t.id) && t.desired_status == DesiredStatus::Stopped) {
            stopped_at = Some(now);
        }
    }
    let (healthy_at, stopped_at) = (healthy_at.expect("the replacement became HEALTHY"), stopped_at.expect("the old task stopped"));
    assert!(stopped_at >= healthy_at, "old task stopped at {stopped_at:?}, before its replacement was HEALTHY at {healthy_at:?}");
}

// https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_Deployment.html (rolloutState):
// "If the service fails to reach a steady state and circuit breaker is turned on, the deployment
// transitions to a FAILED state. A deployment in FAILED state doesn't launch any new tasks."
#[test]
fn a_failed_deployment_launches_no_new_tasks() {
    let mut sim = sim();
    let breaker = Some(CircuitBreaker { enable: true, rollback: false, reset_on_healthy_task: true });
    sim.apply(create("web", "web:1", 3, 200, 100, breaker)).unwrap();
    sim.advance_by(Millis::mins(2));
    sim.apply(Command::RegisterFaultyRevision { family: "web".into(), fault: Fault::ImagePull }).unwrap();
    sim.apply(deploy("web", "web:2")).unwrap();
    let bad = sim.services()["web"].deployments[0].id.clone();
    sim.advance_by(Millis::mins(10));
    assert_eq!(sim.services()["web"].deployments[0].rollout_state, RolloutState::Failed);
    let created_before = sim.tasks().values().filter(|t| t.started_by.as_deref() == Some(bad.as_str())).count();
    sim.advance_by(Millis::mins(60));
    let all = msgs(&sim);
    let failed_at = all.iter().position(|m| m.contains("deployment failed")).expect("the breaker tripped");
    let started_after = all[failed_at..].iter().filter(|m| m.starts_with("(service web) has started")).count();
    assert_eq!(started_after, 0, "{:#?}", &all[failed_at..]);
    let created = sim.tasks().values().filter(|t| t.started_by.as_deref() == Some(bad.as_str())).count();
    assert!(created <= created_before, "the FAILED deployment started {} more tasks", created - created_before);
    assert_eq!(running_of(&sim, "web", "web:1"), 3, "the old revision keeps serving");
    assert_eq!(sim.services()["web"].deployments.len(), 2, "rollback off: the service stays on the FAILED deployment");
}

// https://docs.aws.amazon.com/AmazonECS/latest/developerguide/deployment-circuit-breaker.html:
// "When the deployment circuit breaker determines that a deployment failed, it looks for the most
// recent deployment that is in a COMPLETED state. This is the deployment that it uses as the
// roll-back deployment. When the rollback starts, the deployment changes from a COMPLETED to
// IN_PROGRESS." The same deployment resumes, so its healthy tasks are still its own: kept.
#[test]
fn a_rollback_resumes_the_completed_deployment_and_keeps_its_healthy_tasks() {
    let mut sim = sim();
    let breaker = Some(CircuitBreaker { enable: true, rollback: true, reset_on_healthy_task: true });
    sim.apply(create("web", "web:1", 3, 200, 100, breaker)).unwrap();
    sim.advance_by(Millis::mins(2));
    let good = sim.services()["web"].deployments[0].id.clone();
    let mut before: Vec<String> = live(&sim, "web").iter().map(|t| t.id.clone()).collect();
    sim.apply(Command::RegisterFaultyRevision { family: "web".into(), fault: Fault::ImagePull }).unwrap();
    sim.apply(deploy("web", "web:2")).unwrap();
    let mut rolled_back = false;
    for _ in 0..600 {
        sim.advance_by(Millis::secs(1));
        if !rolled_back && msgs(&sim).iter().any(|m| m.contains("rolling back to deployment")) {
            rolled_back = true;
            let d = &sim.services()["web"].deployments[0];
            assert_eq!((d.id.as_str(), d.rollout_state), (good.as_str(), RolloutState::InProgress), "the COMPLETED deployment resumes");
        }
    }
    assert!(rolled_back);
    let svc = &sim.services()["web"];
    assert_eq!(svc.deployments.len(), 1);
    assert_eq!((svc.deployments[0].id.as_str(), svc.deployments[0].rollout_state), (good.as_str(), RolloutState::Completed));
    let mut after: Vec<String> = live(&sim, "web").iter().map(|t| t.id.clone()).collect();
    before.sort();
    after.sort();
    assert_eq!(before, after, "the healthy web:1 tasks were kept, not replaced");
    assert!(svc.steady);
}

/// A service of 2 from `family:1` with the circuit breaker (and rollback) on, steady, then 30
/// minutes into a deployment of `family:2`, a revision with `fault`.
fn faulty_deployment_with_breaker(service: &str, family: &str, fault: Fault) -> Simulation {
    let mut sim = sim();
    let breaker = Some(CircuitBreaker { enable: true, rollback: true, reset_on_healthy_task: true });
    sim.apply(create(service, &format!("{family}:1"), 2, 200, 100, breaker)).unwrap();
    sim.advance_by(Millis::mins(2));
    sim.apply(Command::RegisterFaultyRevision { family: family.into(), fault }).unwrap();
    sim.apply(deploy(service, &format!("{family}:2"))).unwrap();
    sim.advance_by(Millis::mins(30));
    sim
}

// "How the Amazon ECS deployment circuit breaker detects failures",
// https://docs.aws.amazon.com/AmazonECS/latest/developerguide/deployment-circuit-breaker.html:
// stage 1 counts tasks that fail to transition into RUNNING; once a task of the deployment is
// RUNNING, stage 2 counts only tasks that fail their health checks (Elastic Load Balancing, Cloud
// Map, container health checks). A task that reaches RUNNING and then exits, with no health check
// to fail, is not counted: the breaker does not trip.
#[test]
fn the_breaker_does_not_count_a_task_that_exits_after_running_without_failing_a_health_check() {
    let sim = faulty_deployment_with_breaker("w", "worker", Fault::CrashOnStart);
    let crashed =
        sim.tasks().values().filter(|t| t.task_definition == "worker:2" && t.stop_code == Some(StopCode::EssentialContainerExited)).count();
    assert!(crashed >= 3, "the new tasks kept crashing: {crashed}");
    let all = msgs(&sim);
    assert!(!all.iter().any(|m| m.contains("deployment failed")), "{all:#?}");
    assert_eq!(sim.services()["w"].deployments[0].rollout_state, RolloutState::InProgress);
}

// Same page, stage 2: tasks of a deployment that reached RUNNING and are then replaced for failing
// their container health checks count toward the threshold, clamp(ceil(0.5 × 2), 3, 200) = 3.
#[test]
fn the_breaker_counts_tasks_replaced_for_failed_health_checks_in_stage_two() {
    let sim = faulty_deployment_with_breaker("web", "web", Fault::Unhealthy);
    let all = msgs(&sim);
    assert!(all.iter().any(|m| m.contains("deployment failed")), "{all:#?}");
    assert_eq!(sim.services()["web"].task_definition, "web:1");
}

// https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_DeploymentCircuitBreaker.html
// (resetOnHealthyTask): "When set to true, a task that reaches a healthy state resets the failure
// count to 0. When set to false, Amazon ECS does not reset the failure count. The default is
// true." Two new tasks fail their health checks; their replacements reach HEALTHY.
#[test]
fn a_task_that_reaches_healthy_resets_the_failure_count_unless_told_not_to() {
    for reset in [true, false] {
        let mut sim = sim();
        let breaker = Some(CircuitBreaker { enable: true, rollback: false, reset_on_healthy_task: reset });
        sim.apply(create("web", "web:1", 6, 200, 100, breaker)).unwrap();
        sim.advance_by(Millis::mins(3));
        sim.apply(force_deploy("web")).unwrap();
        let new = sim.services()["web"].deployments[0].id.clone();
        let mut sick: Vec<String> =
            sim.tasks().values().filter(|t| t.started_by.as_deref() == Some(new.as_str())).map(|t| t.id.clone()).collect();
        sick.sort();
        assert_eq!(sick.len(), 6, "maximumPercent 200 starts all six at once");
        for id in &sick[..2] {
            sim.apply(Command::MakeTaskUnhealthy { task: id.clone() }).unwrap();
        }
        sim.advance_by(Millis::mins(15));
        let d = &sim.services()["web"].deployments[0];
        assert_eq!(d.rollout_state, RolloutState::Completed, "reset {reset}: two failures are below the threshold of 3");
        let want = if reset { 0 } else { 2 };
        assert_eq!(d.failed_tasks, want, "reset {reset}: the replacements reached HEALTHY");
    }
}
