//! Saved runs across format versions: a version-1 run, written by the build that accepted a
//! desired count for a DAEMON service (and ignored it), restores to the cluster that build had;
//! the current version round-trips.

use ecs_sim_core::saved::{self, SavedRun, SavedRunError};
use ecs_sim_core::script;

/// Written by the version-1 build: a REPLICA service, a DAEMON service created with
/// `--desired-count 2`, an update-service giving it `--desired-count 5`, an instance added, a
/// daemon task stopped.
const V1: &str = include_str!("fixtures/saved-v1-daemon-count.json");
/// What the version-1 build's restore of it showed: the event log and `ecs-sim run --json`'s snapshot.
const V1_LOG: &str = include_str!("fixtures/saved-v1-daemon-count.log");
const V1_SNAPSHOT: &str = include_str!("fixtures/saved-v1-daemon-count.snapshot.json");

fn event_log(sim: &ecs_sim_core::Simulation) -> String {
    sim.events().iter().map(|e| format!("{} {}\n", e.at, e.message())).collect()
}

#[test]
fn a_version_1_run_with_a_daemon_desired_count_restores_the_cluster_that_version_had() {
    let run = SavedRun::from_json(V1).unwrap();
    assert_eq!(run.version, 1);
    assert!(run.commands[1].line.contains("--desired-count 2 --launch-type EC2 --scheduling-strategy DAEMON"), "{:?}", run.commands[1]);
    assert!(run.commands[2].line.ends_with("--service agent --desired-count 5"), "{:?}", run.commands[2]);
    let sim = run.restore().unwrap();
    assert_eq!(event_log(&sim), V1_LOG);
    assert_eq!(serde_json::to_string_pretty(&script::snapshot(&sim)).unwrap() + "\n", V1_SNAPSHOT);
    assert_eq!(sim.now(), run.now);

    // Saved again it is a current-version run without the counts, restoring to the same bytes.
    let again = SavedRun::of(&sim);
    assert_eq!(again.version, saved::VERSION);
    assert!(!again.commands.iter().any(|c| c.line.contains("DAEMON") && c.line.contains("--desired-count")), "{:#?}", again.commands);
    assert_eq!(again.commands[2].line, "aws ecs update-service --cluster production --service agent");
    let back = SavedRun::from_json(&again.to_json()).unwrap().restore().unwrap();
    assert!(serde_json::to_string(&back).unwrap() == serde_json::to_string(&sim).unwrap(), "the restored state differs");
}

#[test]
fn the_same_lines_in_a_current_version_run_are_refused_by_position() {
    let text = V1.replacen(r#""version":1"#, &format!(r#""version":{}"#, saved::VERSION), 1);
    let e = SavedRun::from_json(&text).unwrap().restore().unwrap_err();
    assert_eq!(
        e,
        SavedRunError::Replay {
            index: 2,
            message: "An error occurred (InvalidParameterException) when calling the CreateService operation: \
                The daemon scheduling strategy does not support a desired count for services. Remove the desired count value and try again"
                .into()
        }
    );
}

#[test]
fn a_current_version_run_with_a_daemon_service_round_trips() {
    let text = "seed 4\naws ecs create-service --service-name agent --task-definition worker:1 --scheduling-strategy DAEMON\n\
                advance 40s\nadd instance t3.large\nadvance 30s\naws ecs update-service --service agent --force-new-deployment\nadvance 2m\n";
    let sim = script::run_script(text, None, None).unwrap().sim;
    let json = SavedRun::of(&sim).to_json();
    assert!(json.contains(&format!(r#""version":{}"#, saved::VERSION)), "{json}");
    let mut back = SavedRun::from_json(&json).unwrap().restore().unwrap();
    assert_eq!(event_log(&back), event_log(&sim));
    // The run's events were drained as it went; the restored copy's are still waiting.
    back.drain_events();
    assert!(serde_json::to_string(&back).unwrap() == serde_json::to_string(&sim).unwrap(), "the restored state differs");
}
