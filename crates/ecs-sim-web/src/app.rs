//! The page's shared state and layout. Components get [`Ctx`] from context and stay thin: they
//! turn clicks into core [`Command`]s and render what the core reports.

use crate::{
    cluster::ClusterView, deploy::DeployPanel, header::Header, learn::Learn, log::EventLog, services::ServiceList, wizard::Wizard,
};
use ecs_sim_core::script::{EventRecord, Refusal};
use ecs_sim_core::{Command, Millis, Outcome, Scope, SimConfig, Simulation};
use leptos::prelude::*;
use std::time::Duration;

/// Real milliseconds between two simulation steps while playing.
pub const TICK_MS: u64 = 100;

/// State shared by every component.
#[derive(Clone, Copy)]
pub struct Ctx {
    /// The simulation itself.
    pub sim: RwSignal<Simulation>,
    /// Whether virtual time runs.
    pub playing: RwSignal<bool>,
    /// Virtual seconds per real second.
    pub speed: RwSignal<u32>,
    /// The latest message for screen readers.
    pub announce: RwSignal<String>,
    /// Controls the embedding page locked (`kill`, `deploy`, …; see [`crate::embed`]).
    pub locks: StoredValue<Vec<&'static str>>,
    /// Every event drained from the simulation, for the console's and the lessons' checks.
    pub events: StoredValue<EventRecord>,
}

/// Which `lock=` name covers a command a visitor issues by clicking.
fn lock_for(cmd: &Command) -> &'static str {
    match cmd {
        Command::StopTask { .. } | Command::CrashTask { .. } | Command::MakeTaskUnhealthy { .. } => "kill",
        _ => "deploy",
    }
}

impl Ctx {
    /// Applies a command; on success announces it, on error returns the AWS-style message.
    pub fn apply(&self, cmd: Command) -> Result<Outcome, String> {
        self.apply_as(cmd, true).map_err(|e| e.to_string())
    }

    /// Applies a command, held back by the embedding page's locks when `locked` (commands from
    /// the embedding page itself are not).
    pub fn apply_as(&self, cmd: Command, locked: bool) -> Result<Outcome, Refusal> {
        let lock = lock_for(&cmd);
        if locked && self.locks.with_value(|l| l.contains(&lock)) {
            return Err(Refusal::Declined(format!("The page that embeds this simulator has locked this action ({lock}).")));
        }
        let mut result = None;
        self.sim.update(|s| result = Some(s.apply(cmd)));
        let result = result.expect("update runs its closure");
        self.take_events(true);
        result.map_err(Refusal::Sim)
    }

    /// Moves virtual time forward.
    pub fn advance(&self, d: Millis) {
        self.sim.update(|s| s.advance_by(d));
        self.take_events(true);
    }

    /// Starts over with a new seed, keeping play state and speed.
    pub fn reset(&self, seed: u64) {
        self.sim.set(Simulation::new(SimConfig { seed, ..SimConfig::default() }));
        self.announce.set(format!("Cluster reset with seed {seed}."));
    }

    /// Drains the simulation's new events into [`Ctx::events`]. A simulation put in place whole
    /// (a reset, a restored run) hands over its events at the next call.
    pub fn record_events(&self) {
        self.take_events(false);
    }

    /// Drains new events into [`Ctx::events`], announcing the latest that matters when `announce`.
    fn take_events(&self, announce: bool) {
        let fresh = self.sim.try_update_untracked(|s| s.drain_events()).unwrap_or_default();
        // Service events, and cluster events that matter (an instance draining or terminated).
        let key = |e: &&ecs_sim_core::Event| match e.kind.scope() {
            Scope::Service => true,
            Scope::Cluster => e.severity != ecs_sim_core::Severity::Info,
            Scope::Task => false,
        };
        if let Some(e) = fresh.iter().rev().find(key).filter(|_| announce) {
            self.announce.set(e.message());
        }
        self.events.update_value(|r| r.extend(fresh));
    }
}

/// A fresh cluster; with `?bench=N` in the URL (for `web/tests/perf.spec.mjs`), one already
/// running N tasks on enough instances.
fn initial_simulation() -> Simulation {
    let mut sim = Simulation::new(SimConfig { seed: 1, ..SimConfig::default() });
    let search = window().location().search().unwrap_or_default();
    if let Some(n) = crate::view_model::bench_param(&search) {
        for cmd in crate::view_model::bench_commands(n) {
            let _ = sim.apply(cmd);
        }
        sim.advance_by(Millis::secs(90));
        sim.drain_events();
    }
    crate::mark("ecs-sim:setup-done");
    sim
}

/// The whole page.
#[component]
pub fn App() -> impl IntoView {
    let ctx = Ctx {
        sim: RwSignal::new(initial_simulation()),
        playing: RwSignal::new(true),
        speed: RwSignal::new(1),
        announce: RwSignal::new(String::new()),
        locks: StoredValue::new(Vec::new()),
        events: StoredValue::new(EventRecord::new()),
    };
    provide_context(ctx);
    let lessons = crate::guide::Lessons { current: RwSignal::new(None) };
    provide_context(lessons);
    crate::persist::start(ctx);
    let embed_problems = crate::embed::start(ctx, crate::embed::run_line);
    let handle = set_interval_with_handle(
        move || {
            if ctx.playing.get_untracked() {
                ctx.advance(Millis(TICK_MS * u64::from(ctx.speed.get_untracked())));
            }
        },
        Duration::from_millis(TICK_MS),
    );
    on_cleanup(move || {
        if let Ok(h) = handle {
            h.clear();
        }
    });
    view! {
        <a class="skip" href="#cluster">"Skip to the cluster"</a>
        <Header/>
        <main class="layout">
            <section class="sim-area" data-panel="cluster" aria-labelledby="sim-title">
                <div class="sim-head">
                    <div>
                        <h2 id="sim-title">"Cluster simulator"</h2>
                        <p class="hint">"Click (or press Enter on) a running task to stop it, then watch what ECS does next."</p>
                    </div>
                    <Legend/>
                </div>
                {(!embed_problems.is_empty()).then(|| view! {
                    <ul class="notice problem embed-problems" aria-label="Embedding parameters that were ignored">
                        {embed_problems.into_iter().map(|p| view! { <li>{p}</li> }).collect_view()}
                    </ul>
                })}
                <crate::persist::RunMenu/>
                <ClusterView/>
            </section>
            <aside class="side">
                <div data-panel="guide"><crate::guide::Guided/></div>
                <div data-panel="deploy"><DeployPanel/></div>
                <div data-panel="services"><ServiceList/></div>
                <div data-panel="log"><EventLog/></div>
                <div data-panel="console"><crate::console::Console/></div>
            </aside>
        </main>
        <div data-panel="wizard"><Wizard/></div>
        <div data-panel="learn"><Learn/></div>
        <div class="sr-only" role="status" aria-live="polite">{ctx.announce}</div>
        <footer class="foot">
            "ecs-sim is a teaching simulator. Times are virtual and shorter than in real ECS; messages follow ECS's own wording."
        </footer>
    }
}

#[component]
fn Legend() -> impl IntoView {
    view! {
        <ul class="legend" aria-label="Legend">
            <li><span class="swatch service"><span class="glyph"></span></span>"Service task: replaced when it stops"</li>
            <li><span class="swatch standalone"><span class="glyph"></span></span>"Standalone task: never restarted"</li>
        </ul>
    }
}
