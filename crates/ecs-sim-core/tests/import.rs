//! Saved state from outside (a config and a command log, as JSON) replays without panicking,
//! whatever it holds. Found by `fuzz/fuzz_targets/saved_state.rs`.

use ecs_sim_core::*;

#[test]
fn a_config_naming_an_unknown_instance_type_launches_the_rest_and_says_so() {
    let json = r#"[{"seed":1,"region":"us-east-1","cluster":"production","instances":[["m6.large","a"],["t3.small","b"]],
        "eventCap":100,"stoppedRetention":300000,"startUnixMs":1795507200000},
        [{"at":0,"command":{"op":"createService","serviceName":"web","taskDefinition":"web:1","desiredCount":1}}]]"#;
    let (config, log): (SimConfig, Vec<LoggedCommand>) = serde_json::from_str(json).unwrap();
    let sim = Simulation::replay(config, &log, Millis::secs(60)).unwrap();
    assert_eq!(sim.instances().len(), 1);
    assert!(sim
        .events()
        .iter()
        .any(|e| e.message() == "Instance type 'm6.large' is not in the catalogue: that instance was not launched."));
}

#[test]
fn the_fuzzing_seed_for_saved_runs_is_a_valid_saved_run() {
    let text = include_str!("../../../fuzz/seeds/saved_state/saved-run.json");
    let sim = ecs_sim_core::saved::SavedRun::from_json(text).unwrap().restore().unwrap();
    assert_eq!(sim.services()["web"].desired_count, 3);
    assert_eq!(sim.command_log().len(), 2);
}
