//! The ecs-sim page: mounts the Leptos app over the core.

mod app;
mod cluster;
mod deploy;
mod header;
mod icons;
mod learn;
mod log;
mod services;
mod view_model;

fn main() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(app::App);
}
