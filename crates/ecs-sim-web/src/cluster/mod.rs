//! The cluster view: availability-zone columns, their container instances (with drain, activate
//! and terminate), the Fargate area, the task tiles a visitor clicks to stop, the task details
//! dialog and the "Add instance" form.
//!
//! Rendering cost, in time and in page weight: one memo builds the whole [`ClusterVm`] per step,
//! sharing unchanged tiles with the previous one; lists are keyed by id, so a tile's element
//! lives as long as its task (focus and CSS transitions survive status changes). Each instance
//! renders once from `view!` and then follows its own memo with a single effect that updates
//! the few attributes that change; its tiles are one keyed list kept by one effect
//! ([`sync_tiles`]), new tiles parsed from markup in one go. All task data is escaped ([`esc`])
//! or set as text.

pub mod view_model;

use crate::shared::ctx::Ctx;
use crate::shared::html::esc;
use crate::shared::icons;
use ecs_sim_core::{Command, HealthStatus, InstanceStatus};
use leptos::prelude::*;
use std::collections::HashMap;
use view_model::{ClusterVm, InstanceView, TaskDetails, Tile, TileRef};
use wasm_bindgen::JsCast;
use web_sys::Element;

/// All zones side by side, the add-instance form and the details dialog.
#[component]
pub fn ClusterView() -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let vm = Memo::new(move |prev: Option<&ClusterVm>| ctx.sim.with(|s| view_model::cluster(s, prev)));
    let selected = RwSignal::new(None::<String>);
    request_animation_frame(|| OPENING.with(|o| o.set(false)));
    let zone_names = move || vm.with(|v| v.zones.iter().map(|z| z.name.clone()).collect::<Vec<_>>());
    view! {
        <AddInstance/>
        <div id="cluster" class="cluster" tabindex="-1" on:click=move |ev| on_cluster_click(ctx, selected, ev)>
            <For each=zone_names key=|n| n.clone() let:name>
                <Zone vm name/>
            </For>
        </div>
        <TaskDialog selected/>
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
                .map(|z| (z.instances.iter().map(|i| i.id.clone()).collect::<Vec<_>>(), z.fargate.clone()))
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
                <Tiles vm ids=fargate/>
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

/// An instance's fixed markup (a compile-time constant: ids and names go in as text).
const INSTANCE: &str = concat!(
    r#"<header class="instance-head"><span class="instance-icon"><svg class="icon" viewBox="0 0 16 16" aria-hidden="true" focusable="false">"#,
    r#"<path d="M3 2.5h10a1 1 0 0 1 1 1V6a1 1 0 0 1-1 1H3a1 1 0 0 1-1-1V3.5a1 1 0 0 1 1-1zM3 9h10a1 1 0 0 1 1 1v2.5a1 1 0 0 1-1 1H3a1 1 0 0 1-1-1V10a1 1 0 0 1 1-1zM4.6 4.7v.1M4.6 11.2v.1" fill="none" stroke="currentColor" stroke-width="1.4" stroke-linecap="round"/></svg></span>"#,
    r#"<span class="mono instance-id"></span><span class="instance-type"></span></header>"#,
    r#"<div class="instance-bar"><span class="status-badge"></span><span class="instance-actions">"#,
    r#"<button class="btn tiny drain" data-act="drain"><span>Drain</span></button>"#,
    r#"<button class="btn tiny danger terminate" data-act="terminate" title="The EC2 instance goes away: every task on it stops">"#,
    r#"<svg class="icon" viewBox="0 0 16 16" aria-hidden="true" focusable="false"><path d="M4 4l8 8M12 4l-8 8" fill="none" stroke="currentColor" stroke-width="1.6" stroke-linecap="round"/></svg>Terminate</button></span></div>"#,
    r#"<div class="meters">"#,
    r#"<div class="meter cpu"><span class="meter-label">CPU</span><span class="bar" role="meter" aria-label="CPU" aria-valuemin="0" aria-valuemax="100"><span class="fill"></span></span><span class="meter-text"></span></div>"#,
    r#"<div class="meter mem"><span class="meter-label">Memory</span><span class="bar" role="meter" aria-label="Memory" aria-valuemin="0" aria-valuemax="100"><span class="fill"></span></span><span class="meter-text"></span></div>"#,
    r#"</div><p class="empty">No tasks</p>"#,
);

/// Writes an instance's changing parts into its element; on the first call also its fixed ones.
fn paint_instance(root: &Element, top: &Element, i: &InstanceView, first: bool) {
    if first {
        top.set_inner_html(INSTANCE);
        let _ = root.set_attribute("data-instance", &i.ec2);
        let _ = root.set_attribute("aria-label", &format!("Container instance {}", i.ec2));
        set(top, ".instance-id", "text", &i.ec2);
        set(top, ".instance-type", "text", &i.instance_type);
        set(top, ".terminate", "aria-label", &format!("Terminate instance {}", i.ec2));
    }
    let status = i.status_text();
    set(root, "", "class", &format!("instance {}", status.to_ascii_lowercase()));
    set(top, ".status-badge", "class", &format!("status-badge {}", status.to_ascii_lowercase()));
    set(top, ".status-badge", "text", status);
    let draining = i.status == InstanceStatus::Draining;
    let verb = if draining { "Activate" } else { "Drain" };
    set(top, ".drain", "aria-label", &format!("{verb} instance {}", i.ec2));
    set(top, ".drain span", "text", verb);
    set(top, ".drain", "title", if draining { "Take new tasks again" } else { "Stop placing tasks here and move service tasks elsewhere" });
    let gone = i.status == InstanceStatus::Inactive;
    toggle(top, ".drain", "disabled", gone);
    toggle(top, ".terminate", "disabled", gone);
    toggle(top, ".empty", "hidden", !i.tiles.is_empty());
    // Off screen an instance is not rendered (`content-visibility: auto`); until it has been, its
    // height is guessed from its task count (two tiles a row, in tenths of a rem), so the first
    // render of a big cluster styles and lays out only the instances in view.
    if let Some(el) = root.dyn_ref::<web_sys::HtmlElement>() {
        let tenths = 70 + 43 * i.tiles.len().div_ceil(2);
        let _ = el.style().set_property("contain-intrinsic-height", &format!("auto {}.{}rem", tenths / 10, tenths % 10));
    }
    for (sel, v, text) in
        [(".cpu", i.cpu, format!("{} / {} units", i.cpu.0, i.cpu.1)), (".mem", i.memory, format!("{} / {} MiB", i.memory.0, i.memory.1))]
    {
        let p = permille(v);
        // Through the CSSOM, not a style attribute: a strict CSP (`style-src 'self'`) allows only this.
        if let Some(fill) =
            top.query_selector(&format!("{sel} .fill")).ok().flatten().and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
        {
            let _ = fill.style().set_property("width", &format!("{}.{}%", p / 10, p % 10));
        }
        set(top, &format!("{sel} .bar"), "aria-valuenow", &(p / 10).to_string());
        set(top, &format!("{sel} .bar"), "aria-valuetext", &text);
        set(top, &format!("{sel} .meter-text"), "text", &text);
    }
}

/// One container instance: its header, status and actions, meters, then its tiles. Its buttons
/// are handled by [`on_cluster_click`].
#[component]
fn Instance(vm: Memo<ClusterVm>, id: String) -> impl IntoView {
    let inst = Memo::new(move |_| vm.with(|v| v.zones.iter().flat_map(|z| z.instances.iter()).find(|i| i.id == id).cloned()));
    let root = NodeRef::<leptos::html::Article>::new();
    let top = NodeRef::<leptos::html::Div>::new();
    Effect::new(move |painted: Option<bool>| {
        let (el, t) = (root.get(), top.get());
        inst.with(|i| match (el, t, i) {
            (Some(el), Some(t), Some(i)) => {
                paint_instance(&el, &t, i, painted != Some(true));
                true
            }
            _ => painted == Some(true),
        })
    });
    let ids = Signal::derive(move || inst.with(|i| i.as_ref().map(|i| i.tiles.clone()).unwrap_or_default()));
    view! {
        <article node_ref=root class="instance">
            <div node_ref=top></div>
            <Tiles vm ids/>
        </article>
    }
}

/// A tile on the page: its task, what it shows, and its element.
struct Drawn {
    id: String,
    tile: TileRef,
    el: Element,
}

/// A keyed list of tiles, kept in step with the view model by one effect: a tile's element lives
/// as long as its task (focus and CSS transitions survive status changes), an unchanged tile
/// costs a pointer comparison per step, and new tiles are parsed from markup in one go (a
/// thousand tiles on first render would otherwise be a thousand components and effects).
#[component]
fn Tiles(vm: Memo<ClusterVm>, ids: Signal<Vec<String>>) -> impl IntoView {
    let root = NodeRef::<leptos::html::Div>::new();
    let drawn = StoredValue::new_local(Vec::<Drawn>::new());
    Effect::new(move |_| {
        let Some(el) = root.get() else { return };
        let quiet = OPENING.with(std::cell::Cell::get);
        ids.with(|ids| vm.with(|v| drawn.update_value(|d| sync_tiles(&el, d, ids, &v.tiles, quiet))));
    });
    view! { <div node_ref=root class="tiles"></div> }
}

thread_local! {
    /// True until the page's first frame: the tiles already there when it opens (a saved run, a
    /// link) do not fly in.
    static OPENING: std::cell::Cell<bool> = const { std::cell::Cell::new(true) };
}

/// Makes `parent`'s tiles show `ids` in order: repaints changed tiles in place, removes the
/// tiles of tasks that are gone, adds the new ones, and moves an element only when the order
/// changed.
fn sync_tiles(parent: &Element, drawn: &mut Vec<Drawn>, ids: &[String], tiles: &HashMap<String, TileRef>, quiet: bool) {
    let mut seen = std::collections::HashSet::new();
    let want: Vec<(&String, &TileRef)> =
        ids.iter().filter(|id| seen.insert(id.as_str())).filter_map(|id| tiles.get(id).map(|t| (id, t))).collect();
    let repaint = |d: &mut Drawn, t: &TileRef| {
        if d.tile != *t {
            paint_tile(&d.el, &t.0);
            d.tile = t.clone();
        }
    };
    if want.len() == drawn.len() && want.iter().zip(drawn.iter()).all(|((id, _), d)| **id == d.id) {
        want.iter().zip(drawn.iter_mut()).for_each(|((_, t), d)| repaint(d, t));
        return;
    }
    // The tiles that stay, in their order on the page; a slot empties when its tile is placed.
    let wanted: std::collections::HashSet<&str> = want.iter().map(|(id, _)| id.as_str()).collect();
    let mut stay: Vec<Option<Drawn>> = Vec::new();
    for d in drawn.drain(..) {
        if wanted.contains(d.id.as_str()) {
            stay.push(Some(d));
        } else {
            d.el.remove();
        }
    }
    let slot: HashMap<String, usize> = stay.iter().enumerate().filter_map(|(i, d)| Some((d.as_ref()?.id.clone(), i))).collect();
    let fresh: String = want.iter().filter(|(id, _)| !slot.contains_key(*id)).map(|(_, t)| tile_markup(&t.0, quiet)).collect();
    let (all, made) = parse_elements(&fresh);
    if stay.is_empty() {
        // All new (the first render): in one insertion.
        if let Some(all) = all {
            let _ = parent.append_child(&all);
        }
        drawn.extend(want.into_iter().zip(made).map(|((id, t), el)| Drawn { id: id.clone(), tile: t.clone(), el }));
        return;
    }
    // Walk the wanted order against the page's: a tile already next stays where it is; any other
    // goes before the next one still unplaced. Removing or adding tiles so moves nothing else; a
    // reorder may move more tiles than the fewest possible, but tiles are ordered by age, which
    // never changes for a task that stays.
    let mut made = made.into_iter();
    let mut cursor = 0;
    for (id, t) in want {
        while cursor < stay.len() && stay[cursor].is_none() {
            cursor += 1;
        }
        let d = match slot.get(id.as_str()) {
            Some(&i) if i == cursor => {
                cursor += 1;
                stay[i].take()
            }
            Some(&i) => stay[i].take().inspect(|d| insert_tile(parent, d, &stay[cursor..])),
            None => {
                made.next().map(|el| Drawn { id: id.clone(), tile: t.clone(), el }).inspect(|d| insert_tile(parent, d, &stay[cursor..]))
            }
        };
        if let Some(mut d) = d {
            repaint(&mut d, t);
            drawn.push(d);
        }
    }
    stay.into_iter().flatten().for_each(|d| d.el.remove());
}

/// Puts a tile before the first of `rest` that is still unplaced, or last.
fn insert_tile(parent: &Element, d: &Drawn, rest: &[Option<Drawn>]) {
    let before = rest.iter().flatten().next().map(|n| n.el.unchecked_ref::<web_sys::Node>());
    let _ = parent.insert_before(&d.el, before);
}

/// Parses `markup`: the fragment it gives and that fragment's elements, in order.
fn parse_elements(markup: &str) -> (Option<web_sys::DocumentFragment>, Vec<Element>) {
    let Some(tpl) = document().create_element("template").ok().filter(|_| !markup.is_empty()) else { return (None, Vec::new()) };
    tpl.set_inner_html(markup);
    let content = tpl.unchecked_into::<web_sys::HtmlTemplateElement>().content();
    let all = content.children();
    let made = (0..all.length()).filter_map(|i| all.item(i)).collect();
    (Some(content), made)
}

fn tile_class(t: &Tile) -> String {
    let kind = if t.service.is_some() { "service" } else { "standalone" };
    let sick = if t.health == HealthStatus::Unhealthy { " unhealthy" } else { "" };
    format!("tile {kind} {}{sick}", t.phase())
}

fn tile_title(t: &Tile) -> String {
    let what = format!("{} from {}", t.group, t.task_definition);
    if t.stopping {
        format!("{what}: stopping or stopped")
    } else {
        format!("{what}: click to stop this task")
    }
}

/// A new tile's markup: eight elements, its icons drawn by CSS (a thousand tiles of inline SVG
/// cost the browser more to parse and style than the rest of the page). Every piece of task
/// data goes through [`esc`]: service and family names are the visitor's own text.
fn tile_markup(t: &Tile, quiet: bool) -> String {
    format!(
        concat!(
            r#"<div class="{class}" data-task="{id}"{quiet}><button class="tile-main" data-act="kill" aria-label="{label}" aria-disabled="{off}" title="{title}">"#,
            r#"<span class="tile-icon glyph" aria-hidden="true"></span><span class="tile-id mono">{short}</span><span class="tile-owner">{owner}</span>"#,
            r#"<span class="tile-status">{status}</span><span class="tile-stop" aria-hidden="true"></span></button>"#,
            r#"<button class="tile-info" data-act="info" title="Task details" aria-haspopup="dialog" aria-label="Details of task {short}"></button></div>"#,
        ),
        class = tile_class(t),
        quiet = if quiet { " data-quiet" } else { "" },
        id = esc(&t.id),
        label = esc(&t.label),
        off = t.stopping,
        title = esc(&tile_title(t)),
        short = esc(&t.short),
        owner = esc(t.service.as_deref().unwrap_or(&t.task_definition)),
        status = t.status.as_str(),
    )
}

/// Writes a tile's changing parts (class, name, state) into its element.
fn paint_tile(root: &Element, t: &Tile) {
    set(root, "", "class", &tile_class(t));
    set(root, ".tile-main", "aria-label", &t.label);
    set(root, ".tile-main", "aria-disabled", if t.stopping { "true" } else { "false" });
    set(root, ".tile-main", "title", &tile_title(t));
    set(root, ".tile-status", "text", t.status.as_str());
}

/// The cluster's one click handler: a tile's stop or details button, an instance's actions.
fn on_cluster_click(ctx: Ctx, selected: RwSignal<Option<String>>, ev: leptos::ev::MouseEvent) {
    let Some(button) = ev.target().and_then(|t| t.dyn_into::<Element>().ok()).and_then(|t| t.closest("[data-act]").ok().flatten()) else {
        return;
    };
    let owner = |sel: &str, attr: &str| button.closest(sel).ok().flatten().and_then(|e| e.get_attribute(attr));
    let act = button.get_attribute("data-act").unwrap_or_default();
    match act.as_str() {
        "kill" if button.get_attribute("aria-disabled").as_deref() != Some("true") => {
            if let Some(task) = owner(".tile", "data-task") {
                let _ = ctx.apply(Command::StopTask { task, reason: None });
            }
        }
        "info" => selected.set(owner(".tile", "data-task")),
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
    let click = move |ev: leptos::ev::MouseEvent| {
        let target = ev.target().and_then(|t| t.dyn_into::<Element>().ok());
        match target.and_then(|t| t.closest("[data-act]").ok().flatten()).and_then(|b| b.get_attribute("data-act")).as_deref() {
            Some("stop") => {
                if let Some(id) = selected.get_untracked() {
                    let _ = ctx.apply(Command::StopTask { task: id, reason: None });
                }
            }
            Some("close") => selected.set(None),
            _ => {}
        }
    };
    view! {
        <dialog node_ref=dialog class="details" aria-labelledby="details-title" on:close=move |_| selected.set(None) on:click=click>
            <div class="details-body">
                <div class="details-head" inner_html=DIALOG_HEAD></div>
                <div node_ref=body class="details-live"></div>
            </div>
        </dialog>
    }
}

/// The dialog's fixed header (a constant; the task id goes into its `span` as text).
const DIALOG_HEAD: &str = concat!(
    r#"<h2 id="details-title">Task <span class="mono"></span></h2>"#,
    r#"<button class="btn small danger stop" data-act="stop"><svg class="icon" viewBox="0 0 16 16" aria-hidden="true" focusable="false"><rect x="3.5" y="3.5" width="9" height="9" rx="1.5" fill="currentColor"/></svg>Stop task</button>"#,
    r#"<button class="btn icon-btn" data-act="close" aria-label="Close details"><svg class="icon" viewBox="0 0 16 16" aria-hidden="true" focusable="false"><path d="M4 4l8 8M12 4l-8 8" fill="none" stroke="currentColor" stroke-width="1.6" stroke-linecap="round"/></svg></button>"#,
);

/// Launches a new EC2 container instance of a chosen type into a chosen zone. The options come
/// from the core's catalogue and the region (never from visitors) and go in as text.
#[component]
fn AddInstance() -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let region = ctx.sim.with_untracked(|s| s.config().region.clone());
    let form = NodeRef::<leptos::html::Form>::new();
    Effect::new(move |_| {
        let Some(f) = form.get() else { return };
        let types = view_model::instance_type_choices();
        let zones = view_model::zone_choices(&region);
        for (sel, options) in [
            ("select[name=type]", types.iter().map(|(v, t)| (*v, t.as_str())).collect::<Vec<_>>()),
            ("select[name=zone]", zones.iter().map(|z| (z.as_str(), z.as_str())).collect()),
        ] {
            if let Some(select) = f.query_selector(sel).ok().flatten() {
                for (value, text) in options {
                    if let Some(o) = add(&select, "option", "", text) {
                        let _ = o.set_attribute("value", value);
                        if value == "m5.large" {
                            let _ = o.set_attribute("selected", "");
                        }
                    }
                }
            }
        }
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(f) = form.get_untracked() else { return };
        let value = |sel: &str| {
            f.query_selector(sel)
                .ok()
                .flatten()
                .and_then(|e| e.dyn_into::<web_sys::HtmlSelectElement>().ok())
                .map(|s| s.value())
                .unwrap_or_default()
        };
        let (t, z) = (value("select[name=type]"), value("select[name=zone]"));
        let result = ctx.apply(Command::AddInstance { instance_type: t.clone(), availability_zone: z.clone() });
        if result.is_ok() {
            ctx.announce.set(format!("Added a {t} container instance in {z}."));
        }
        set(&f, ".field-error", "text", &result.err().unwrap_or_default());
    };
    view! {
        <form node_ref=form class="add-instance" aria-label="Add a container instance" on:submit=submit inner_html=ADD_INSTANCE></form>
    }
}

/// The add-instance form's fixed markup; its options are added as text by [`AddInstance`].
const ADD_INSTANCE: &str = concat!(
    r#"<label class="field-inline"><span>Instance type</span><select name="type"></select></label>"#,
    r#"<label class="field-inline"><span>Zone</span><select name="zone"></select></label>"#,
    r#"<button type="submit" class="btn small"><svg class="icon" viewBox="0 0 16 16" aria-hidden="true" focusable="false">"#,
    r#"<circle cx="8" cy="8" r="6.3" fill="none" stroke="currentColor" stroke-width="1.4"/><path d="M8 5v6M5 8h6" stroke="currentColor" stroke-width="1.6" stroke-linecap="round"/></svg>Add instance</button>"#,
    r#"<p class="field-error" role="alert"></p>"#,
);

#[cfg(test)]
mod tests {
    use super::*;
    use ecs_sim_core::TaskStatus;

    #[test]
    fn a_tile_names_its_task_and_escapes_the_names_a_visitor_typed() {
        let evil = "<img src=x onerror=alert(1)>";
        let t = Tile {
            id: "0123456789abcdef".into(),
            short: "01234567".into(),
            service: Some(evil.into()),
            group: format!("service:{evil}"),
            task_definition: format!("{evil}:1"),
            status: TaskStatus::Running,
            stopping: false,
            health: HealthStatus::Unknown,
            label: format!("Task 01234567, service {evil}, RUNNING"),
        };
        let html = tile_markup(&t, false);
        assert!(!html.contains("<img"), "{html}");
        assert!(html.contains(r#"aria-label="Task 01234567, service &lt;img src=x onerror=alert(1)&gt;, RUNNING""#), "{html}");
        assert!(html.contains(r#"class="tile service running""#) && html.contains(r#"aria-disabled="false""#), "{html}");
        assert!(html.contains(r#"aria-label="Details of task 01234567""#), "{html}");
        let stopped = tile_markup(&Tile { service: None, stopping: true, status: TaskStatus::Stopped, ..t }, true);
        assert!(stopped.contains(r#"class="tile standalone stopped""#) && stopped.contains(r#"aria-disabled="true""#), "{stopped}");
        assert!(stopped.contains(" data-quiet>") && !html.contains("data-quiet"), "only tiles there from the start skip the fly-in");
    }
}
