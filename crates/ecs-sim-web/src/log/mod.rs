//! The event log: service events in ECS's wording and task state changes, with virtual times.
//! Newest first (as the ECS console shows them) or chronological; filters by service, task,
//! severity and text; copy to the clipboard and export as .txt or .json (a Blob URL: nothing
//! leaves the page). Filtering, ordering and formatting live in [`view_model`].
//!
//! Page weight: the panel's fixed controls are one compile-time HTML constant and its events are
//! delegated to three handlers; rows, counts and service names are written as text nodes by
//! effects. (A `view!` tree of the same controls cost about 10 KB of gzipped wasm.) Nothing a
//! visitor types ever reaches `inner_html`.

mod view_model;

use crate::shared::ctx::Ctx;
use crate::shared::html::handler;
use ecs_sim_core::{Scope, Severity};
use leptos::prelude::*;
use view_model::{LogQuery, LogView};
use wasm_bindgen::{JsCast, JsValue};
use web_sys::Element;

/// Rows drawn at most (the simulation keeps up to 1,000 events; exports take them all).
const SHOWN: usize = 200;

/// The panel's fixed markup: a constant, so no visitor input can reach it.
const SKELETON: &str = concat!(
    r#"<div class="log-head"><h2 id="log-title" class="panel-title">"#,
    r#"<svg class="icon" viewBox="0 0 16 16" aria-hidden="true" focusable="false"><rect x="1.5" y="2.5" width="13" height="11" rx="1.5" fill="none" stroke="currentColor" stroke-width="1.4"/><path d="M4.5 6l2 2-2 2M8 10.5h3.5" fill="none" stroke="currentColor" stroke-width="1.4" stroke-linecap="round" stroke-linejoin="round"/></svg>"#,
    r#"Event log</h2><button type="button" class="btn tiny" data-act="order" aria-pressed="false" title="Newest first is how the ECS console lists service events">"#,
    r#"<svg class="icon" viewBox="0 0 16 16" aria-hidden="true" focusable="false"><path d="M5 13V3M2.5 5.5L5 3l2.5 2.5M11 3v10M8.5 10.5L11 13l2.5-2.5" fill="none" stroke="currentColor" stroke-width="1.6" stroke-linecap="round" stroke-linejoin="round"/></svg>"#,
    r#"<span>Newest first</span></button></div>"#,
    r#"<div class="log-tools" role="group" aria-label="Filter the event log">"#,
    r#"<label class="field-inline"><span>Search</span><input type="search" name="text" placeholder="text in the message"></label>"#,
    r#"<label class="field-inline"><span>Service</span><select name="service"><option value="">All</option></select></label>"#,
    r#"<label class="field-inline"><span>Task</span><input class="mono" type="search" name="task" placeholder="id prefix"></label>"#,
    r#"<label class="field-inline"><span>Severity</span><select name="severity"><option value="">All</option>"#,
    r#"<option value="warning">Warnings and errors</option><option value="error">Errors</option></select></label></div>"#,
    r#"<div class="log-bar"><p class="log-count" aria-live="polite"></p><span class="log-actions">"#,
    r#"<button type="button" class="btn tiny" data-act="copy">Copy</button>"#,
    r#"<button type="button" class="btn tiny" data-act="txt">Export .txt</button>"#,
    r#"<button type="button" class="btn tiny" data-act="json">Export .json</button></span></div>"#,
    r#"<p class="log-note" role="status"></p>"#,
    r#"<ol class="events" tabindex="0" aria-label="Events, newest first"></ol>"#,
);

fn find(root: &Element, sel: &str) -> Option<Element> {
    root.query_selector(sel).ok().flatten()
}

fn add(parent: &Element, tag: &str, class: &str, text: &str) -> Option<Element> {
    let el = parent.owner_document()?.create_element(tag).ok()?;
    el.set_class_name(class);
    el.set_text_content(Some(text));
    parent.append_child(&el).ok()?;
    Some(el)
}

/// Rows on screen with the event each shows, oldest call first. The key is the event itself (the
/// same shared allocation), not its id: ids restart after a reset.
type Rendered = Vec<(std::sync::Arc<ecs_sim_core::Event>, Element)>;

fn row(list: &Element, e: &ecs_sim_core::Event) -> Option<Element> {
    let svc = if e.kind.scope() == Scope::Service { " svc" } else { "" };
    let class = format!("ev {}{svc}", view_model::severity_text(e.severity).to_ascii_lowercase());
    let li = list.owner_document()?.create_element("li").ok()?;
    li.set_class_name(&class);
    add(&li, "time", "mono", &e.at.to_string());
    add(&li, "span", "msg", &e.message());
    Some(li)
}

/// Updates the rows and the count, reusing the rows already on screen: a step that adds three
/// events touches three rows, not two hundred.
fn paint_rows(root: &Element, v: &LogView, rendered: &mut Rendered) {
    if let Some(count) = find(root, ".log-count") {
        count.set_text_content(Some(&if v.matching == v.total {
            format!("Showing {} of {} events", v.rows.len(), v.total)
        } else {
            format!("Showing {} of {} matching events ({} in the log)", v.rows.len(), v.matching, v.total)
        }));
    }
    let Some(list) = find(root, ".events") else { return };
    let mut old: Rendered = std::mem::take(rendered);
    for e in &v.rows {
        let reuse = old.iter().position(|(shown, _)| std::sync::Arc::ptr_eq(shown, e)).map(|i| old.swap_remove(i).1);
        if let Some(el) = reuse.or_else(|| row(&list, e)) {
            rendered.push((e.clone(), el));
        }
    }
    for (_, el) in old {
        el.remove();
    }
    let mut cursor = list.first_element_child();
    for (_, el) in rendered.iter() {
        if cursor.as_ref() == Some(el) {
            cursor = el.next_element_sibling();
        } else {
            let _ = list.insert_before(el, cursor.as_ref().map(|c| c.as_ref()));
        }
    }
}

/// Keeps the service filter's options in step with the services (names typed by visitors: text only).
fn paint_services(root: &Element, names: &[String], chosen: &str) {
    let Some(select) = find(root, "select[name=service]") else { return };
    select.set_text_content(None);
    for (value, text) in std::iter::once(("", "All")).chain(names.iter().map(|n| (n.as_str(), n.as_str()))) {
        if let Some(o) = add(&select, "option", "", text) {
            let _ = o.set_attribute("value", value);
            if value == chosen {
                let _ = o.set_attribute("selected", "");
            }
        }
    }
}

/// The log panel.
#[component]
pub fn EventLog() -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let query = RwSignal::new(LogQuery::default());
    // Re-filter only when the log itself changed, not on every step of the clock.
    let version = Memo::new(move |_| ctx.sim.with(|s| (s.events().len(), s.events().back().map(|e| e.id))));
    let shown = Memo::new(move |_| {
        let _ = version.get();
        query.with(|q| ctx.sim.with_untracked(|s| view_model::log_view(s.events(), q, SHOWN)))
    });
    let services = Memo::new(move |_| ctx.sim.with(|s| s.services().keys().cloned().collect::<Vec<_>>()));
    let root = NodeRef::<leptos::html::Section>::new();
    let rendered = StoredValue::new_local(Rendered::new());
    crate::shared::html::effect(move || {
        if let Some(el) = root.get() {
            shown.with(|v| rendered.update_value(|r| paint_rows(&el, v, r)));
        }
    });
    crate::shared::html::effect(move || {
        if let Some(el) = root.get() {
            services.with(|names| query.with_untracked(|q| paint_services(&el, names, &q.service)));
        }
    });
    let note = move |text: &str| {
        if let Some(n) = root.get_untracked().and_then(|r| find(&r, ".log-note")) {
            n.set_text_content(Some(text));
        }
    };
    let export = move |what: &str| -> String {
        ctx.sim.with_untracked(|s| {
            query.with_untracked(|q| {
                let ev = view_model::matching_events(s.events(), q);
                if what == "json" {
                    view_model::export_json(&ev)
                } else {
                    view_model::export_text(&ev)
                }
            })
        })
    };
    let on_value = move |ev: leptos::ev::Event| {
        let Some(name) = ev.target().and_then(|t| t.dyn_into::<Element>().ok()).and_then(|t| t.get_attribute("name")) else { return };
        let v = event_target_value(&ev);
        query.update(|q| match name.as_str() {
            "text" => q.text = v,
            "task" => q.task = v,
            "service" => q.service = v,
            _ => {
                q.min_severity = match v.as_str() {
                    "warning" => Some(Severity::Warning),
                    "error" => Some(Severity::Error),
                    _ => None,
                }
            }
        });
    };
    let on_click = move |ev: leptos::ev::MouseEvent| {
        let Some(button) =
            ev.target().and_then(|t| t.dyn_into::<Element>().ok()).and_then(|t| t.closest("button[data-act]").ok().flatten())
        else {
            return;
        };
        match button.get_attribute("data-act").as_deref() {
            Some("order") => {
                let oldest = !query.with_untracked(|q| q.oldest_first);
                query.update(|q| q.oldest_first = oldest);
                let _ = button.set_attribute("aria-pressed", if oldest { "true" } else { "false" });
                if let Some(s) = find(&button, "span") {
                    s.set_text_content(Some(if oldest { "Oldest first" } else { "Newest first" }));
                }
                if let Some(list) = root.get_untracked().and_then(|r| find(&r, ".events")) {
                    let _ = list.set_attribute("aria-label", if oldest { "Events, oldest first" } else { "Events, newest first" });
                }
            }
            Some("copy") => {
                let text = export("txt");
                let n = text.lines().count();
                let Some(w) = web_sys::window() else { return };
                let promise = w.navigator().clipboard().write_text(&text);
                wasm_bindgen_futures::spawn_local(async move {
                    let ok = wasm_bindgen_futures::JsFuture::from(promise).await.is_ok();
                    note(&if ok { format!("Copied {n} lines.") } else { "The browser did not allow copying.".into() });
                });
            }
            Some(kind) => {
                let (name, mime) =
                    if kind == "json" { ("ecs-sim-events.json", "application/json") } else { ("ecs-sim-events.txt", "text/plain") };
                note(&match download(name, mime, &export(kind)) {
                    Ok(()) => format!("Saved {name}."),
                    Err(_) => "The browser did not allow the download.".into(),
                });
            }
            None => {}
        }
    };
    view! {
        <section node_ref=root class="panel log" aria-labelledby="log-title" inner_html=SKELETON
            on:input=handler(on_value) on:change=handler(on_value) on:click=handler(on_click)></section>
    }
}

/// Saves `text` as a file through a Blob URL (same origin, no request).
fn download(name: &str, mime: &str, text: &str) -> Result<(), JsValue> {
    let opts = web_sys::BlobPropertyBag::new();
    opts.set_type(mime);
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&js_sys::Array::of1(&JsValue::from_str(text)), &opts)?;
    let url = web_sys::Url::create_object_url_with_blob(&blob)?;
    let a: web_sys::HtmlAnchorElement = document().create_element("a")?.unchecked_into();
    a.set_href(&url);
    a.set_download(name);
    a.click();
    set_timeout(
        move || {
            let _ = web_sys::Url::revoke_object_url(&url);
        },
        std::time::Duration::from_secs(5),
    );
    Ok(())
}
