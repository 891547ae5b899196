//! Any bytes as register-task-definition JSON: parse, and when valid, the JSON written back
//! must parse to the same definition.
#![no_main]

use ecs_sim_core::{parse_task_definition, task_definition_json};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    if let Ok(td) = parse_task_definition(text) {
        let again = parse_task_definition(&task_definition_json(&td)).expect("written JSON parses");
        assert_eq!(again, td);
    }
});
