//! The cluster view: availability-zone columns, their container instances, and the task tiles a
//! visitor clicks to stop.

use crate::app::Ctx;
use crate::icons;
use crate::view_model::{self, InstanceView, Tile, ZoneView};
use ecs_sim_core::{Command, InstanceStatus};
use leptos::prelude::*;

/// All zones side by side.
#[component]
pub fn ClusterView() -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let zones = Memo::new(move |_| ctx.sim.with(view_model::zones));
    view! {
        <div id="cluster" class="cluster" tabindex="-1">
            <For each=move || zones.with(|z| z.iter().map(|z| z.name.clone()).collect::<Vec<_>>()) key=|n| n.clone() let:name>
                <Zone zones name/>
            </For>
        </div>
    }
}

#[component]
fn Zone(zones: Memo<Vec<ZoneView>>, name: String) -> impl IntoView {
    let zone_name = name.clone();
    let zone = Memo::new(move |_| zones.with(|zs| zs.iter().find(|z| z.name == zone_name).cloned()));
    let instance_ids = move || zone.with(|z| z.as_ref().map(|z| z.instances.iter().map(|i| i.id.clone()).collect::<Vec<_>>()).unwrap_or_default());
    let fargate = move || zone.with(|z| z.as_ref().map(|z| z.fargate.clone()).unwrap_or_default());
    view! {
        <section class="zone" aria-label=format!("Availability zone {name}")>
            <h3 class="zone-name">{name.clone()}</h3>
            <For each=instance_ids key=|id| id.clone() let:id>
                <Instance zone id/>
            </For>
            <Show when=move || !fargate().is_empty()>
                <div class="fargate">
                    <h4>"Fargate"</h4>
                    <div class="tiles">
                        <For each=fargate key=|t| (t.id.clone(), t.status, t.stopping) let:tile>
                            <TaskTile tile/>
                        </For>
                    </div>
                </div>
            </Show>
        </section>
    }
}

#[component]
fn Instance(zone: Memo<Option<ZoneView>>, id: String) -> impl IntoView {
    let inst = Memo::new(move |_| zone.with(|z| z.as_ref().and_then(|z| z.instances.iter().find(|i| i.id == id).cloned())));
    let get = move |f: fn(&InstanceView) -> String| move || inst.with(|i| i.as_ref().map(f).unwrap_or_default());
    // Tenths of a percent, in integers (float formatting costs page weight).
    let pct = |(used, total): (u32, u32)| if total == 0 { 0 } else { (u64::from(used) * 1000 / u64::from(total)) as u32 };
    let tiles = move || inst.with(|i| i.as_ref().map(|i| i.tiles.clone()).unwrap_or_default());
    view! {
        <article class="instance" class:draining=move || inst.with(|i| i.as_ref().is_some_and(|i| i.status != InstanceStatus::Active))>
            <header class="instance-head">
                <span class="instance-icon">{icons::server()}</span>
                <span class="mono instance-id">{get(|i| i.ec2.clone())}</span>
                <span class="instance-type">{get(|i| i.instance_type.clone())}</span>
            </header>
            <div class="meters">
                <Meter label="CPU" value=Signal::derive(move || inst.with(|i| i.as_ref().map(|i| pct(i.cpu)).unwrap_or(0)))
                    text=Signal::derive(move || inst.with(|i| i.as_ref().map(|i| format!("{} / {} units", i.cpu.0, i.cpu.1)).unwrap_or_default()))/>
                <Meter label="Memory" value=Signal::derive(move || inst.with(|i| i.as_ref().map(|i| pct(i.memory)).unwrap_or(0)))
                    text=Signal::derive(move || inst.with(|i| i.as_ref().map(|i| format!("{} / {} MiB", i.memory.0, i.memory.1)).unwrap_or_default()))/>
            </div>
            <div class="tiles">
                <For each=tiles key=|t| (t.id.clone(), t.status, t.stopping) let:tile>
                    <TaskTile tile/>
                </For>
                <Show when=move || tiles().is_empty()>
                    <p class="empty">"No tasks"</p>
                </Show>
            </div>
        </article>
    }
}

#[component]
/// `value` is in tenths of a percent.
fn Meter(label: &'static str, value: Signal<u32>, text: Signal<String>) -> impl IntoView {
    view! {
        <div class="meter">
            <span class="meter-label">{label}</span>
            <span class="bar" role="meter" aria-label=label aria-valuemin="0" aria-valuemax="100"
                aria-valuenow=move || (value.get() / 10).to_string() aria-valuetext=move || text.get()>
                <span class="fill" style:width=move || { let v = value.get(); format!("{}.{}%", v / 10, v % 10) }></span>
            </span>
            <span class="meter-text">{move || text.get()}</span>
        </div>
    }
}

/// One task: a real button. Clicking (or Enter/Space) stops the task, as `aws ecs stop-task` does.
#[component]
fn TaskTile(tile: Tile) -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let kind = if tile.service.is_some() { "service" } else { "standalone" };
    let class = format!("tile {kind} {}", tile.phase());
    let id = tile.id.clone();
    let killable = !tile.stopping;
    let title = if killable {
        format!("{} from {} — click to stop it", tile.group, tile.task_definition)
    } else {
        format!("{} from {} — stopping", tile.group, tile.task_definition)
    };
    let kill = move |_| {
        if killable {
            let _ = ctx.apply(Command::StopTask { task: id.clone(), reason: None });
        }
    };
    view! {
        <button class=class aria-label=tile.label.clone() title=title aria-disabled=(!killable).to_string() on:click=kill>
            <span class="tile-icon">{if tile.service.is_some() { icons::service().into_any() } else { icons::standalone().into_any() }}</span>
            <span class="tile-id mono">{tile.short.clone()}</span>
            <span class="tile-owner">{tile.service.clone().unwrap_or_else(|| tile.task_definition.clone())}</span>
            <span class="tile-status">{tile.status.as_str()}</span>
        </button>
    }
}
