//! The event log: service events in ECS's wording and task state changes, newest first.

use crate::app::Ctx;
use ecs_sim_core::{Event, EventKind, Severity};
use leptos::prelude::*;

const SHOWN: usize = 200;

/// The log panel.
#[component]
pub fn EventLog() -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let service_only = RwSignal::new(false);
    let rows = Memo::new(move |_| {
        let only = service_only.get();
        ctx.sim.with(|s| {
            s.events()
                .iter()
                .rev()
                .filter(|e| !only || !matches!(e.kind, EventKind::TaskState { .. }))
                .take(SHOWN)
                .cloned()
                .collect::<Vec<Event>>()
        })
    });
    view! {
        <section class="panel log" aria-labelledby="log-title">
            <div class="log-head">
                <h2 id="log-title" class="panel-title">{crate::icons::terminal()}"Event log"</h2>
                <label class="check">
                    <input type="checkbox" prop:checked=move || service_only.get()
                        on:change=move |ev| service_only.set(event_target_checked(&ev))/>
                    "Service events only"
                </label>
            </div>
            <ol class="events" aria-label="Events, newest first">
                <For each=move || rows.get() key=|e| e.id let:e>
                    <li class=format!("ev {}", severity(e.severity)) class:svc=matches!(e.kind, EventKind::Service { .. })>
                        <time class="mono">{e.at.to_string()}</time>
                        <span class="msg">{e.message.clone()}</span>
                    </li>
                </For>
            </ol>
        </section>
    }
}

fn severity(s: Severity) -> &'static str {
    match s {
        Severity::Info => "info",
        Severity::Warning => "warning",
        Severity::Error => "error",
    }
}
