//! Names a new service or schedule can take without clashing with one that exists, so a form
//! can be submitted again without the visitor renaming anything.

use crate::shared::ctx::Ctx;
use leptos::prelude::*;

/// `base`, or `base-2`, `base-3`… whichever no ACTIVE or DRAINING service uses.
pub fn next_free_name(ctx: Ctx, base: &str) -> String {
    ctx.sim.with_untracked(|s| {
        let taken = |n: &str| s.services().get(n).is_some_and(|svc| svc.status != ecs_sim_core::ServiceStatus::Inactive);
        if !taken(base) {
            return base.to_string();
        }
        (2..).map(|i| format!("{base}-{i}")).find(|n| !taken(n)).expect("some name is free")
    })
}

/// `base`, or `base-2`, `base-3`… whichever no schedule uses.
pub fn next_free_schedule(ctx: Ctx, base: &str) -> String {
    let base = base.trim_end_matches(|c: char| c.is_ascii_digit()).trim_end_matches('-');
    ctx.sim.with_untracked(|s| {
        if !s.schedules().contains_key(base) {
            return base.to_string();
        }
        (2..).map(|i| format!("{base}-{i}")).find(|n| !s.schedules().contains_key(n)).expect("some name is free")
    })
}
