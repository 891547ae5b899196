//! The ecs-sim page: mounts the Leptos app over the core.

mod app;
mod availability;
mod bench;
mod cluster;
mod console;
mod deploy;
mod embed;
mod learn;
mod log;
mod persist;
mod services;
mod shared;
mod timeline;

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

fn main() {
    // A panic is a bug: say so on the page instead of freezing silently. (The panic message is
    // not formatted: that machinery would add kilobytes to every visitor's download.)
    std::panic::set_hook(Box::new(|_| crashed()));
    // The static shell of index.html goes in the same task as the app comes: one frame, no flash.
    if let Some(shell) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.get_element_by_id("shell")) {
        shell.remove();
    }
    leptos::mount::mount_to_body(app::App);
    bench::mark("ecs-sim:mounted");
    // Effects created while mounting run, in order, on the local executor; a task queued after
    // them marks when they are done (the DOM complete), and the first timer comes after the
    // browser has had a chance to render a frame.
    wasm_bindgen_futures::spawn_local(async { bench::mark("ecs-sim:effects-done") });
    leptos::prelude::set_timeout(|| bench::mark("ecs-sim:settled"), std::time::Duration::ZERO);
}
