//! The cluster view: availability-zone columns, their container instances (with drain, activate
//! and terminate), the Fargate area, the task tiles a visitor clicks to stop, the task details
//! dialog and the "Add instance" form.
//!
//! Rendering cost, in time and in page weight: one memo builds the whole [`ClusterVm`] per step,
//! sharing unchanged tiles with the previous one; lists are keyed by id, so a tile's element
//! lives as long as its task (focus and CSS transitions survive status changes). Each instance
//! renders once from `view!` and then follows its own memo with a single effect that updates
//! the few attributes that change; its tiles are one keyed list kept by one effect
//! ([`tiles`]), new tiles parsed from markup in one go. All task data is escaped
//! ([`esc`](crate::shared::html::esc)) or set as text.

mod add_instance;
mod dom;
mod instance;
mod task_dialog;
mod tiles;
pub mod view_model;

use crate::shared::ctx::Ctx;
use crate::shared::html::handler;
use crate::shared::icons;
use add_instance::AddInstance;
use ecs_sim_core::Command;
use instance::Instance;
use leptos::prelude::*;
use task_dialog::TaskDialog;
use tiles::{Tiles, OPENING};
use view_model::ClusterVm;
use wasm_bindgen::JsCast;
use web_sys::Element;

/// All zones side by side, the add-instance form and the details dialog.
#[component]
pub fn ClusterView() -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let vm = Memo::new(move |prev: Option<&ClusterVm>| ctx.sim.with(|s| view_model::cluster(s, prev)));
    let selected = RwSignal::new(None::<String>);
    let note = expect_context::<Note>();
    request_animation_frame(|| OPENING.with(|o| o.set(false)));
    let zone_names = move || vm.with(|v| v.zones.iter().map(|z| z.name.clone()).collect::<Vec<_>>());
    view! {
        <AddInstance/>
        <div id="cluster" class="cluster" tabindex="-1" on:click=handler(move |ev| on_cluster_click(ctx, selected, note, ev))>
            <For each=zone_names key=|n| n.clone() let:name>
                <Zone vm name/>
            </For>
        </div>
        <TaskDialog selected/>
        <div class="kill-note-region" role="status" aria-live="polite" aria-label="What happens next">
            {move || note.text.get().map(|t| view! {
                <p class="kill-note">
                    <span>{t}</span>
                    <button class="btn icon-btn" aria-label="Dismiss" on:click=handler(move |_| note.text.set(None))><span aria-hidden="true">"×"</span></button>
                </p>
            })}
        </div>
    }
}

/// The explanation shown after a kill, or the confirmation of a run started from elsewhere on the
/// page, until the next one or [`Note::SHOWN_MS`] later. A toast at the foot of the window, so it
/// is seen wherever the visitor is looking; provided by the app.
#[derive(Clone, Copy)]
pub struct Note {
    text: RwSignal<Option<String>>,
    /// How many notes were shown: a timer only hides the note it was set for.
    shown: StoredValue<u32>,
}

impl Note {
    const SHOWN_MS: u64 = 12_000;

    /// No note shown yet.
    pub fn new() -> Note {
        Note { text: RwSignal::new(None), shown: StoredValue::new(0) }
    }

    /// Stops `task` as a visitor's click does, then says what ECS will do about it.
    pub(crate) fn stop(self, ctx: Ctx, task: String) {
        if ctx.apply(Command::StopTask { task: task.clone(), reason: None }).is_ok() {
            if let Some(text) = ctx.sim.with_untracked(|s| ecs_sim_core::demo::after_stop(s, &task)) {
                self.show(text);
            }
        }
    }

    /// Shows `text` in place of any note before it.
    pub fn show(self, text: String) {
        self.shown.update_value(|n| *n += 1);
        let mine = self.shown.get_value();
        self.text.set(Some(text));
        set_timeout(
            move || {
                if self.shown.get_value() == mine {
                    self.text.set(None);
                }
            },
            std::time::Duration::from_millis(Self::SHOWN_MS),
        );
    }
}

#[component]
fn Zone(vm: Memo<ClusterVm>, name: String) -> impl IntoView {
    let zone_name = name.clone();
    let zone = Memo::new(move |_| {
        vm.with(|v| {
            v.zones
                .iter()
                .find(|z| z.name == zone_name)
                .map(|z| (z.instances.iter().map(|i| i.id.clone()).collect::<Vec<_>>(), z.fargate.clone(), z.spot))
                .unwrap_or_default()
        })
    });
    let fargate = Signal::derive(move || zone.with(|z| z.1.clone()));
    view! {
        <section class="zone" aria-label=format!("Availability zone {name}")>
            <h3 class="zone-name">{name.clone()}</h3>
            <For each=move || zone.with(|z| z.0.clone()) key=|id| id.clone() let:id>
                <Instance vm id/>
            </For>
            <div class="fargate" role="group" aria-label=format!("Fargate tasks in {name}") hidden=move || zone.with(|z| z.1.is_empty())>
                <h4>{icons::cloud()}"Fargate"<span class="fargate-note">" · AWS-managed capacity, no instances to see"</span></h4>
                <button class="btn spot-btn" data-act="spot" data-az=name.clone() hidden=move || !zone.with(|z| z.2)
                    aria-label=format!("Interrupt Spot capacity in {name}")
                    title="AWS takes Fargate Spot capacity back: each Spot task here gets the two-minute warning and stops">
                    "Interrupt Spot"
                </button>
                <Tiles vm ids=fargate/>
            </div>
        </section>
    }
}

/// The cluster's one click handler: a tile's stop or details button, an instance's actions.
fn on_cluster_click(ctx: Ctx, selected: RwSignal<Option<String>>, note: Note, ev: leptos::ev::MouseEvent) {
    let Some(button) = ev.target().and_then(|t| t.dyn_into::<Element>().ok()).and_then(|t| t.closest("[data-act]").ok().flatten()) else {
        return;
    };
    let owner = |sel: &str, attr: &str| button.closest(sel).ok().flatten().and_then(|e| e.get_attribute(attr));
    let act = button.get_attribute("data-act").unwrap_or_default();
    match act.as_str() {
        "kill" if button.get_attribute("aria-disabled").as_deref() != Some("true") => {
            if let Some(task) = owner(".tile", "data-task") {
                note.stop(ctx, task);
            }
        }
        "info" => selected.set(owner(".tile", "data-task")),
        "spot" => {
            let az = button.get_attribute("data-az");
            if let Ok(out) = ctx.apply(Command::InterruptSpot { availability_zone: az }) {
                note.show(ctx.sim.with_untracked(|s| ecs_sim_core::demo::after_spot_interruption(s, &out.tasks)));
            }
        }
        "drain" | "terminate" => {
            let Some(instance) = owner(".instance", "data-instance") else { return };
            let activate = button.get_attribute("aria-label").is_some_and(|l| l.starts_with("Activate"));
            let (cmd, done) = match (act.as_str(), activate) {
                ("terminate", _) => (Command::TerminateInstance { instance: instance.clone() }, "terminated"),
                (_, true) => (Command::ActivateInstance { instance: instance.clone() }, "ACTIVE"),
                _ => (Command::DrainInstance { instance: instance.clone() }, "DRAINING"),
            };
            if ctx.apply(cmd).is_ok() {
                ctx.announce.set(format!("Instance {instance} is {done}."));
            }
        }
        _ => {}
    }
}
