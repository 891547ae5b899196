//! The task details dialog a tile's "details" button opens.

use super::dom::{add, set, toggle};
use super::view_model::{self, TaskDetails};
use crate::shared::ctx::Ctx;
use crate::shared::html::handler;
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::Element;

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
pub(super) fn TaskDialog(selected: RwSignal<Option<String>>) -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let dialog = NodeRef::<leptos::html::Dialog>::new();
    let body = NodeRef::<leptos::html::Div>::new();
    let details = Memo::new(move |_| selected.with(|id| id.as_ref().and_then(|id| ctx.sim.with(|s| view_model::task_details(s, id)))));
    crate::shared::html::effect(move || {
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
    let note = expect_context::<super::Note>();
    let click = move |ev: leptos::ev::MouseEvent| {
        let target = ev.target().and_then(|t| t.dyn_into::<Element>().ok());
        match target.and_then(|t| t.closest("[data-act]").ok().flatten()).and_then(|b| b.get_attribute("data-act")).as_deref() {
            Some("stop") => {
                if let Some(id) = selected.get_untracked() {
                    note.stop(ctx, id);
                }
            }
            Some("close") => selected.set(None),
            _ => {}
        }
    };
    view! {
        <dialog node_ref=dialog class="details" aria-labelledby="details-title" on:close=handler(move |_| selected.set(None)) on:click=handler(click)>
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
