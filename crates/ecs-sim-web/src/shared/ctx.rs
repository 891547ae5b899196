//! The page's shared state. Components get [`Ctx`] from context and stay thin: they turn clicks
//! into core [`Command`]s and render what the core reports. It lives apart from the layout
//! (`app`), so components depend on the state they share, not on the page that places them.

use ecs_sim_core::script::{EventRecord, Refusal};
use ecs_sim_core::{Command, Millis, Outcome, Scope, SimConfig, Simulation};
use leptos::prelude::*;

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
    /// While the visitor looks at an earlier moment (the time slider, [`crate::timeline`]):
    /// the run itself, kept aside; [`Ctx::sim`] then holds the run as it was at that moment.
    pub live: RwSignal<Option<Simulation>>,
}

/// Which `lock=` name covers a command a visitor issues by clicking.
fn lock_for(cmd: &Command) -> &'static str {
    match cmd {
        Command::StopTask { .. } | Command::CrashTask { .. } | Command::MakeTaskUnhealthy { .. } => "kill",
        _ => "deploy",
    }
}

impl Ctx {
    /// Applies a command and drains its events, announcing the latest service event or cluster
    /// warning among them; on error returns the refusal, whose text is ECS's.
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

    /// Starts over on the landing demo with a new seed, keeping play state and speed.
    pub fn reset(&self, seed: u64) {
        self.sim.set(ecs_sim_core::demo::start(seed));
        self.announce.set(format!("Cluster reset to the demo with seed {seed}."));
    }

    /// Starts over on an empty cluster with a new seed, keeping play state and speed.
    pub fn clear(&self, seed: u64) {
        self.sim.set(Simulation::new(SimConfig { seed, ..SimConfig::default() }));
        self.announce.set(format!("Cluster cleared, seed {seed}."));
    }

    /// Calls `f` with the visitor's run: the one kept aside while an earlier moment is shown,
    /// else the one shown. What is saved and shared.
    pub fn with_run<T>(&self, f: impl FnOnce(&Simulation) -> T) -> T {
        if self.live.with_untracked(Option::is_some) {
            self.live.with_untracked(|l| f(l.as_ref().expect("checked just above, and nothing runs in between")))
        } else {
            self.sim.with_untracked(f)
        }
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
        let key = |e: &&std::sync::Arc<ecs_sim_core::Event>| match e.kind.scope() {
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
