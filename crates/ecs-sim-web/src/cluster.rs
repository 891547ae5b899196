//! The cluster view: availability-zone columns, their container instances (with drain, activate
//! and terminate), the Fargate area, the task tiles a visitor clicks to stop, the task details
//! dialog and the "Add instance" form.
//!
//! Rendering cost, in time and in page weight: one memo builds the whole [`ClusterVm`] per step,
//! sharing unchanged tiles with the previous one; lists are keyed by id, so a tile's element
//! lives as long as its task (focus and CSS transitions survive status changes). Each tile and
//! instance renders once from `view!` and then follows its own memo with a single effect that
//! updates the few attributes that change: one small effect per component type instead of a
//! reactive closure per attribute keeps the wasm small. All text goes in as text, never markup.

use crate::app::Ctx;
use crate::icons;
use crate::view_model::{self, ClusterVm, InstanceView, TaskDetails, Tile, TileRef};
use ecs_sim_core::{Command, HealthStatus, InstanceStatus};
use leptos::prelude::*;
use web_sys::Element;

/// All zones side by side, the add-instance form and the details dialog.
#[component]
pub fn ClusterView() -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let vm = Memo::new(move |prev: Option<&ClusterVm>| ctx.sim.with(|s| view_model::cluster(s, prev)));
    let selected = RwSignal::new(None::<String>);
    let zone_names = move || vm.with(|v| v.zones.iter().map(|z| z.name.clone()).collect::<Vec<_>>());
    view! {
        <AddInstance/>
        <div id="cluster" class="cluster" tabindex="-1">
            <For each=zone_names key=|n| n.clone() let:name>
                <Zone vm name selected/>
            </For>
        </div>
        <TaskDialog selected/>
    }
}

#[component]
fn Zone(vm: Memo<ClusterVm>, name: String, selected: RwSignal<Option<String>>) -> impl IntoView {
    let zone_name = name.clone();
    let zone = Memo::new(move |_| {
        vm.with(|v| {
            v.zones
                .iter()
                .find(|z| z.name == zone_name)
                .map(|z| (z.instances.iter().map(|i| i.id.clone()).collect::<Vec<_>>(), z.fargate.clone()))
                .unwrap_or_default()
        })
    });
    let fargate = Signal::derive(move || zone.with(|z| z.1.clone()));
    view! {
        <section class="zone" aria-label=format!("Availability zone {name}")>
            <h3 class="zone-name">{name.clone()}</h3>
            <For each=move || zone.with(|z| z.0.clone()) key=|id| id.clone() let:id>
                <Instance vm id selected/>
            </For>
            <div class="fargate" role="group" aria-label=format!("Fargate tasks in {name}") hidden=move || zone.with(|z| z.1.is_empty())>
                <h4>{icons::cloud()}"Fargate"<span class="fargate-note">" · AWS-managed capacity, no instances to see"</span></h4>
                <Tiles vm ids=fargate selected/>
            </div>
        </section>
    }
}

/// Sets `name` to `value` on the first element under `root` matching `sel` (`""`: on `root`).
fn set(root: &Element, sel: &str, name: &str, value: &str) {
    let el = if sel.is_empty() { Some(root.clone()) } else { root.query_selector(sel).ok().flatten() };
    if let Some(el) = el {
        match name {
            "text" => el.set_text_content(Some(value)),
            "class" => el.set_class_name(value),
            _ => {
                let _ = el.set_attribute(name, value);
            }
        }
    }
}

fn toggle(root: &Element, sel: &str, name: &str, on: bool) {
    if let Some(el) = root.query_selector(sel).ok().flatten() {
        let _ = if on { el.set_attribute(name, "") } else { el.remove_attribute(name) };
    }
}

/// Tenths of a percent, in integers (float formatting costs page weight).
fn permille((used, total): (u32, u32)) -> u32 {
    if total == 0 {
        0
    } else {
        (u64::from(used) * 1000 / u64::from(total)) as u32
    }
}

/// Writes an instance's changing parts into its element.
fn paint_instance(root: &Element, i: &InstanceView) {
    let status = i.status_text();
    set(root, "", "class", &format!("instance {}", status.to_ascii_lowercase()));
    set(root, ".status-badge", "class", &format!("status-badge {}", status.to_ascii_lowercase()));
    set(root, ".status-badge", "text", status);
    let draining = i.status == InstanceStatus::Draining;
    let verb = if draining { "Activate" } else { "Drain" };
    set(root, ".drain", "aria-label", &format!("{verb} instance {}", i.ec2));
    set(root, ".drain span", "text", verb);
    set(root, ".drain", "title", if draining { "Take new tasks again" } else { "Stop placing tasks here and move service tasks elsewhere" });
    let gone = i.status == InstanceStatus::Inactive;
    toggle(root, ".drain", "disabled", gone);
    toggle(root, ".terminate", "disabled", gone);
    toggle(root, ".empty", "hidden", !i.tiles.is_empty());
    for (sel, v, text) in [
        (".cpu", i.cpu, format!("{} / {} units", i.cpu.0, i.cpu.1)),
        (".mem", i.memory, format!("{} / {} MiB", i.memory.0, i.memory.1)),
    ] {
        let p = permille(v);
        set(root, &format!("{sel} .fill"), "style", &format!("width:{}.{}%", p / 10, p % 10));
        set(root, &format!("{sel} .bar"), "aria-valuenow", &(p / 10).to_string());
        set(root, &format!("{sel} .bar"), "aria-valuetext", &text);
        set(root, &format!("{sel} .meter-text"), "text", &text);
    }
}

#[component]
fn Instance(vm: Memo<ClusterVm>, id: String, selected: RwSignal<Option<String>>) -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let inst = Memo::new(move |_| vm.with(|v| v.zones.iter().flat_map(|z| z.instances.iter()).find(|i| i.id == id).cloned()));
    let root = NodeRef::<leptos::html::Article>::new();
    Effect::new(move |_| {
        if let Some(el) = root.get() {
            inst.with(|i| i.iter().for_each(|i| paint_instance(&el, i)));
        }
    });
    let Some(first) = inst.get_untracked() else { return ().into_any() };
    let ec2 = first.ec2.clone();
    let status = move || inst.with_untracked(|i| i.as_ref().map_or(InstanceStatus::Inactive, |i| i.status));
    let act = move |cmd: Command, done: String| {
        if ctx.apply(cmd).is_ok() {
            ctx.announce.set(done);
        }
    };
    let (e1, e2) = (ec2.clone(), ec2.clone());
    let drain_or_activate = move |_| {
        let e = e1.clone();
        if status() == InstanceStatus::Draining {
            act(Command::ActivateInstance { instance: e.clone() }, format!("Instance {e} is ACTIVE."))
        } else {
            act(Command::DrainInstance { instance: e.clone() }, format!("Instance {e} is DRAINING."))
        }
    };
    let terminate = move |_| act(Command::TerminateInstance { instance: e2.clone() }, format!("Instance {e2} terminated."));
    let ids = Signal::derive(move || inst.with(|i| i.as_ref().map(|i| i.tiles.clone()).unwrap_or_default()));
    let meter = |class: &'static str, label: &'static str| {
        view! {
            <div class=format!("meter {class}")>
                <span class="meter-label">{label}</span>
                <span class="bar" role="meter" aria-label=label aria-valuemin="0" aria-valuemax="100"><span class="fill"></span></span>
                <span class="meter-text"></span>
            </div>
        }
    };
    view! {
        <article node_ref=root class="instance" aria-label=format!("Container instance {ec2}")>
            <header class="instance-head">
                <span class="instance-icon">{icons::server()}</span>
                <span class="mono instance-id">{ec2.clone()}</span>
                <span class="instance-type">{first.instance_type.clone()}</span>
            </header>
            <div class="instance-bar">
                <span class="status-badge"></span>
                <span class="instance-actions">
                    <button class="btn tiny drain" on:click=drain_or_activate><span>"Drain"</span></button>
                    <button class="btn tiny danger terminate" aria-label=format!("Terminate instance {ec2}")
                        title="The EC2 instance goes away: every task on it stops" on:click=terminate>
                        {icons::close()}"Terminate"
                    </button>
                </span>
            </div>
            <div class="meters">{meter("cpu", "CPU")}{meter("mem", "Memory")}</div>
            <Tiles vm ids selected/>
            <p class="empty">"No tasks"</p>
        </article>
    }
    .into_any()
}

/// A keyed list of tiles.
#[component]
fn Tiles(vm: Memo<ClusterVm>, ids: Signal<Vec<String>>, selected: RwSignal<Option<String>>) -> impl IntoView {
    view! {
        <div class="tiles">
            <For each=move || ids.get() key=|id| id.clone() let:id>
                <TaskTile vm id selected/>
            </For>
        </div>
    }
}

fn tile_class(t: &Tile) -> String {
    let kind = if t.service.is_some() { "service" } else { "standalone" };
    let sick = if t.health == HealthStatus::Unhealthy { " unhealthy" } else { "" };
    format!("tile {kind} {}{sick}", t.phase())
}

fn tile_title(t: &Tile) -> String {
    let what = format!("{} from {}", t.group, t.task_definition);
    if t.stopping { format!("{what}: stopping or stopped") } else { format!("{what}: click to stop this task") }
}

/// Writes a tile's changing parts into its element.
fn paint_tile(root: &Element, t: &Tile) {
    set(root, "", "class", &tile_class(t));
    set(root, ".tile-main", "aria-label", &t.label);
    set(root, ".tile-main", "aria-disabled", if t.stopping { "true" } else { "false" });
    set(root, ".tile-main", "title", &tile_title(t));
    set(root, ".tile-status", "text", t.status.as_str());
}

/// One task. The big button stops it (as `aws ecs stop-task`: click, Enter or Space); the small
/// "i" button opens its details.
#[component]
fn TaskTile(vm: Memo<ClusterVm>, id: String, selected: RwSignal<Option<String>>) -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let key = id.clone();
    let tile = Memo::new(move |_| vm.with(|v| v.tiles.get(&key).cloned()));
    let Some(TileRef(first)) = tile.get_untracked() else { return ().into_any() };
    let root = NodeRef::<leptos::html::Div>::new();
    Effect::new(move |prev: Option<()>| {
        let el = root.get();
        tile.with(|t| {
            // The first run only confirms what the view already drew.
            if let (Some(el), Some(t), Some(())) = (el, t, prev) {
                paint_tile(&el, &t.0);
            }
        });
    });
    let kill_id = id.clone();
    let kill = move |_| {
        if tile.with_untracked(|t| t.as_ref().is_some_and(|t| !t.0.stopping)) {
            let _ = ctx.apply(Command::StopTask { task: kill_id.clone(), reason: None });
        }
    };
    view! {
        <div node_ref=root class=tile_class(&first)>
            <button class="tile-main" aria-label=first.label.clone() aria-disabled=if first.stopping { "true" } else { "false" }
                title=tile_title(&first) on:click=kill>
                <span class="tile-icon">{if first.service.is_some() { icons::service().into_any() } else { icons::standalone().into_any() }}</span>
                <span class="tile-id mono">{first.short.clone()}</span>
                <span class="tile-owner">{first.service.clone().unwrap_or_else(|| first.task_definition.clone())}</span>
                <span class="tile-status">{first.status.as_str()}</span>
                <span class="tile-stop" aria-hidden="true">{icons::stop()}</span>
            </button>
            <button class="tile-info" aria-label=format!("Details of task {}", first.short) title="Task details"
                aria-haspopup="dialog" on:click=move |_| selected.set(Some(id.clone()))>{icons::info()}</button>
        </div>
    }
    .into_any()
}

/// Appends `<tag class=…>text</tag>` to `parent` and returns it. Text only: never markup.
fn add(parent: &Element, tag: &str, class: &str, text: &str) -> Option<Element> {
    let el = parent.owner_document()?.create_element(tag).ok()?;
    if !class.is_empty() {
        el.set_class_name(class);
    }
    if !text.is_empty() {
        el.set_text_content(Some(text));
    }
    parent.append_child(&el).ok()?;
    Some(el)
}

/// Fills the dialog's body: facts, status history and placement explanation.
fn paint_details(body: &Element, d: Option<&TaskDetails>) {
    body.set_text_content(None);
    let Some(d) = d else {
        add(body, "p", "empty", "This task is gone: ECS no longer reports it.");
        return;
    };
    if let Some(dl) = add(body, "dl", "facts", "") {
        for (k, v) in &d.facts {
            if let Some(row) = add(&dl, "div", "", "") {
                add(&row, "dt", "", k);
                add(&row, "dd", if *k == "Task ID" { "mono" } else { "" }, v);
            }
        }
    }
    add(body, "h3", "", "Status history");
    if let Some(ol) = add(body, "ol", "history", "") {
        let _ = ol.set_attribute("aria-label", "Status history");
        for (at, st) in &d.history {
            if let Some(li) = add(&ol, "li", "", "") {
                add(&li, "time", "mono", at);
                add(&li, "span", "mono", st);
            }
        }
    }
    add(body, "h3", "", "Placement");
    if let Some(ol) = add(body, "ol", "placement", "") {
        let _ = ol.set_attribute("aria-label", "Placement explanation");
        for line in &d.placement {
            add(&ol, "li", "", line);
        }
    }
}

/// The details of one task, live: facts, status history with virtual times, and how placement
/// chose its instance. A native modal `<dialog>`: focus moves in, Escape closes, focus returns
/// to the tile's details button.
#[component]
fn TaskDialog(selected: RwSignal<Option<String>>) -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let dialog = NodeRef::<leptos::html::Dialog>::new();
    let body = NodeRef::<leptos::html::Div>::new();
    let details = Memo::new(move |_| selected.with(|id| id.as_ref().and_then(|id| ctx.sim.with(|s| view_model::task_details(s, id)))));
    Effect::new(move |_| {
        let (Some(d), Some(b)) = (dialog.get(), body.get()) else { return };
        let open = selected.with(|s| s.is_some());
        details.with(|det| {
            paint_details(&b, det.as_ref());
            set(&d, "h2 span", "text", det.as_ref().map_or("", |x| x.short.as_str()));
            toggle(&d, ".stop", "disabled", !det.as_ref().is_some_and(|x| x.killable));
        });
        if open && !d.open() {
            let _ = d.show_modal();
        } else if !open && d.open() {
            d.close();
        }
    });
    let stop = move |_| {
        if let Some(id) = selected.get_untracked() {
            let _ = ctx.apply(Command::StopTask { task: id, reason: None });
        }
    };
    view! {
        <dialog node_ref=dialog class="details" aria-labelledby="details-title" on:close=move |_| selected.set(None)>
            <div class="details-body">
                <div class="details-head">
                    <h2 id="details-title">"Task "<span class="mono"></span></h2>
                    <button class="btn small danger stop" on:click=stop>{icons::stop()}"Stop task"</button>
                    <button class="btn icon-btn" aria-label="Close details" on:click=move |_| selected.set(None)>{icons::close()}</button>
                </div>
                <div node_ref=body class="details-live"></div>
            </div>
        </dialog>
    }
}

/// Launches a new EC2 container instance of a chosen type into a chosen zone.
#[component]
fn AddInstance() -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let ty = RwSignal::new("m5.large".to_string());
    let region = ctx.sim.with_untracked(|s| s.config().region.clone());
    let az = RwSignal::new(format!("{region}a"));
    let error = RwSignal::new(String::new());
    let add = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let (t, z) = (ty.get_untracked(), az.get_untracked());
        match ctx.apply(Command::AddInstance { instance_type: t.clone(), availability_zone: z.clone() }) {
            Ok(_) => {
                error.set(String::new());
                ctx.announce.set(format!("Added a {t} container instance in {z}."));
            }
            Err(e) => error.set(e),
        }
    };
    view! {
        <form class="add-instance" aria-label="Add a container instance" on:submit=add>
            <label class="field-inline">
                <span>"Instance type"</span>
                <select on:change=move |ev| ty.set(event_target_value(&ev))>
                    {view_model::instance_type_choices().into_iter().map(|(v, text)| view! {
                        <option value=v selected=v == "m5.large">{text}</option>
                    }).collect_view()}
                </select>
            </label>
            <label class="field-inline">
                <span>"Zone"</span>
                <select on:change=move |ev| az.set(event_target_value(&ev))>
                    {view_model::zone_choices(&region).into_iter().map(|z| view! { <option value=z.clone()>{z.clone()}</option> }).collect_view()}
                </select>
            </label>
            <button type="submit" class="btn small">{icons::add()}"Add instance"</button>
            <p class="field-error" role="alert">{move || error.get()}</p>
        </form>
    }
}
