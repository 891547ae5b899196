//! Saved state imported from JSON: the page's saved-run format (what localStorage, exported
//! files and share links hold), or a config plus command log that is replayed. Neither may
//! panic, whatever the file says. (A `Simulation` itself does not deserialize: state comes
//! back only by replay.)
#![no_main]

use ecs_sim_core::{LoggedCommand, Millis, SimConfig, Simulation};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        if let Ok(run) = ecs_sim_core::saved::SavedRun::from_json(text) {
            // Keep each input quick: the format's own limits allow far longer replays.
            if run.commands.len() <= 64 && run.now.0 <= 86_400_000 && run.config.instances.len() <= 16 {
                let _ = run.restore();
            }
        }
    }
    if let Ok((mut config, log)) = serde_json::from_slice::<(SimConfig, Vec<LoggedCommand>)>(data) {
        config.instances.truncate(16);
        config.event_cap = config.event_cap.min(10_000);
        if log.len() <= 64 && log.iter().all(|c| c.at.0 <= 86_400_000) {
            let _ = Simulation::replay(config, &log, Millis::secs(60));
        }
    }
});
