//! A run saved as data: the configuration (with its seed), the command log and the virtual time
//! reached. Replaying the log rebuilds the exact state, so this is all the page stores, exports
//! and puts in a share link. Each command is stored as its line in the command language
//! (`aws ecs create-service …`), so a saved run reads like the console and a script.
//!
//! Only this comes back, never the state itself: [`Simulation`] serializes but does not
//! deserialize, so a restored run is always rebuilt by the engine's own rules, its indexes and
//! timers agreeing with its tasks, and no hand-edited state can reach it.
//!
//! Reading is defensive: the text may be old, hand-edited, truncated or hostile. Every problem
//! is a [`SavedRunError`] that says what is wrong; nothing panics and nothing is half-applied.

use crate::command::Command;
use crate::model::SchedulingStrategy;
use crate::script;
use crate::sim::{SimConfig, Simulation};
use crate::time::Millis;
use serde::{Deserialize, Serialize};
use thiserror::Error;

/// The format tag written into every saved run.
pub const FORMAT: &str = "ecs-sim/run";
/// The version this build writes. It reads every version up to this one:
/// * 1: a DAEMON service could be given a desired count, which the engine ignored.
/// * 2: the engine refuses that count, as ECS does; a version-1 run replays without it.
pub const VERSION: u32 = 2;
/// Saved runs larger than this are refused before parsing (bytes of JSON).
pub const MAX_BYTES: usize = 2_000_000;
/// At most this many commands.
pub const MAX_COMMANDS: usize = 20_000;
/// At most this much virtual time (30 days, where the engine's time ends), so a replay always
/// finishes quickly.
pub use crate::time::MAX_TIME;
/// At most this many container instances at start.
pub const MAX_INSTANCES: usize = 1_000;

/// A saved run. Serialize it with [`SavedRun::to_json`], read it with [`SavedRun::from_json`],
/// rebuild the simulation with [`SavedRun::restore`].
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SavedRun {
    /// Always [`FORMAT`].
    pub format: String,
    /// The format version ([`VERSION`]).
    pub version: u32,
    /// The cluster's configuration, seed included.
    pub config: SimConfig,
    /// The virtual time the run had reached.
    pub now: Millis,
    /// Every command applied, with its virtual time.
    pub commands: Vec<SavedLine>,
}

/// One command of a saved run.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SavedLine {
    /// The virtual time it was applied at.
    pub at: Millis,
    /// The command, as a line of the command language.
    pub line: String,
}

/// Why a saved run could not be read.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum SavedRunError {
    /// More than [`MAX_BYTES`].
    #[error("The saved run is {bytes} bytes; the limit is {max} bytes.")]
    TooLarge {
        /// Its size.
        bytes: usize,
        /// The limit.
        max: usize,
    },
    /// Not JSON of the expected shape.
    #[error("The saved run is not readable JSON: {0}")]
    Malformed(String),
    /// Some other file.
    #[error("This is not an ecs-sim saved run (format is {found:?}, expected \"ecs-sim/run\").")]
    WrongFormat {
        /// The format tag found.
        found: String,
    },
    /// Written by a newer version of the simulator.
    #[error("The saved run has version {found}; this simulator reads version {VERSION}. Reload the page to get the newest simulator.")]
    NewerVersion {
        /// The version found.
        found: u32,
    },
    /// A value is out of the range the simulator accepts.
    #[error("The saved run's {field} is out of range: {detail}")]
    OutOfRange {
        /// The field, e.g. `config.instances`.
        field: &'static str,
        /// What is wrong with it.
        detail: String,
    },
    /// A command was refused when replayed.
    #[error("Command {index} of the saved run was refused: {message}")]
    Replay {
        /// 1-based position in the log.
        index: usize,
        /// The simulator's error.
        message: String,
    },
}

impl SavedRun {
    /// Captures a simulation.
    pub fn of(sim: &Simulation) -> SavedRun {
        SavedRun {
            format: FORMAT.into(),
            version: VERSION,
            config: sim.config().clone(),
            now: sim.now(),
            commands: sim.command_log().iter().map(|c| SavedLine { at: c.at, line: script::render(&c.command) }).collect(),
        }
    }

    /// Compact JSON, member for member what the derived serializer writes; written out here so
    /// the page carries no serializer for the run and its configuration.
    pub fn to_json(&self) -> String {
        let text = |t: &str| serde_json::Value::from(t).to_string();
        let c = &self.config;
        let instances: Vec<String> = c.instances.iter().map(|(t, az)| format!("[{},{}]", text(t), text(&az.to_string()))).collect();
        let commands: Vec<String> = self.commands.iter().map(|l| format!("{{\"at\":{},\"line\":{}}}", l.at.0, text(&l.line))).collect();
        format!(
            "{{\"format\":{},\"version\":{},\"config\":{{\"seed\":{},\"region\":{},\"cluster\":{},\"instances\":[{}],\"eventCap\":{},\
             \"stoppedRetention\":{},\"startUnixMs\":{}}},\"now\":{},\"commands\":[{}]}}",
            text(&self.format),
            self.version,
            c.seed,
            text(&c.region),
            text(&c.cluster),
            instances.join(","),
            c.event_cap,
            c.stopped_retention.0,
            c.start_unix_ms,
            self.now.0,
            commands.join(","),
        )
    }

    /// Parses and checks a saved run (without replaying it).
    pub fn from_json(text: &str) -> Result<SavedRun, SavedRunError> {
        if text.len() > MAX_BYTES {
            return Err(SavedRunError::TooLarge { bytes: text.len(), max: MAX_BYTES });
        }
        // Look at the header first, so another file or a newer version gets the right message.
        #[derive(Deserialize)]
        struct Header {
            format: Option<String>,
            version: Option<u32>,
        }
        let header: Header = serde_json::from_str(text).map_err(|e| SavedRunError::Malformed(e.to_string()))?;
        let found = header.format.unwrap_or_default();
        if found != FORMAT {
            return Err(SavedRunError::WrongFormat { found });
        }
        match header.version {
            Some(v) if v > VERSION => return Err(SavedRunError::NewerVersion { found: v }),
            Some(_) => {}
            None => return Err(SavedRunError::Malformed("missing field `version`".into())),
        }
        let run: SavedRun = serde_json::from_str(text).map_err(|e| SavedRunError::Malformed(e.to_string()))?;
        run.check()?;
        Ok(run)
    }

    fn check(&self) -> Result<(), SavedRunError> {
        let range = |field, detail: String| Err(SavedRunError::OutOfRange { field, detail });
        let c = &self.config;
        if c.instances.len() > MAX_INSTANCES {
            return range("config.instances", format!("{} instances (at most {MAX_INSTANCES})", c.instances.len()));
        }
        for (ty, az) in &c.instances {
            if crate::model::instance_type(ty).is_none() {
                return range("config.instances", format!("unknown instance type {ty:?}"));
            }
            if !az.is_ascii_lowercase() {
                return range("config.instances", format!("AZ suffix {az:?} is not a lowercase letter"));
            }
        }
        let name_ok = |s: &str| !s.is_empty() && s.len() <= 64 && s.chars().all(|ch| ch.is_ascii_alphanumeric() || ch == '-' || ch == '_');
        if !name_ok(&c.region) {
            return range("config.region", format!("{:?}", c.region));
        }
        if !name_ok(&c.cluster) {
            return range("config.cluster", format!("{:?}", c.cluster));
        }
        if !(10..=100_000).contains(&c.event_cap) {
            return range("config.event_cap", format!("{} (10 to 100000)", c.event_cap));
        }
        if c.stopped_retention > Millis::mins(24 * 60) {
            return range("config.stopped_retention", format!("{} ms (at most a day)", c.stopped_retention.0));
        }
        // 2000-01-01 to 2100-01-01: what schedules' calendar arithmetic is checked for.
        if !(946_684_800_000..=4_102_444_800_000).contains(&c.start_unix_ms) {
            return range("config.start_unix_ms", format!("{} (a Unix time in ms between 2000 and 2100)", c.start_unix_ms));
        }
        if self.now > MAX_TIME {
            return range("now", format!("{} ms (at most 30 days)", self.now.0));
        }
        if self.commands.len() > MAX_COMMANDS {
            return range("commands", format!("{} commands (at most {MAX_COMMANDS})", self.commands.len()));
        }
        let mut last = Millis::ZERO;
        for (i, c) in self.commands.iter().enumerate() {
            if c.at < last || c.at > self.now {
                return range("commands", format!("command {} is at {} ms, out of order or after `now`", i + 1, c.at.0));
            }
            last = c.at;
        }
        Ok(())
    }

    /// Replays the run. The error names the first command that was refused.
    pub fn restore(&self) -> Result<Simulation, SavedRunError> {
        self.check()?;
        let mut sim = Simulation::new(self.config.clone());
        for (i, entry) in self.commands.iter().enumerate() {
            let refused = |message: String| SavedRunError::Replay { index: i + 1, message };
            let command = script::parse_line(&entry.line)
                .map_err(|e| refused(e.to_string()))?
                .command()
                .ok_or_else(|| refused(format!("{:?} is not a command that changes the cluster", entry.line)))?;
            sim.advance_to(entry.at);
            let command = if self.version < 2 { as_version_1_ran(&sim, command) } else { command };
            sim.apply(command).map_err(|e| refused(e.to_string()))?;
        }
        sim.advance_to(self.now);
        Ok(sim)
    }
}

/// A version-1 command as that version's engine carried it out. It took a desired count for a
/// DAEMON service (create-service, or update-service on one) and ignored it, since the daemon
/// scheduler sets the count itself; today's engine refuses the count as ECS does. Leaving the
/// count out gives the same cluster, task for task and event for event.
fn as_version_1_ran(sim: &Simulation, mut command: Command) -> Command {
    let daemon = |name: &str| sim.services().get(name).is_some_and(|s| s.scheduling_strategy == SchedulingStrategy::Daemon);
    match &mut command {
        Command::CreateService { scheduling_strategy: SchedulingStrategy::Daemon, desired_count, .. } => *desired_count = 0,
        Command::UpdateService { service, desired_count, .. } if daemon(service) => *desired_count = None,
        _ => {}
    }
    command
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Command, LaunchType};

    #[test]
    fn to_json_writes_what_serde_writes() {
        let mut sim = Simulation::new(SimConfig {
            region: "eu-west-\"1\"".into(),
            instances: vec![("m5.large".into(), 'a'), ("t3.micro".into(), '\u{e9}')],
            ..SimConfig::default()
        });
        let _ = sim.apply(Command::run_task("missing:1", 1, LaunchType::Ec2));
        let mut run = SavedRun::of(&sim);
        run.commands.push(SavedLine { at: Millis(5), line: "aws ecs stop-task --task 'a b' --reason \"x\\y\"\n".into() });
        for run in [run.clone(), SavedRun { commands: vec![], ..run }] {
            assert_eq!(run.to_json(), serde_json::to_string(&run).unwrap());
        }
    }

    /// A compile-time check that [`Simulation`] does not deserialize: if it did, both impls
    /// below would apply and `Simulation::check` would be ambiguous.
    trait NotDeserialize<Marker> {
        fn check() {}
    }
    impl<T: ?Sized> NotDeserialize<()> for T {}
    impl<T: serde::de::DeserializeOwned> NotDeserialize<u8> for T {}
    const _: fn() = || <Simulation as NotDeserialize<_>>::check();

    fn sample() -> Simulation {
        let mut sim = Simulation::new(SimConfig { seed: 7, ..SimConfig::default() });
        sim.apply(Command::create_service("web", "web:1", 3, LaunchType::Ec2)).unwrap();
        sim.advance_by(Millis::secs(40));
        let victim = sim.service_tasks("web").next().unwrap().id.clone();
        sim.apply(Command::StopTask { task: victim, reason: None }).unwrap();
        sim.advance_by(Millis::secs(25));
        sim
    }

    #[test]
    fn a_saved_run_restores_the_same_state_and_log() {
        let sim = sample();
        let text = SavedRun::of(&sim).to_json();
        assert!(text.contains(r#""line":"aws ecs create-service"#), "{text}");
        let back = SavedRun::from_json(&text).unwrap().restore().unwrap();
        assert_eq!(serde_json::to_string(&back).unwrap(), serde_json::to_string(&sim).unwrap());
    }

    #[test]
    fn time_stops_at_thirty_days_so_any_advance_ends_and_saves() {
        let mut sim = sample();
        let start = std::time::Instant::now();
        sim.advance_by(Millis(u64::MAX));
        assert_eq!(sim.now(), MAX_TIME);
        eprintln!("30 virtual days with a service of 3: {:?}", start.elapsed());
        let back = SavedRun::from_json(&SavedRun::of(&sim).to_json()).unwrap().restore().unwrap();
        assert_eq!(back.now(), MAX_TIME);
    }

    #[test]
    fn bad_input_names_the_problem() {
        let err = |t: &str| SavedRun::from_json(t).unwrap_err().to_string();
        assert!(err("{not json").starts_with("The saved run is not readable JSON"));
        assert!(err(r#"{"format":"other","version":1}"#).contains("not an ecs-sim saved run"));
        assert!(err(r#"{"format":"ecs-sim/run","version":9}"#).contains("version 9"));
        let mut run = SavedRun::of(&sample());
        run.config.instances.push(("z9.huge".into(), 'a'));
        assert!(err(&run.to_json()).contains("unknown instance type \"z9.huge\""));
        let mut run = SavedRun::of(&sample());
        run.now = Millis(1);
        assert!(err(&run.to_json()).contains("after `now`"));
        assert!(err(&"x".repeat(MAX_BYTES + 1)).contains("limit"));
    }

    #[test]
    fn a_refused_command_is_named_by_position() {
        let mut run = SavedRun::of(&sample());
        run.commands.push(SavedLine { at: run.now, line: "aws ecs stop-task --cluster production --task nope".into() });
        let e = run.restore().unwrap_err();
        assert!(matches!(e, SavedRunError::Replay { index: 3, .. }), "{e}");
        run.commands[2].line = "aws ecs describe-services --services web".into();
        assert!(run.restore().unwrap_err().to_string().contains("is not a command that changes the cluster"));
        run.commands[2].line = "aws ecs stop-task --task".into();
        assert!(run.restore().unwrap_err().to_string().starts_with("Command 3 of the saved run was refused: "));
    }
}
