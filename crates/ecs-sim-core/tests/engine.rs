//! The engine's behaviours, one test each, asserted the way a learner would see them: in the
//! event log and in task and service state.

use ecs_sim_core::placement::{Constraint, Resource, Strategy};
use ecs_sim_core::*;

fn sim() -> Simulation {
    Simulation::new(SimConfig { seed: 11, ..SimConfig::default() })
}

fn msgs(sim: &Simulation) -> Vec<String> {
    sim.events().iter().map(|e| e.message()).collect()
}

fn count_msgs(sim: &Simulation, needle: &str) -> usize {
    sim.events().iter().filter(|e| e.message().contains(needle)).count()
}

fn live(sim: &Simulation, service: &str) -> Vec<Task> {
    sim.tasks().values().filter(|t| t.service.as_deref() == Some(service) && t.desired_status == DesiredStatus::Running).cloned().collect()
}

fn running(sim: &Simulation, service: &str) -> usize {
    live(sim, service).iter().filter(|t| t.last_status == TaskStatus::Running).count()
}

fn with(cmd: Command, f: impl FnOnce(&mut Command)) -> Command {
    let mut c = cmd;
    f(&mut c);
    c
}

fn service(name: &str, n: u32) -> Command {
    Command::create_service(name, "web:1", n, LaunchType::Ec2)
}

fn set_config(cmd: &mut Command, max: u32, min: u32, breaker: Option<CircuitBreaker>) {
    if let Command::CreateService { deployment_configuration, .. } = cmd {
        *deployment_configuration = Some(
            DeploymentConfiguration { maximum_percent: max, minimum_healthy_percent: min, deployment_circuit_breaker: breaker }.into(),
        );
    }
}

fn force(name: &str) -> Command {
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

/// Steps a second at a time, calling `check` after each step.
fn run_for(sim: &mut Simulation, secs: u64, mut check: impl FnMut(&Simulation)) {
    for _ in 0..secs {
        sim.advance_by(Millis::secs(1));
        check(sim);
    }
}

fn healthy_count(sim: &Simulation, name: &str) -> usize {
    // RUNNING and past its first container health check (web:1 has one).
    live(sim, name).iter().filter(|t| t.last_status == TaskStatus::Running && t.health_status == HealthStatus::Healthy).count()
}

#[test]
fn a_rolling_update_with_the_defaults_never_drops_below_desired_nor_exceeds_double() {
    let mut sim = sim();
    sim.apply(service("web", 4)).unwrap();
    sim.advance_by(Millis::secs(90));
    assert_eq!(healthy_count(&sim, "web"), 4);
    let old = sim.services()["web"].deployments[0].id.clone();
    sim.apply(force("web")).unwrap();
    let new = sim.services()["web"].deployments[0].id.clone();
    assert_ne!(old, new);
    assert_eq!(sim.services()["web"].deployments[1].status, DeploymentStatus::Active);
    run_for(&mut sim, 300, |s| {
        assert!(healthy_count(s, "web") >= 4, "minimumHealthyPercent 100 keeps 4 healthy");
        assert!(live(s, "web").len() <= 8, "maximumPercent 200 allows at most 8");
    });
    let tasks = live(&sim, "web");
    assert_eq!(tasks.len(), 4);
    assert!(tasks.iter().all(|t| t.started_by.as_deref() == Some(new.as_str())));
    assert!(msgs(&sim).contains(&format!("(service web) (deployment {new}) deployment completed.")));
    let svc = &sim.services()["web"];
    assert_eq!(svc.deployments.len(), 1, "the old deployment is gone once its tasks are");
    assert_eq!(svc.deployments[0].rollout_state, RolloutState::Completed);
    let replaced = sim
        .tasks()
        .values()
        .filter(|t| t.stopped_reason.as_deref() == Some(&format!("Scaling activity initiated by (deployment {new})")))
        .count();
    assert_eq!(replaced, 4);
}

#[test]
fn a_rolling_update_at_50_100_replaces_in_place_without_extra_tasks() {
    let mut sim = sim();
    sim.apply(with(service("web", 4), |c| set_config(c, 100, 50, None))).unwrap();
    sim.advance_by(Millis::secs(90));
    sim.apply(force("web")).unwrap();
    run_for(&mut sim, 400, |s| {
        assert!(live(s, "web").len() <= 4);
        assert!(healthy_count(s, "web") >= 2);
    });
    assert!(sim.services()["web"].steady);
}

#[test]
fn bounds_that_allow_no_progress_are_reported_once() {
    let mut sim = sim();
    sim.apply(with(service("web", 2), |c| set_config(c, 100, 100, None))).unwrap();
    sim.advance_by(Millis::secs(90));
    sim.apply(force("web")).unwrap();
    sim.advance_by(Millis::secs(120));
    let stuck = "was unable to stop or start tasks during a deployment because of the service deployment configuration. Update the minimumHealthyPercent or maximumPercent value and try again.";
    assert_eq!(count_msgs(&sim, stuck), 1, "{:#?}", msgs(&sim));
    // Loosening the bounds lets it finish.
    sim.apply(Command::UpdateService {
        service: "web".into(),
        desired_count: None,
        task_definition: None,
        force_new_deployment: false,
        deployment_configuration: Some(
            DeploymentConfiguration { maximum_percent: 200, minimum_healthy_percent: 100, deployment_circuit_breaker: None }.into(),
        ),
        availability_zone_rebalancing: None,
        capacity_provider_strategy: None,
    })
    .unwrap();
    sim.advance_by(Millis::secs(200));
    assert!(sim.services()["web"].steady);
}

#[test]
fn the_circuit_breaker_trips_on_an_image_that_cannot_be_pulled_and_rolls_back() {
    let mut sim = sim();
    let breaker = Some(CircuitBreaker { enable: true, rollback: true, reset_on_healthy_task: true });
    sim.apply(with(service("web", 4), |c| set_config(c, 200, 100, breaker))).unwrap();
    sim.advance_by(Millis::secs(90));
    let good = sim.services()["web"].deployments[0].id.clone();
    let out = sim.apply(Command::RegisterFaultyRevision { family: "web".into(), fault: Fault::ImagePull }).unwrap();
    assert_eq!(out.created.as_deref(), Some("web:2"));
    sim.apply(Command::UpdateService {
        service: "web".into(),
        desired_count: None,
        task_definition: Some("web:2".into()),
        force_new_deployment: false,
        deployment_configuration: None,
        availability_zone_rebalancing: None,
        capacity_provider_strategy: None,
    })
    .unwrap();
    let bad = sim.services()["web"].deployments[0].id.clone();
    sim.advance_by(Millis::mins(10));
    let all = msgs(&sim);
    assert!(all.contains(&format!("(service web) (deployment {bad}) deployment failed: tasks failed to start.")), "{all:#?}");
    assert!(all.contains(&format!("(service web) rolling back to deployment {good}.")));
    let failed = count_msgs(&sim, "stopCode TaskFailedToStart: CannotPullContainerError: pull image manifest has been retried");
    assert!(failed >= 3, "threshold clamp(ceil(4/2), 3, 200) = 3, saw {failed}");
    assert!(live(&sim, "web").iter().all(|t| t.task_definition == "web:1" && t.last_status == TaskStatus::Running));
    assert_eq!(sim.services()["web"].task_definition, "web:1");
    assert!(sim.services()["web"].steady, "{all:#?}");
    assert_eq!(circuit_breaker_threshold(4), 3);
    assert_eq!(circuit_breaker_threshold(11), 6);
    assert_eq!(circuit_breaker_threshold(1000), 200);
}

/// When the service's scheduler reported starting a task (each instant once).
fn start_times(sim: &Simulation, service: &str) -> Vec<u64> {
    let started = format!("(service {service}) has started 1 tasks");
    let mut at: Vec<u64> = sim.events().iter().filter(|e| e.message().starts_with(&started)).map(|e| e.at.0).collect();
    at.dedup();
    at
}

#[test]
fn tasks_that_never_start_are_throttled_with_growing_delays() {
    let mut sim = sim();
    sim.apply(Command::RegisterFaultyRevision { family: "worker".into(), fault: Fault::ImagePull }).unwrap();
    sim.apply(Command::create_service("jobs", "worker:2", 1, LaunchType::Ec2)).unwrap();
    sim.advance_by(Millis::mins(30));
    assert!(count_msgs(&sim, "(service jobs) is unable to consistently start tasks successfully.") >= 1);
    let starts = start_times(&sim, "jobs");
    let gaps: Vec<u64> = starts.windows(2).map(|w| w[1] - w[0]).collect();
    assert!(gaps.len() >= 4, "{gaps:?}");
    assert!(gaps.last().unwrap() > &(gaps[0] * 4), "backoff grows: {gaps:?}");
    assert!(gaps.iter().all(|g| *g <= 27 * 60_000 + 60_000), "never more than 27 minutes: {gaps:?}");
}

// https://docs.aws.amazon.com/AmazonECS/latest/developerguide/service-throttle-logic.html: "the
// time between subsequent restart attempts is incrementally increased up to a maximum of 27
// minutes", and "If you update your service to use a new task definition, your service returns
// to a normal, non-throttled state immediately."
#[test]
fn the_throttle_backs_off_to_27_minutes_and_a_new_task_definition_ends_it() {
    let mut sim = sim();
    sim.apply(Command::RegisterFaultyRevision { family: "worker".into(), fault: Fault::ImagePull }).unwrap();
    sim.apply(Command::create_service("jobs", "worker:2", 1, LaunchType::Ec2)).unwrap();
    sim.advance_by(Millis::mins(180));
    let before = start_times(&sim, "jobs");
    let widest = before.windows(2).map(|w| w[1] - w[0]).max().unwrap();
    assert!((26 * 60_000..=28 * 60_000).contains(&widest), "the back-off tops out near 27 minutes: {widest} ms");
    let update = Command::UpdateService {
        service: "jobs".into(),
        desired_count: None,
        task_definition: Some("worker:1".into()),
        force_new_deployment: false,
        deployment_configuration: None,
        availability_zone_rebalancing: None,
        capacity_provider_strategy: None,
    };
    let at = sim.now().0;
    sim.apply(update).unwrap();
    sim.advance_by(Millis::secs(30));
    assert!(start_times(&sim, "jobs").iter().any(|t| *t >= at && *t <= at + 10_000), "a new task definition starts a task at once");
}

#[test]
fn an_unhealthy_service_task_is_replaced_but_an_unhealthy_standalone_task_keeps_running() {
    let mut sim = sim();
    sim.apply(service("web", 2)).unwrap();
    let solo = sim.apply(Command::run_task("web:1", 1, LaunchType::Ec2)).unwrap().tasks[0].clone();
    sim.advance_by(Millis::secs(60));
    let victim = live(&sim, "web")[0].id.clone();
    sim.apply(Command::MakeTaskUnhealthy { task: victim.clone() }).unwrap();
    sim.apply(Command::MakeTaskUnhealthy { task: solo.clone() }).unwrap();
    sim.advance_by(Millis::secs(150));
    let all = msgs(&sim);
    assert!(all.contains(&format!("(service web) (task {victim}) failed container health checks.")));
    assert_eq!(sim.task(&victim).unwrap().stopped_reason.as_deref(), Some("Task failed container health checks"));
    assert!(all
        .iter()
        .any(|m| m.starts_with("(service web) has started 1 tasks: ")
            && m.ends_with("Amazon ECS replaced 1 tasks due to an unhealthy status.")));
    assert_eq!(running(&sim, "web"), 2);
    let solo = sim.task(&solo).unwrap();
    assert_eq!(solo.last_status, TaskStatus::Running);
    assert_eq!(solo.health_status, HealthStatus::Unhealthy);
}

#[test]
fn the_grace_period_delays_the_replacement_of_an_unhealthy_task() {
    let mut sim = sim();
    sim.apply(Command::RegisterFaultyRevision { family: "web".into(), fault: Fault::Unhealthy }).unwrap();
    sim.apply(with(Command::create_service("web", "web:2", 1, LaunchType::Ec2), |c| {
        if let Command::CreateService { health_check_grace_period_seconds, .. } = c {
            *health_check_grace_period_seconds = 300;
        }
    }))
    .unwrap();
    sim.advance_by(Millis::secs(200));
    let t = live(&sim, "web")[0].clone();
    assert_eq!(t.health_status, HealthStatus::Unhealthy, "unhealthy after 3 × 30 s");
    assert_eq!(count_msgs(&sim, "failed container health checks."), 0, "still inside the grace period");
    sim.advance_by(Millis::secs(200));
    assert_eq!(count_msgs(&sim, &format!("(task {}) failed container health checks.", t.id)), 1);
}

#[test]
fn load_balanced_tasks_register_and_deregister_their_targets() {
    let mut sim = sim();
    let tg = "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/web/abc123";
    sim.apply(with(service("web", 1), |c| {
        if let Command::CreateService { load_balancer, .. } = c {
            *load_balancer = Some(LoadBalancer { target_group_arn: tg.into(), container_name: "web".into(), container_port: 80 });
        }
    }))
    .unwrap();
    sim.advance_by(Millis::secs(60));
    assert_eq!(count_msgs(&sim, &format!("(service web) registered 1 targets in (target-group {tg})")), 1);
    let id = live(&sim, "web")[0].id.clone();
    sim.apply(Command::StopTask { task: id, reason: None }).unwrap();
    assert_eq!(count_msgs(&sim, &format!("(service web) deregistered 1 targets in (target-group {tg})")), 1);
    assert_eq!(count_msgs(&sim, "has begun draining connections on 1 tasks."), 1);
    let bad_port = with(service("api", 1), |c| {
        if let Command::CreateService { load_balancer, .. } = c {
            *load_balancer = Some(LoadBalancer { target_group_arn: tg.into(), container_name: "web".into(), container_port: 8080 });
        }
    });
    assert!(sim.apply(bad_port).unwrap_err().to_string().contains("does not have a container port 8080"));
}

#[test]
fn draining_an_instance_moves_service_tasks_and_leaves_standalone_tasks() {
    let mut sim = sim();
    sim.apply(service("web", 3)).unwrap();
    sim.advance_by(Millis::secs(60));
    let target = live(&sim, "web")[0].container_instance.clone().unwrap();
    let solo = sim
        .apply(with(Command::run_task("worker:1", 1, LaunchType::Ec2), |c| {
            if let Command::RunTask { placement_constraints, .. } = c {
                let az = sim.instances()[&target].az.clone();
                *placement_constraints = vec![Constraint::MemberOf(format!("attribute:ecs.availability-zone == {az}"))];
            }
        }))
        .unwrap()
        .tasks[0]
        .clone();
    sim.advance_by(Millis::secs(30));
    assert_eq!(sim.task(&solo).unwrap().container_instance.as_deref(), Some(target.as_str()));
    sim.apply(Command::DrainInstance { instance: target.clone() }).unwrap();
    sim.advance_by(Millis::secs(120));
    assert_eq!(running(&sim, "web"), 3);
    assert!(live(&sim, "web").iter().all(|t| t.container_instance.as_deref() != Some(target.as_str())));
    assert_eq!(sim.task(&solo).unwrap().last_status, TaskStatus::Running, "standalone tasks are left to finish");
    assert_eq!(sim.instances()[&target].status, InstanceStatus::Draining);
}

#[test]
fn a_terminated_host_stops_its_tasks_and_the_service_reschedules_them_in_other_zones() {
    let mut sim = sim();
    sim.apply(service("web", 3)).unwrap();
    sim.advance_by(Millis::secs(60));
    let victim = live(&sim, "web")[0].clone();
    let ci = victim.container_instance.clone().unwrap();
    let ec2 = sim.instances()[&ci].ec2_instance_id.clone();
    sim.apply(Command::TerminateInstance { instance: ec2.clone() }).unwrap();
    let t = sim.task(&victim.id).unwrap();
    assert_eq!(t.last_status, TaskStatus::Stopped);
    assert_eq!(t.stopped_reason.as_deref(), Some(format!("Host EC2 (instance {ec2}) terminated.").as_str()));
    sim.advance_by(Millis::secs(60));
    let now_live = live(&sim, "web");
    assert_eq!(now_live.iter().filter(|t| t.last_status == TaskStatus::Running).count(), 3);
    assert!(now_live.iter().all(|t| t.az != victim.az));
    assert_eq!(sim.instances()[&ci].status, InstanceStatus::Inactive);
    // A terminated instance cannot be drained or brought back, and saying so changes nothing.
    let before = serde_json::to_string(&sim).unwrap();
    for cmd in [Command::ActivateInstance { instance: ec2.clone() }, Command::DrainInstance { instance: ec2.clone() }] {
        let e = sim.apply(cmd).unwrap_err().to_string();
        assert!(
            e.ends_with(&format!("when calling the UpdateContainerInstancesState operation: Container instance {ec2} is not registered.")),
            "{e}"
        );
    }
    assert_eq!(serde_json::to_string(&sim).unwrap(), before);
}

#[test]
fn a_daemon_service_runs_one_task_per_instance_including_new_ones() {
    let mut sim = sim();
    sim.apply(with(Command::create_service("agent", "worker:1", 0, LaunchType::Ec2), |c| {
        if let Command::CreateService { scheduling_strategy, .. } = c {
            *scheduling_strategy = SchedulingStrategy::Daemon;
        }
    }))
    .unwrap();
    sim.advance_by(Millis::secs(30));
    assert_eq!(running(&sim, "agent"), 3);
    let out = sim.apply(Command::AddInstance { instance_type: "t3.large".into(), availability_zone: "us-east-1b".into() }).unwrap();
    sim.advance_by(Millis::secs(30));
    assert_eq!(running(&sim, "agent"), 4);
    assert_eq!(sim.services()["agent"].desired_count, 4);
    let new_ci = out.created.unwrap();
    assert_eq!(live(&sim, "agent").iter().filter(|t| t.container_instance.as_deref() == Some(new_ci.as_str())).count(), 1);
    let fargate_daemon = with(Command::create_service("bad", "worker:1", 0, LaunchType::Fargate), |c| {
        if let Command::CreateService { scheduling_strategy, .. } = c {
            *scheduling_strategy = SchedulingStrategy::Daemon;
        }
    });
    assert!(sim.apply(fargate_daemon).is_err());
}

#[test]
fn target_tracking_scales_out_under_load_and_back_in_after_the_cooldown() {
    let mut sim = sim();
    sim.apply(service("web", 2)).unwrap();
    sim.apply(Command::PutScalingPolicy {
        service: "web".into(),
        min_capacity: 1,
        max_capacity: 8,
        metric: ScalingMetric::Cpu,
        target_value: 50,
        scale_out_cooldown: 60,
        scale_in_cooldown: 300,
    })
    .unwrap();
    sim.advance_by(Millis::secs(60));
    sim.apply(Command::SetLoad { service: "web".into(), cpu_demand_percent: 300, memory_demand_percent: None, requests_per_minute: None })
        .unwrap();
    sim.advance_by(Millis::mins(5));
    assert_eq!(sim.services()["web"].desired_count, 6, "300% of demand at a 50% target needs 6 tasks");
    assert!(msgs(&sim).iter().any(|m| m.starts_with(
        "(service web) Application Auto Scaling set the desired count from 2 to 4: average CPU 100% is above the 50% target"
    )));
    assert_eq!(sim.service_cpu("web"), Some(50));
    sim.apply(Command::SetLoad { service: "web".into(), cpu_demand_percent: 20, memory_demand_percent: None, requests_per_minute: None })
        .unwrap();
    sim.advance_by(Millis::secs(120));
    assert_eq!(sim.services()["web"].desired_count, 6, "scale-in waits for its cooldown");
    sim.advance_by(Millis::mins(10));
    assert_eq!(sim.services()["web"].desired_count, 1, "min capacity");
    let bad = Command::PutScalingPolicy {
        service: "web".into(),
        min_capacity: 5,
        max_capacity: 2,
        metric: ScalingMetric::Cpu,
        target_value: 50,
        scale_out_cooldown: 300,
        scale_in_cooldown: 300,
    };
    assert!(sim.apply(bad).unwrap_err().to_string().contains("MinCapacity (5) must not exceed MaxCapacity (2)"));
}

#[test]
fn a_rate_schedule_runs_a_standalone_task_each_period_and_never_restarts_one() {
    let mut sim = sim();
    sim.apply(Command::CreateSchedule {
        name: "every-5".into(),
        schedule_expression: "rate(5 minutes)".into(),
        task_definition: "report".into(),
        count: 1,
        launch_type: LaunchType::Fargate,
    })
    .unwrap();
    sim.advance_by(Millis::secs(16 * 60));
    assert_eq!(sim.schedules()["every-5"].runs, 3);
    assert_eq!(count_msgs(&sim, "Schedule every-5 fired: started 1 task(s) of report:1."), 3);
    assert_eq!(count_msgs(&sim, "(standalone, group family:report) is RUNNING."), 3, "one start per run, no restarts");
    assert_eq!(count_msgs(&sim, "(standalone, group family:report) is STOPPED. Exit code 1."), 3, "each run fails and stays failed");
    assert!(sim
        .apply(Command::CreateSchedule {
            name: "bad".into(),
            schedule_expression: "rate(0 minutes)".into(),
            task_definition: "report".into(),
            count: 1,
            launch_type: LaunchType::Fargate,
        })
        .is_err());
}

#[test]
fn a_nightly_cron_schedule_fires_at_two_in_the_morning_utc() {
    // Virtual time zero is 2026-11-24T08:00:00Z; 02:00 next day is 18 hours later.
    let mut sim = sim();
    sim.apply(Command::CreateSchedule {
        name: "nightly".into(),
        schedule_expression: "cron(0 2 * * ? *)".into(),
        task_definition: "batch-job".into(),
        count: 2,
        launch_type: LaunchType::Ec2,
    })
    .unwrap();
    assert_eq!(sim.schedules()["nightly"].next_run, Some(Millis::mins(18 * 60)));
    sim.advance_by(Millis::mins(18 * 60 + 1));
    assert_eq!(sim.tasks().values().filter(|t| t.task_definition == "batch-job:1").count(), 2);
}

#[test]
fn constraints_and_strategies_shape_placement() {
    let mut sim = sim();
    sim.apply(with(service("zone-a", 3), |c| {
        if let Command::CreateService { placement_constraints, .. } = c {
            *placement_constraints = vec![Constraint::MemberOf("attribute:ecs.availability-zone in [us-east-1a]".into())];
        }
    }))
    .unwrap();
    sim.advance_by(Millis::secs(30));
    assert!(live(&sim, "zone-a").iter().all(|t| t.az == "us-east-1a"));
    sim.apply(with(service("distinct", 4), |c| {
        if let Command::CreateService { placement_constraints, .. } = c {
            *placement_constraints = vec![Constraint::DistinctInstance];
        }
    }))
    .unwrap();
    assert_eq!(live(&sim, "distinct").len(), 3, "three instances, one task each");
    assert!(msgs(&sim).iter().any(|m| m.starts_with("(service distinct) was unable to place a task")));
    sim.apply(with(Command::run_task("worker:1", 3, LaunchType::Ec2), |c| {
        if let Command::RunTask { placement_strategy, .. } = c {
            *placement_strategy = vec![Strategy::Binpack(Resource::Memory)];
        }
    }))
    .unwrap();
    let packed: std::collections::BTreeSet<String> =
        sim.tasks().values().filter(|t| t.task_definition == "worker:1").filter_map(|t| t.container_instance.clone()).collect();
    assert_eq!(packed.len(), 1, "binpack(memory) fills one instance first");
    let bad = with(service("bad", 1), |c| {
        if let Command::CreateService { placement_constraints, .. } = c {
            *placement_constraints = vec![Constraint::MemberOf("attribute:ecs.instance-type =~".into())];
        }
    });
    assert!(sim.apply(bad).unwrap_err().to_string().contains("Invalid memberOf expression"));
}

#[test]
fn a_crashing_revision_is_replaced_forever_as_a_service_but_runs_once_as_a_task() {
    let mut sim = sim();
    sim.apply(Command::RegisterFaultyRevision { family: "worker".into(), fault: Fault::CrashOnStart }).unwrap();
    sim.apply(Command::create_service("crashy", "worker:2", 1, LaunchType::Ec2)).unwrap();
    let solo = sim.apply(Command::run_task("worker:2", 1, LaunchType::Ec2)).unwrap().tasks[0].clone();
    sim.advance_by(Millis::mins(3));
    let service_runs = sim.tasks().values().filter(|t| t.service.as_deref() == Some("crashy")).count();
    assert!(service_runs >= 4, "the service keeps replacing it: {service_runs}");
    assert_eq!(sim.task(&solo).unwrap().exit_code, Some(1));
    assert_eq!(sim.tasks().values().filter(|t| t.service.is_none()).count(), 1);
}

#[test]
fn delete_service_needs_force_or_zero_and_ends_inactive() {
    let mut sim = sim();
    sim.apply(service("web", 2)).unwrap();
    sim.advance_by(Millis::secs(30));
    let err = sim.apply(Command::DeleteService { service: "web".into(), force: false }).unwrap_err();
    assert!(err.to_string().contains("Set the desired count to 0 first"));
    sim.apply(Command::DeleteService { service: "web".into(), force: true }).unwrap();
    assert_eq!(sim.services()["web"].status, ServiceStatus::Draining);
    sim.advance_by(Millis::secs(60));
    assert_eq!(sim.services()["web"].status, ServiceStatus::Inactive);
    assert!(msgs(&sim).contains(&"(service web) has been deleted: status INACTIVE.".to_string()));
    // The name is free again.
    sim.apply(service("web", 1)).unwrap();
}

fn daemon(name: &str, td: &str) -> Command {
    with(Command::create_service(name, td, 0, LaunchType::Ec2), |c| {
        if let Command::CreateService { scheduling_strategy, .. } = c {
            *scheduling_strategy = SchedulingStrategy::Daemon;
        }
    })
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

#[test]
fn the_circuit_breaker_rolls_back_even_when_the_completed_deployment_has_no_tasks_left() {
    // minimumHealthyPercent 0: the old tasks are all stopped at once, so the COMPLETED deployment
    // leaves the deployment list before the new one fails. ECS still rolls back to it. With one
    // desired task the three failures (the threshold's floor) come one after another.
    let mut sim = sim();
    let breaker = Some(CircuitBreaker { enable: true, rollback: true, reset_on_healthy_task: true });
    sim.apply(with(service("web", 1), |c| set_config(c, 100, 0, breaker))).unwrap();
    sim.advance_by(Millis::secs(90));
    let good = sim.services()["web"].deployments[0].id.clone();
    sim.apply(Command::RegisterFaultyRevision { family: "web".into(), fault: Fault::ImagePull }).unwrap();
    sim.apply(deploy("web", "web:2")).unwrap();
    sim.advance_by(Millis::mins(10));
    let all = msgs(&sim);
    assert!(all.contains(&format!("(service web) rolling back to deployment {good}.")), "{all:#?}");
    assert_eq!(sim.services()["web"].task_definition, "web:1");
    assert_eq!(running(&sim, "web"), 1);
    assert!(sim.services()["web"].steady);
}

#[test]
fn a_daemon_service_whose_tasks_never_start_is_throttled() {
    let mut sim = sim();
    sim.apply(Command::RegisterFaultyRevision { family: "worker".into(), fault: Fault::ImagePull }).unwrap();
    sim.apply(daemon("agent", "worker:2")).unwrap();
    sim.advance_by(Millis::mins(30));
    assert!(count_msgs(&sim, "(service agent) is unable to consistently start tasks successfully.") >= 1);
    let mut starts: Vec<u64> =
        sim.events().iter().filter(|e| e.message().starts_with("(service agent) has started")).map(|e| e.at.0).collect();
    starts.dedup();
    let gaps: Vec<u64> = starts.windows(2).map(|w| w[1] - w[0]).collect();
    // Unthrottled, three instances retry every few seconds: hundreds of starts in 30 minutes.
    assert!(starts.len() < 30, "{} starts: {gaps:?}", starts.len());
    assert!(gaps.iter().max().unwrap() >= &(5 * 60_000), "backoff grows: {gaps:?}");
    assert!(gaps.iter().all(|g| *g <= 27 * 60_000 + 60_000), "never more than 27 minutes: {gaps:?}");
}

#[test]
fn a_target_registered_in_activating_is_deregistered_when_its_task_stops() {
    let mut sim = sim();
    let tg = "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/web/abc123";
    sim.apply(with(service("web", 1), |c| {
        if let Command::CreateService { load_balancer, .. } = c {
            *load_balancer = Some(LoadBalancer { target_group_arn: tg.into(), container_name: "web".into(), container_port: 80 });
        }
    }))
    .unwrap();
    while live(&sim, "web")[0].last_status != TaskStatus::Activating {
        sim.advance_by(Millis(100));
    }
    let id = live(&sim, "web")[0].id.clone();
    assert!(sim.task(&id).unwrap().in_target_group);
    sim.apply(Command::StopTask { task: id.clone(), reason: None }).unwrap();
    let t = sim.task(&id).unwrap();
    assert_eq!(t.last_status, TaskStatus::Deactivating);
    assert!(!t.in_target_group);
    assert_eq!(count_msgs(&sim, &format!("(service web) deregistered 1 targets in (target-group {tg})")), 1);
    sim.advance_by(Millis::secs(30));
    let history: Vec<TaskStatus> = sim.task(&id).unwrap().history.iter().map(|h| h.status).collect();
    assert!(
        history.ends_with(&[
            TaskStatus::Activating,
            TaskStatus::Deactivating,
            TaskStatus::Stopping,
            TaskStatus::Deprovisioning,
            TaskStatus::Stopped
        ]),
        "{history:?}"
    );
}

#[test]
fn bounds_that_allow_progress_are_not_reported_while_a_new_task_awaits_its_health_check() {
    // 100/66 of 3: lower bound ceil(1.98) = 2, so one old task at a time is replaced. Between the
    // new task reaching RUNNING and passing its health check nothing can move, but it is not stuck.
    let mut sim = sim();
    sim.apply(with(service("web", 3), |c| set_config(c, 100, 66, None))).unwrap();
    sim.advance_by(Millis::secs(90));
    sim.apply(force("web")).unwrap();
    let new = sim.services()["web"].deployments[0].id.clone();
    sim.advance_by(Millis::mins(5));
    assert_eq!(count_msgs(&sim, "was unable to stop or start tasks during a deployment"), 0, "{:#?}", msgs(&sim));
    assert!(msgs(&sim).contains(&format!("(service web) (deployment {new}) deployment completed.")));
}

#[test]
fn a_scaling_policy_put_back_after_a_delete_is_still_evaluated_once_a_minute() {
    let mut sim = sim();
    sim.apply(service("web", 1)).unwrap();
    let policy = || Command::PutScalingPolicy {
        service: "web".into(),
        min_capacity: 1,
        max_capacity: 50,
        metric: ScalingMetric::Cpu,
        target_value: 50,
        scale_out_cooldown: 0,
        scale_in_cooldown: 300,
    };
    sim.apply(policy()).unwrap();
    sim.advance_by(Millis::secs(30));
    sim.apply(Command::DeleteScalingPolicy { service: "web".into() }).unwrap();
    sim.apply(policy()).unwrap();
    sim.apply(Command::SetLoad {
        service: "web".into(),
        cpu_demand_percent: 5_000,
        memory_demand_percent: None,
        requests_per_minute: None,
    })
    .unwrap();
    sim.advance_by(Millis::mins(5));
    let at: Vec<u64> =
        sim.events().iter().filter(|e| e.message().contains("Application Auto Scaling set the desired count")).map(|e| e.at.0).collect();
    assert!(at.len() >= 2, "{at:?}");
    assert!(at.iter().all(|t| t % 60_000 == 0), "evaluations stay on the first policy's minute: {at:?}");
}

/// HealthCheck API (Amazon ECS API Reference): "timeout: The time period in seconds to wait for a
/// health check to succeed before it is considered a failure." A failing check takes its timeout
/// to count, so the same retries with a longer timeout take longer to make a task UNHEALTHY.
#[test]
fn a_failing_health_check_waits_out_its_timeout_on_each_retry() {
    let unhealthy_after = |timeout: u32| {
        let mut sim = sim();
        let td = r#"{"family":"slow","containerDefinitions":[{"name":"app","image":"i","memory":256,"essential":true,
            "healthCheck":{"command":["CMD-SHELL","true"],"interval":10,"timeout":TIMEOUT,"retries":3}}]}"#
            .replace("TIMEOUT", &timeout.to_string());
        sim.apply(Command::RegisterTaskDefinition { json: td }).unwrap();
        sim.apply(Command::create_service("slow", "slow:1", 1, LaunchType::Ec2)).unwrap();
        while sim.tasks().values().all(|t| t.health_status != HealthStatus::Healthy) {
            sim.advance_by(Millis::secs(1));
        }
        let id = sim.tasks().values().find(|t| t.health_status == HealthStatus::Healthy).unwrap().id.clone();
        let fault_at = sim.now();
        sim.apply(Command::MakeTaskUnhealthy { task: id.clone() }).unwrap();
        while sim.task(&id).unwrap().health_status != HealthStatus::Unhealthy {
            sim.advance_by(Millis::secs(1));
        }
        sim.now().since(fault_at)
    };
    assert_eq!(unhealthy_after(2), Millis::secs(3 * (10 + 2)));
    assert_eq!(unhealthy_after(20), Millis::secs(3 * (10 + 20)));
}

#[test]
fn a_health_check_that_starts_failing_before_its_first_result_still_needs_all_its_retries() {
    // web:1 checks every 30 s with a 5 s timeout and 3 retries. Failing from 5 s after RUNNING,
    // the first check (due at 30 s) is one failure, not three: UNHEALTHY comes 3 × (30 s + 5 s)
    // after the fault, each failing check waiting out its timeout.
    let mut sim = sim();
    sim.apply(service("web", 1)).unwrap();
    while running(&sim, "web") == 0 {
        sim.advance_by(Millis::secs(1));
    }
    let id = live(&sim, "web")[0].id.clone();
    sim.advance_by(Millis::secs(5));
    let fault_at = sim.now();
    sim.apply(Command::MakeTaskUnhealthy { task: id.clone() }).unwrap();
    sim.advance_to(fault_at.plus(Millis::secs(100)));
    assert_ne!(sim.task(&id).unwrap().health_status, HealthStatus::Unhealthy);
    assert_eq!(count_msgs(&sim, "failed container health checks."), 0);
    sim.advance_to(fault_at.plus(Millis::secs(110)));
    assert_eq!(count_msgs(&sim, &format!("(task {id}) failed container health checks.")), 1);
}

#[test]
/// "Duplicate service event messages are omitted until either the cause is resolved or six hours
/// passes" (service-event-messages page of the Amazon ECS Developer Guide).
fn a_placement_shortage_is_reported_once_then_after_six_hours_and_again_once_resolved() {
    let mut sim = sim();
    // distinctInstance on three instances: the fourth task can never be placed.
    sim.apply(with(service("distinct", 4), |c| {
        if let Command::CreateService { placement_constraints, .. } = c {
            *placement_constraints = vec![Constraint::DistinctInstance];
        }
    }))
    .unwrap();
    let failures = |sim: &Simulation| count_msgs(sim, "(service distinct) was unable to place a task");
    sim.advance_by(Millis::mins(4));
    // The scheduler retried every minute and on every task change, but said it once.
    assert_eq!(failures(&sim), 1, "{:#?}", msgs(&sim));
    sim.advance_by(Millis::mins(5 * 60 + 55));
    assert_eq!(failures(&sim), 1, "not repeated within six hours while the cause lasts");
    sim.advance_by(Millis::mins(2));
    assert_eq!(failures(&sim), 2, "repeated once six hours have passed");
    // Room for one more (the cause is resolved: a task is placed), then a fifth task that cannot
    // be placed: news again at once.
    sim.apply(Command::AddInstance { instance_type: "m5.large".into(), availability_zone: "us-east-1a".into() }).unwrap();
    sim.advance_by(Millis::mins(1));
    assert_eq!(live(&sim, "distinct").len(), 4);
    sim.apply(Command::UpdateService {
        service: "distinct".into(),
        desired_count: Some(5),
        task_definition: None,
        force_new_deployment: false,
        deployment_configuration: None,
        availability_zone_rebalancing: None,
        capacity_provider_strategy: None,
    })
    .unwrap();
    sim.advance_by(Millis::secs(10));
    assert_eq!(failures(&sim), 3, "{:#?}", msgs(&sim));
}

#[test]
fn a_daemon_service_takes_no_desired_count_whatever_sends_it() {
    const WHY: &str =
        "The daemon scheduling strategy does not support a desired count for services. Remove the desired count value and try again";
    let mut sim = sim();
    let with_count = with(daemon("agent", "worker:1"), |c| {
        if let Command::CreateService { desired_count, .. } = c {
            *desired_count = 2;
        }
    });
    let before = serde_json::to_string(&sim).unwrap();
    let e = sim.apply(with_count).unwrap_err();
    assert_eq!(e.to_string(), format!("An error occurred (InvalidParameterException) when calling the CreateService operation: {WHY}"));
    assert_eq!(serde_json::to_string(&sim).unwrap(), before, "a refused create-service changed the state");

    sim.apply(daemon("agent", "worker:1")).unwrap();
    sim.advance_by(Millis::secs(30));
    let before = serde_json::to_string(&sim).unwrap();
    let e = sim.apply(Command::scale("agent", 5)).unwrap_err();
    assert_eq!(e.to_string(), format!("An error occurred (InvalidParameterException) when calling the UpdateService operation: {WHY}"));
    assert_eq!(serde_json::to_string(&sim).unwrap(), before, "a refused update-service changed the state");
    // Without a count the same service updates as usual, and a REPLICA service still scales.
    let redeploy = Command::UpdateService {
        service: "agent".into(),
        desired_count: None,
        task_definition: None,
        force_new_deployment: true,
        deployment_configuration: None,
        availability_zone_rebalancing: None,
        capacity_provider_strategy: None,
    };
    sim.apply(redeploy).unwrap();
    sim.apply(Command::create_service("web", "web:1", 1, LaunchType::Ec2)).unwrap();
    sim.apply(Command::scale("web", 2)).unwrap();
    assert_eq!(sim.services()["web"].desired_count, 2);
}
