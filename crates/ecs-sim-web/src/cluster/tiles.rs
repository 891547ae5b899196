//! The task tiles: a keyed list per instance (and per zone's Fargate area), kept in step with the
//! view model by hand-written reconciliation instead of a component per tile. All task data is
//! escaped ([`esc`]) or set as text.

use super::dom::set;
use super::view_model::{ClusterVm, Tile, TileRef};
use crate::shared::html::esc;
use ecs_sim_core::script::sort_by;
use ecs_sim_core::HealthStatus;
use ecs_sim_core::VecMap;
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::Element;

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
pub(super) fn Tiles(vm: Memo<ClusterVm>, ids: Signal<Vec<String>>) -> impl IntoView {
    let root = NodeRef::<leptos::html::Div>::new();
    let drawn = StoredValue::new_local(Vec::<Drawn>::new());
    crate::shared::html::effect(move || {
        let Some(el) = root.get() else { return };
        let quiet = OPENING.with(std::cell::Cell::get);
        ids.with(|ids| vm.with(|v| drawn.update_value(|d| sync_tiles(&el, d, ids, &v.tiles, quiet))));
    });
    view! { <div node_ref=root class="tiles"></div> }
}

thread_local! {
    /// True until the page's first frame: the tiles already there when it opens (a saved run, a
    /// link) do not fly in.
    pub(super) static OPENING: std::cell::Cell<bool> = const { std::cell::Cell::new(true) };
}

/// Makes `parent`'s tiles show `ids` in order: repaints changed tiles in place, removes the
/// tiles of tasks that are gone, adds the new ones, and moves an element only when the order
/// changed.
fn sync_tiles(parent: &Element, drawn: &mut Vec<Drawn>, ids: &[String], tiles: &VecMap<TileRef>, quiet: bool) {
    // Ids are task ids, each once (the view model lists every task in one place).
    let want: Vec<(&String, &TileRef)> = ids.iter().filter_map(|id| tiles.get(id).map(|t| (id, t))).collect();
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
    // Sorted lists searched by halves, not hash sets: each set type costs the page a kilobyte.
    let mut wanted: Vec<&str> = want.iter().map(|(id, _)| id.as_str()).collect();
    sort_by(&mut wanted, &|a, b| a.cmp(b));
    let mut stay: Vec<Option<Drawn>> = Vec::new();
    for d in drawn.drain(..) {
        if wanted.binary_search(&d.id.as_str()).is_ok() {
            stay.push(Some(d));
        } else {
            d.el.remove();
        }
    }
    let mut slots: Vec<(String, usize)> = stay.iter().enumerate().filter_map(|(i, d)| Some((d.as_ref()?.id.clone(), i))).collect();
    sort_by(&mut slots, &|a, b| a.0.cmp(&b.0));
    let slot = |id: &str| slots.binary_search_by(|(k, _)| k.as_str().cmp(id)).ok().map(|i| slots[i].1);
    let fresh: String = want.iter().filter(|(id, _)| slot(id).is_none()).map(|(_, t)| tile_markup(&t.0, quiet)).collect();
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
        let d = match slot(id) {
            Some(i) if i == cursor => {
                cursor += 1;
                stay[i].take()
            }
            Some(i) => stay[i].take().inspect(|d| insert_tile(parent, d, &stay[cursor..])),
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
    let spot = if t.spot { " spot" } else { "" };
    format!("tile {kind} {}{sick}{spot}", t.phase())
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
            spot: false,
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
