//! Zone balance: where the service scheduler starts and stops tasks across Availability Zones.
//!
//! - Placement and scale-in: "Update Amazon ECS service parameters",
//!   <https://docs.aws.amazon.com/AmazonECS/latest/developerguide/update-service-parameters.html>
//! - The spread strategy: "Use strategies to define Amazon ECS task placement",
//!   <https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task-placement-strategies.html>

use ecs_sim_core::*;
use std::collections::BTreeMap;

fn sim(seed: u64) -> Simulation {
    Simulation::new(SimConfig { seed, ..SimConfig::default() })
}

fn live(sim: &Simulation, service: &str) -> Vec<Task> {
    sim.tasks().values().filter(|t| t.service.as_deref() == Some(service) && t.desired_status == DesiredStatus::Running).cloned().collect()
}

/// The service's tasks that are not stopping, per zone.
fn per_zone(sim: &Simulation, service: &str) -> BTreeMap<String, usize> {
    let mut m = BTreeMap::new();
    for t in live(sim, service) {
        *m.entry(t.az).or_default() += 1;
    }
    m
}

fn stop(sim: &mut Simulation, task: &str) {
    sim.apply(Command::StopTask { task: task.into(), reason: None }).expect("a live task stops");
}

/// "Sort the valid container instances by the fewest number of running tasks for this service in
/// the same Availability Zone as the instance." A task asked to stop is not one the service runs,
/// so the zone that lost it is the short one, and the replacement goes back there, whatever the
/// seed (before, the stopping task still counted until STOPPED and the zones tied).
#[test]
fn a_killed_service_tasks_replacement_goes_back_to_its_zone_whatever_the_seed() {
    for seed in 0..40 {
        let mut sim = sim(seed);
        sim.apply(Command::create_service("web", "web:1", 3, LaunchType::Ec2)).unwrap();
        sim.advance_by(Millis::secs(90));
        assert_eq!(per_zone(&sim, "web").values().copied().collect::<Vec<_>>(), vec![1, 1, 1], "seed {seed}: one per zone");
        for zone in ["us-east-1a", "us-east-1b", "us-east-1c"] {
            let victim = live(&sim, "web").into_iter().find(|t| t.az == zone).expect("one task per zone");
            stop(&mut sim, &victim.id);
            sim.advance_by(Millis::secs(60));
            let replacement = live(&sim, "web").into_iter().find(|t| t.az == zone && t.id != victim.id);
            assert!(replacement.is_some(), "seed {seed}: the task killed in {zone} was replaced in {:?}", per_zone(&sim, "web"));
        }
    }
}

/// The same for Fargate: the zone that lost a task gets its replacement.
#[test]
fn a_killed_fargate_service_tasks_replacement_goes_back_to_its_zone() {
    for seed in 0..20 {
        let mut sim = sim(seed);
        sim.apply(Command::create_service("api", "api:1", 3, LaunchType::Fargate)).unwrap();
        sim.advance_by(Millis::secs(120));
        assert_eq!(per_zone(&sim, "api").len(), 3, "seed {seed}: one per zone");
        let victim = live(&sim, "api").into_iter().find(|t| t.az == "us-east-1b").expect("one task in us-east-1b");
        stop(&mut sim, &victim.id);
        sim.advance_by(Millis::secs(60));
        assert_eq!(per_zone(&sim, "api").get("us-east-1b"), Some(&1), "seed {seed}");
    }
}

/// "When the service scheduler stops running tasks, it attempts to maintain balance across the
/// Availability Zones in your cluster: sort the container instances by the largest number of
/// running tasks for this service in the same Availability Zone as the instance."
#[test]
fn scale_in_stops_tasks_from_the_zone_with_the_most() {
    for seed in 0..20 {
        let mut sim = sim(seed);
        sim.apply(Command::AddInstance { instance_type: "m5.large".into(), availability_zone: "us-east-1a".into() }).unwrap();
        sim.apply(Command::create_service("web", "web:1", 4, LaunchType::Ec2)).unwrap();
        sim.advance_by(Millis::secs(90));
        let zones = per_zone(&sim, "web");
        assert_eq!(zones.values().copied().max(), Some(2), "seed {seed}: {zones:?}");
        let long = zones.iter().find(|(_, n)| **n == 2).map(|(z, _)| z.clone()).expect("one zone has two");
        let update = Command::UpdateService {
            service: "web".into(),
            desired_count: Some(3),
            task_definition: None,
            force_new_deployment: false,
            deployment_configuration: None,
            availability_zone_rebalancing: None,
            capacity_provider_strategy: None,
        };
        sim.apply(update).unwrap();
        assert_eq!(per_zone(&sim, "web").get(&long), Some(&1), "seed {seed}: the task stopped came from {long}");
    }
}

/// "Balancing an Amazon ECS service across Availability Zones",
/// <https://docs.aws.amazon.com/AmazonECS/latest/developerguide/service-rebalancing.html>: once the
/// service is steady, ECS "looks at the number of tasks running in each Availability Zone", and on
/// an imbalance "sends a service event indicating that Availability Zone rebalancing is starting",
/// "starts tasks in Availability Zones with the fewest number of running tasks" and "stops the
/// tasks in Availability Zones with the largest number of running tasks". The event texts are those
/// of <https://docs.aws.amazon.com/AmazonECS/latest/developerguide/track-service-rebalancing.html>.
fn lose_and_regain_zone_a(rebalancing: Option<AzRebalancing>) -> Simulation {
    let mut sim = sim(21);
    let mut create = Command::create_service("web", "web:1", 6, LaunchType::Ec2);
    if let Command::CreateService { availability_zone_rebalancing, .. } = &mut create {
        *availability_zone_rebalancing = rebalancing;
    }
    sim.apply(create).unwrap();
    sim.advance_by(Millis::mins(2));
    let a = sim.instances().values().find(|i| i.az == "us-east-1a").expect("an instance in us-east-1a").id.clone();
    sim.apply(Command::TerminateInstance { instance: a }).unwrap();
    sim.advance_by(Millis::mins(3));
    assert_eq!(per_zone(&sim, "web").get("us-east-1a"), None, "the replacements went to the surviving zones");
    sim.apply(Command::AddInstance { instance_type: "m5.large".into(), availability_zone: "us-east-1a".into() }).unwrap();
    sim.advance_by(Millis::mins(10));
    sim
}

#[test]
fn after_a_zone_loses_capacity_and_gets_it_back_rebalancing_moves_tasks_back_into_balance() {
    let sim = lose_and_regain_zone_a(None);
    assert_eq!(sim.services()["web"].availability_zone_rebalancing, AzRebalancing::Enabled, "ENABLED by default for a new service");
    let zones = per_zone(&sim, "web");
    assert_eq!(zones.values().copied().collect::<Vec<_>>(), vec![2, 2, 2], "{zones:?}");
    let names: Vec<&str> = sim.events().iter().map(|e| e.kind.name()).filter(|n| n.starts_with("rebalanc")).collect();
    assert_eq!(
        names,
        [
            "rebalancing-started",
            "rebalance-tasks-started",
            "rebalance-tasks-stopped",
            "rebalance-tasks-started",
            "rebalance-tasks-stopped",
            "rebalancing-completed"
        ]
    );
    let msgs: Vec<String> = sim.events().iter().map(|e| e.message()).collect();
    let has = |text: &str| msgs.iter().any(|m| m.contains(text));
    assert!(has(
        "(service web) is not AZ balanced with 0 tasks in us-east-1a, 3 in us-east-1b, and 3 in us-east-1c. AZ Rebalancing in progress."
    ));
    assert!(has("(service web) has started 1 tasks in us-east-1a to AZ Rebalance: (task "));
    assert!(has("(service web) has stopped 1 running tasks in us-east-1b due to AZ rebalancing: (task "));
    assert!(has("(service web) is AZ balanced with 2 tasks in us-east-1a, 2 tasks in us-east-1b, and 2 tasks in us-east-1c."));
    // Each stop waits for the task started before it to be healthy.
    for (i, e) in sim.events().iter().enumerate() {
        if let EventKind::RebalanceTasksStarted { tasks, .. } = &e.kind {
            let healthy = sim.events().iter().position(
                |h| matches!(&h.kind, EventKind::HealthStatusChanged { task, health: HealthStatus::Healthy } if task.task == tasks[0]),
            );
            let stop = sim.events().iter().skip(i).position(|s| s.kind.name() == "rebalance-tasks-stopped").map(|p| p + i);
            assert!(healthy.is_some() && healthy < stop, "the stop after {} waits for it to be healthy", tasks[0]);
        }
    }
    assert!(sim.services()["web"].steady);
}

#[test]
fn with_rebalancing_disabled_the_tasks_stay_where_they_are() {
    let sim = lose_and_regain_zone_a(Some(AzRebalancing::Disabled));
    assert_eq!(per_zone(&sim, "web").get("us-east-1a"), None);
    assert!(!sim.events().iter().any(|e| e.kind.name().starts_with("rebalanc")));
}

fn with_bounds(mut create: Command, maximum: u32, minimum: u32) -> Command {
    if let Command::CreateService { deployment_configuration, .. } = &mut create {
        *deployment_configuration = Some(DeploymentConfigurationRequest {
            maximum_percent: Some(maximum),
            minimum_healthy_percent: Some(minimum),
            deployment_circuit_breaker: None,
        });
    }
    create
}

/// maximumPercent 100 leaves no room to start first, so a move stops a task first; with no room
/// in the short zone its replacement would land where it came from, and ECS would churn. The
/// service is left as it is instead.
#[test]
fn rebalancing_leaves_a_service_alone_when_its_short_zone_has_no_room() {
    let mut sim = sim(3);
    // Fill us-east-1c's instance (2048 CPU) with eight 256-unit tasks.
    for _ in 0..2 {
        let mut fill = Command::run_task("worker:1", 4, LaunchType::Ec2);
        if let Command::RunTask { placement_constraints, .. } = &mut fill {
            placement_constraints.push(placement::Constraint::MemberOf("attribute:ecs.availability-zone == us-east-1c".into()));
        }
        sim.apply(fill).unwrap();
    }
    sim.apply(with_bounds(Command::create_service("web", "web:1", 6, LaunchType::Ec2), 100, 50)).unwrap();
    sim.advance_by(Millis::mins(30));
    assert_eq!(per_zone(&sim, "web").get("us-east-1c"), None, "{:?}", per_zone(&sim, "web"));
    let stopped =
        sim.tasks().values().filter(|t| t.service.as_deref() == Some("web") && t.desired_status == DesiredStatus::Stopped).count();
    assert_eq!(stopped, 0, "no task stopped for a move that cannot be made");
    assert!(!sim.events().iter().any(|e| e.kind.name().starts_with("rebalanc")));
}

/// A stop-first move keeps minimumHealthyPercent: the next stop waits until the replacement of
/// the last one is healthy. Each replacement is a rebalancing start, in the short zone, with the
/// message of "Track Amazon ECS Availability Zone rebalancing" (TASKS_STARTED), not an ordinary
/// "has started".
#[test]
fn stop_first_rebalancing_keeps_the_minimum_healthy() {
    let instances = vec![("m5.xlarge".into(), 'a'), ("m5.xlarge".into(), 'b'), ("m5.xlarge".into(), 'c')];
    let mut sim = Simulation::new(SimConfig { seed: 21, instances, ..SimConfig::default() });
    sim.apply(with_bounds(Command::create_service("web", "web:1", 10, LaunchType::Ec2), 100, 90)).unwrap();
    sim.advance_by(Millis::mins(3));
    let a = sim.instances().values().find(|i| i.az == "us-east-1a").unwrap().id.clone();
    sim.apply(Command::TerminateInstance { instance: a }).unwrap();
    sim.advance_by(Millis::mins(5));
    sim.drain_events();
    sim.apply(Command::AddInstance { instance_type: "m5.xlarge".into(), availability_zone: "us-east-1a".into() }).unwrap();
    let mut after = Vec::new();
    let mut fewest_healthy = usize::MAX;
    for _ in 0..1800 {
        sim.advance_by(Millis::secs(1));
        let healthy = live(&sim, "web")
            .into_iter()
            .filter(|t| t.last_status == TaskStatus::Running && t.health_status == HealthStatus::Healthy)
            .count();
        fewest_healthy = fewest_healthy.min(healthy);
        after.extend(sim.drain_events());
    }
    assert!(fewest_healthy >= 9, "healthy tasks fell to {fewest_healthy}, below ceil(90% of 10)");
    let names: Vec<&str> = after.iter().map(|e| e.kind.name()).filter(|n| n.contains("started") || n.contains("stopped")).collect();
    let moves = names.iter().filter(|n| **n == "rebalance-tasks-stopped").count();
    assert!(moves >= 3, "{names:?}");
    assert_eq!(names.iter().filter(|n| **n == "rebalance-tasks-started").count(), moves, "each stop's replacement: {names:?}");
    assert!(!names.contains(&"tasks-started"), "no ordinary start while rebalancing: {names:?}");
    for e in &after {
        if let EventKind::RebalanceTasksStarted { az, .. } = &e.kind {
            assert_eq!(az, "us-east-1a", "{}", e.message());
        }
    }
    let zones = per_zone(&sim, "web");
    assert!(zones.values().max().unwrap() - zones.values().min().unwrap() <= 1, "balanced in the end: {zones:?}");
}

mod property {
    use super::*;
    use proptest::prelude::*;

    const ZONES: [&str; 3] = ["us-east-1a", "us-east-1b", "us-east-1c"];

    proptest! {
        #![proptest_config(ProptestConfig { cases: super::cases(200), ..ProptestConfig::default() })]

        /// Whatever the seed, the size and the order of kills, each replacement goes to a zone
        /// with the fewest tasks the service keeps, so the zones never differ by more than one.
        #[test]
        fn replacements_go_to_the_short_zone(
            seed in any::<u64>(),
            n in 1..7u32,
            fargate in any::<bool>(),
            kills in prop::collection::vec((any::<usize>(), 0..90u64), 1..8),
        ) {
            let mut sim = sim(seed);
            let launch = if fargate { LaunchType::Fargate } else { LaunchType::Ec2 };
            sim.apply(Command::create_service("web", "web:1", n, launch)).unwrap();
            sim.advance_by(Millis::secs(120));
            for (nth, wait) in kills {
                let tasks = live(&sim, "web");
                let victim = &tasks[nth % tasks.len()];
                stop(&mut sim, &victim.id);
                let kept = per_zone(&sim, "web");
                let count = |z: &str| kept.get(z).copied().unwrap_or(0);
                let fewest = ZONES.iter().map(|z| count(z)).min().unwrap_or(0);
                let before: Vec<String> = live(&sim, "web").into_iter().map(|t| t.id).collect();
                sim.advance_by(Millis::secs(10));
                let new: Vec<Task> = live(&sim, "web").into_iter().filter(|t| !before.contains(&t.id)).collect();
                prop_assert_eq!(new.len(), 1, "one replacement for the one task killed");
                prop_assert_eq!(count(&new[0].az), fewest, "replacement in {} while the zones held {:?}", new[0].az, kept);
                let zones = per_zone(&sim, "web");
                let (lo, hi) = ZONES.iter().map(|z| zones.get(*z).copied().unwrap_or(0)).fold((usize::MAX, 0), |(lo, hi), c| (lo.min(c), hi.max(c)));
                prop_assert!(hi - lo <= 1, "zones out of balance: {:?}", zones);
                sim.advance_by(Millis::secs(wait));
            }
        }
    }
}

/// `--availability-zone-rebalancing ENABLED|DISABLED` on create-service and update-service, shown
/// by describe-services as `availabilityZoneRebalancing` ("Track Amazon ECS Availability Zone
/// rebalancing", <https://docs.aws.amazon.com/AmazonECS/latest/developerguide/track-service-rebalancing.html>).
#[test]
fn the_rebalancing_setting_is_set_by_the_cli_and_shown_by_describe_services() {
    let script = "aws ecs create-service --service-name web --task-definition web:1 --desired-count 2 --launch-type EC2 --availability-zone-rebalancing DISABLED
aws ecs describe-services --services web --query services[0].availabilityZoneRebalancing
expect output \"DISABLED\"
aws ecs update-service --service web --availability-zone-rebalancing ENABLED
aws ecs describe-services --services web --query services[0].availabilityZoneRebalancing
expect output \"ENABLED\"
";
    ecs_sim_core::script::run_script(script, None, None).expect("the setting reads back");
    let bad = ecs_sim_core::script::parse_line("aws ecs update-service --service web --availability-zone-rebalancing SOMETIMES");
    assert!(bad.unwrap_err().to_string().contains("availabilityZoneRebalancing should be one of [ENABLED, DISABLED]"));
}

/// The cases a property runs: `PROPTEST_CASES` when set (the 100,000-case runs), else `n`.
fn cases(n: u32) -> u32 {
    std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(n)
}
