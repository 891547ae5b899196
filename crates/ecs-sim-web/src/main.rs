//! The ecs-sim page: mounts the Leptos app over the core.

mod app;
mod cluster;
mod console;
mod ctx;
mod deploy;
mod embed;
mod forms;
mod guide;
mod header;
mod html;
mod icons;
mod learn;
mod log;
mod persist;
mod schedules;
mod services;
mod taskdef_editor;
mod view_model;
mod wizard;

/// Puts a visible notice at the top of the page.
fn crashed() {
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else { return };
    if let (Ok(note), Some(body)) = (doc.create_element("div"), doc.body()) {
        note.set_class_name("crash");
        let _ = note.set_attribute("role", "alert");
        note.set_text_content(Some("Something went wrong inside the simulator. Reload the page to start again."));
        let _ = body.prepend_with_node_1(&note);
    }
}

/// A `performance.mark` the browser benchmark reads (`web/tests/perf.spec.mjs`).
pub(crate) fn mark(name: &str) {
    if let Some(p) = web_sys::window().and_then(|w| w.performance()) {
        let _ = p.mark(name);
    }
}

fn main() {
    // A panic is a bug: say so on the page instead of freezing silently. (The panic message is
    // not formatted: that machinery would add kilobytes to every visitor's download.)
    std::panic::set_hook(Box::new(|_| crashed()));
    leptos::mount::mount_to_body(app::App);
    mark("ecs-sim:mounted");
    // Effects created while mounting run, in order, on the local executor; a task queued after
    // them marks when they are done (the DOM complete), and the first timer comes after the
    // browser has had a chance to render a frame.
    wasm_bindgen_futures::spawn_local(async { mark("ecs-sim:effects-done") });
    leptos::prelude::set_timeout(|| mark("ecs-sim:settled"), std::time::Duration::ZERO);
}
