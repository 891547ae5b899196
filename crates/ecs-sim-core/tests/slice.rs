//! The first slice end to end: a service replaces a killed task, a standalone task stays stopped.

use ecs_sim_core::*;

fn sim() -> Simulation {
    Simulation::new(SimConfig { seed: 7, ..SimConfig::default() })
}

fn create(sim: &mut Simulation, name: &str, n: u32) {
    sim.apply(Command::create_service(name, "web:1", n, LaunchType::Ec2)).unwrap();
}

fn messages(sim: &Simulation) -> Vec<String> {
    sim.events().iter().map(|e| e.message()).collect()
}

fn live(sim: &Simulation, service: &str) -> Vec<Task> {
    sim.tasks().values().filter(|t| t.service.as_deref() == Some(service) && t.desired_status == DesiredStatus::Running).cloned().collect()
}

#[test]
fn a_service_spreads_its_tasks_over_the_three_zones_and_reaches_steady_state() {
    let mut sim = sim();
    create(&mut sim, "web", 3);
    sim.advance_by(Millis::secs(60));
    let tasks = live(&sim, "web");
    assert_eq!(tasks.len(), 3);
    assert!(tasks.iter().all(|t| t.last_status == TaskStatus::Running));
    let mut azs: Vec<&str> = tasks.iter().map(|t| t.az.as_str()).collect();
    azs.sort();
    assert_eq!(azs, ["us-east-1a", "us-east-1b", "us-east-1c"]);
    let msgs = messages(&sim);
    assert!(msgs.iter().any(|m| m.starts_with("(service web) has started 3 tasks: (task ")));
    assert!(msgs.iter().any(|m| m == "(service web) has reached a steady state."));
    // web:1 is awsvpc: its task network interface is attached first.
    let statuses: Vec<TaskStatus> = tasks[0].history.iter().map(|h| h.status).collect();
    assert_eq!(statuses, [TaskStatus::Provisioning, TaskStatus::Pending, TaskStatus::Activating, TaskStatus::Running]);
    // worker:1 uses bridge networking on EC2: no PROVISIONING, no DEPROVISIONING.
    let out = sim.apply(Command::run_task("worker:1", 1, LaunchType::Ec2)).unwrap();
    sim.apply(Command::StopTask { task: out.tasks[0].clone(), reason: None }).unwrap();
    sim.advance_by(Millis::secs(30));
    let statuses: Vec<TaskStatus> = sim.task(&out.tasks[0]).unwrap().history.iter().map(|h| h.status).collect();
    assert_eq!(statuses, [TaskStatus::Pending, TaskStatus::Stopping, TaskStatus::Stopped]);
    assert!(sim
        .apply(Command::run_task("worker:1", 1, LaunchType::Fargate))
        .unwrap_err()
        .to_string()
        .contains("does not support launch type FARGATE"));
}

#[test]
fn a_killed_service_task_stops_as_user_initiated_and_is_replaced() {
    let mut sim = sim();
    create(&mut sim, "web", 3);
    sim.advance_by(Millis::secs(60));
    let victim = live(&sim, "web")[0].id.clone();
    sim.apply(Command::StopTask { task: victim.clone(), reason: None }).unwrap();
    assert_eq!(sim.task(&victim).unwrap().last_status, TaskStatus::Deactivating, "stop-task is seen as DEACTIVATING at once");
    sim.advance_by(Millis::secs(60));
    let t = sim.task(&victim).unwrap();
    assert_eq!(t.last_status, TaskStatus::Stopped);
    assert_eq!(t.stop_code, Some(StopCode::UserInitiated));
    assert_eq!(t.stopped_reason.as_deref(), Some("Task stopped by user"));
    let now_live = live(&sim, "web");
    assert_eq!(now_live.len(), 3);
    assert!(now_live.iter().all(|t| t.last_status == TaskStatus::Running && t.id != victim));
    let msgs = messages(&sim);
    assert!(msgs.iter().any(|m| m.starts_with("(service web) has started 1 tasks: (task ")), "{msgs:#?}");
    assert_eq!(msgs.iter().filter(|m| *m == "(service web) has reached a steady state.").count(), 2);
}

#[test]
fn a_killed_standalone_task_stays_stopped_and_nothing_replaces_it() {
    let mut sim = sim();
    let out = sim.apply(Command::run_task("web:1", 2, LaunchType::Ec2)).unwrap();
    assert_eq!(out.tasks.len(), 2);
    sim.advance_by(Millis::secs(30));
    sim.apply(Command::StopTask { task: out.tasks[0].clone(), reason: Some("done testing".into()) }).unwrap();
    sim.advance_by(Millis::secs(120));
    let t = sim.task(&out.tasks[0]).unwrap();
    assert_eq!(t.last_status, TaskStatus::Stopped);
    assert_eq!(t.stopped_reason.as_deref(), Some("done testing"));
    let alive = sim.tasks().values().filter(|t| !t.is_stopped()).count();
    assert_eq!(alive, 1, "only the other standalone task is left");
}

#[test]
fn a_batch_task_exits_on_its_own_with_its_exit_code() {
    let mut sim = sim();
    let out = sim.apply(Command::run_task("report", 1, LaunchType::Fargate)).unwrap();
    sim.advance_by(Millis::secs(120));
    let t = sim.task(&out.tasks[0]).unwrap();
    assert_eq!(t.last_status, TaskStatus::Stopped);
    assert_eq!(t.stop_code, Some(StopCode::EssentialContainerExited));
    assert_eq!(t.stopped_reason.as_deref(), Some("Essential container in task exited"));
    assert_eq!(t.exit_code, Some(1));
    let statuses: Vec<TaskStatus> = t.history.iter().map(|h| h.status).collect();
    use TaskStatus::*;
    assert_eq!(statuses, [Provisioning, Pending, Activating, Running, Deactivating, Stopping, Deprovisioning, Stopped]);
}

#[test]
fn scale_in_stops_tasks_with_the_scheduler_as_the_reason() {
    let mut sim = sim();
    create(&mut sim, "web", 4);
    sim.advance_by(Millis::secs(60));
    sim.apply(Command::scale("web", 1)).unwrap();
    sim.advance_by(Millis::secs(60));
    assert_eq!(live(&sim, "web").len(), 1);
    let stopped: Vec<&Task> = sim.tasks().values().filter(|t| t.is_stopped()).collect();
    assert_eq!(stopped.len(), 3);
    assert!(stopped.iter().all(|t| t.stop_code == Some(StopCode::ServiceSchedulerInitiated)
        && t.stopped_reason.as_deref().unwrap().starts_with("Scaling activity initiated by (deployment ecs-svc/")));
    // 4 tasks over 3 zones is 2+1+1: the first stop comes from the zone holding two.
    assert!(messages(&sim).iter().any(|m| m.starts_with("(service web) has stopped 3 running tasks: ")));
}

#[test]
fn a_full_cluster_reports_the_closest_matching_instance() {
    let mut sim = sim();
    // m5.large registers 2048 CPU units: api:1 needs 512, so 4 per instance, 12 in the cluster.
    sim.apply(Command::create_service("api", "api:1", 13, LaunchType::Ec2)).unwrap();
    let msgs = messages(&sim);
    assert!(msgs.iter().any(|m| m.starts_with("(service api) was unable to place a task because no container instance met all of its requirements. The closest matching (container-instance ")
        && m.ends_with("has insufficient CPU units available.")), "{msgs:#?}");
}

#[test]
fn rejected_commands_leave_the_state_exactly_as_it_was() {
    let mut sim = sim();
    create(&mut sim, "web", 2);
    sim.advance_by(Millis::secs(10));
    let before = serde_json::to_string(&sim).unwrap();
    let bad = [
        Command::create_service("web", "web:1", 1, LaunchType::Ec2),
        Command::create_service("<img src=x>", "web:1", 1, LaunchType::Ec2),
        Command::create_service("x", "nope:9", 1, LaunchType::Ec2),
        Command::run_task("web:1", 11, LaunchType::Ec2),
        Command::scale("ghost", 1),
        Command::StopTask { task: "zz".into(), reason: None },
    ];
    let errors: Vec<String> = bad.into_iter().map(|c| sim.apply(c).unwrap_err().to_string()).collect();
    assert_eq!(serde_json::to_string(&sim).unwrap(), before);
    assert_eq!(
        errors[0],
        "An error occurred (InvalidParameterException) when calling the CreateService operation: Creation of service was not idempotent."
    );
    assert!(errors[1].contains("serviceName '<img src=x>' is invalid"));
    assert_eq!(
        errors[2],
        "An error occurred (ClientException) when calling the CreateService operation: Unable to describe task definition nope:9."
    );
    assert!(errors[3].contains("count must be between 1 and 10 (got 11)"));
    assert_eq!(errors[4], "An error occurred (ServiceNotFoundException) when calling the UpdateService operation: Service not found.");
    assert!(errors[5].contains("(InvalidParameterException) when calling the StopTask operation"));
}

#[test]
fn replaying_the_seed_and_command_log_gives_identical_bytes() {
    let mut sim = sim();
    create(&mut sim, "web", 3);
    sim.advance_by(Millis::secs(40));
    let id = live(&sim, "web")[1].id.clone();
    sim.apply(Command::StopTask { task: id, reason: None }).unwrap();
    sim.apply(Command::run_task("batch-job", 3, LaunchType::Ec2)).unwrap();
    sim.advance_by(Millis::secs(300));
    let again = Simulation::replay(sim.config().clone(), sim.command_log(), sim.now()).unwrap();
    assert_eq!(serde_json::to_string(&again).unwrap(), serde_json::to_string(&sim).unwrap());
    let other = Simulation::replay(SimConfig { seed: 8, ..sim.config().clone() }, &[], Millis::ZERO);
    assert_ne!(other.unwrap().instances().keys().next(), sim.instances().keys().next(), "a different seed names things differently");
}

#[test]
fn stopped_tasks_are_kept_for_the_retention_period_then_reaped() {
    let mut sim = sim();
    let out = sim.apply(Command::run_task("db-migrate", 1, LaunchType::Ec2)).unwrap();
    sim.advance_by(Millis::secs(60));
    assert!(sim.task(&out.tasks[0]).unwrap().is_stopped());
    sim.advance_by(sim.config().stopped_retention);
    assert!(sim.task(&out.tasks[0]).is_none());
}
