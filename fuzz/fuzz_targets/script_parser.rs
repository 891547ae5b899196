//! Any text fed to the script parser, then (when it parses) run for a bounded virtual time:
//! nothing may panic.
#![no_main]

use ecs_sim_core::script;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let _ = script::parse_line(text);
    let _ = script::complete(text);
    if let Ok(stmts) = script::parse_script(text) {
        // Long advances are cheap (time jumps), but cap them so one input stays fast.
        let bounded = stmts.iter().all(|(_, s)| !matches!(s, script::Stmt::Advance(d) if d.0 > 86_400_000));
        if bounded && stmts.len() < 64 {
            let _ = script::run_script(text, Some(1), None);
        }
    }
});
