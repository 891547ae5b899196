//! The registered task definitions as the page's menus list them. Shared by the deploy forms
//! and the task-definition editor, so the editor does not depend on the panel that holds it.

use crate::shared::ctx::Ctx;
use ecs_sim_core::{Simulation, TaskDefinition, Workload};
use leptos::prelude::*;

/// Every registered task definition, long-running ones first (`web` leading), kept current.
pub fn all_definitions(ctx: Ctx) -> Memo<Vec<String>> {
    Memo::new(move |_| ctx.sim.with(|s| definitions(s, |_| true)))
}

/// The registered task definitions that `keep` accepts, long-running ones first (`web` leading).
pub fn definitions(s: &Simulation, keep: impl Fn(&TaskDefinition) -> bool) -> Vec<String> {
    let mut v: Vec<&TaskDefinition> = s.task_definitions().values().filter(|d| keep(d)).collect();
    let key = |d: &TaskDefinition| (!matches!(d.workload, Workload::LongRunning), d.family != "web");
    ecs_sim_core::script::sort_by(&mut v, &|a, b| (key(a), &a.family, a.revision).cmp(&(key(b), &b.family, b.revision)));
    v.into_iter().map(TaskDefinition::name).collect()
}

/// The registered task definition with this name (`family:revision`), read without tracking.
pub fn definition(ctx: Ctx, name: &str) -> Option<TaskDefinition> {
    ctx.sim.with_untracked(|s| s.task_definitions().get(name).cloned())
}
