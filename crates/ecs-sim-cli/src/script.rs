//! `ecs-sim run SCRIPT [--seed N] [--until DURATION] [--json] [--responses]`: a script file,
//! headless.

use ecs_sim_core::script::{self, ScriptError};
use std::process::ExitCode;

struct Options {
    path: String,
    seed: Option<u64>,
    until: Option<ecs_sim_core::Millis>,
    json: bool,
    /// Print each `aws` call's response too.
    responses: bool,
}

fn options(args: &[String]) -> Result<Option<Options>, String> {
    let (mut path, mut seed, mut until, mut json, mut responses) = (None, None, None, false, false);
    // `--seed=5` is `--seed 5`.
    let args: Vec<String> = args
        .iter()
        .flat_map(|a| match a.split_once('=') {
            Some((f, v)) if f == "--seed" || f == "--until" => vec![f.to_string(), v.to_string()],
            _ => vec![a.clone()],
        })
        .collect();
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "-h" | "--help" => return Ok(None),
            "--seed" => {
                let v = it.next().ok_or("--seed needs a value")?;
                seed = Some(v.parse().map_err(|_| format!("--seed must be a whole number, not '{v}'"))?);
            }
            "--until" => {
                let v = it.next().ok_or("--until needs a duration, e.g. 10m")?;
                until = Some(script::parse_duration(v).map_err(|e| format!("--until: {e}"))?);
            }
            "--json" => json = true,
            "--responses" => responses = true,
            v if v.starts_with("--") => return Err(format!("unknown option '{v}'")),
            v if path.is_none() => path = Some(v.to_string()),
            v => return Err(format!("unexpected argument '{v}'")),
        }
    }
    Ok(Some(Options { path: path.ok_or("run needs a script file")?, seed, until, json, responses }))
}

/// Runs the `run` subcommand: 0 when every line held, 1 on a script error or failed expect,
/// 2 on bad arguments or an unreadable file.
pub fn main(args: &[String]) -> ExitCode {
    let o = match options(args) {
        Ok(Some(o)) => o,
        Ok(None) => {
            println!("{}", super::usage());
            return ExitCode::SUCCESS;
        }
        Err(e) => {
            eprintln!("ecs-sim: {e}\n\n{}", super::usage());
            return ExitCode::from(2);
        }
    };
    let text = match std::fs::read_to_string(&o.path) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("ecs-sim: cannot read {}: {e}", o.path);
            return ExitCode::from(2);
        }
    };
    let json = o.json;
    let mut print = |line: &str| {
        if !json {
            println!("{line}");
        }
    };
    let run = if o.responses { script::run_script_responding } else { script::run_script_watched };
    match run(&text, o.seed, o.until, &mut print) {
        Ok(run) => {
            if o.json {
                let snap = script::snapshot(&run.sim);
                println!("{}", serde_json::to_string_pretty(&snap).unwrap_or_default());
            }
            ExitCode::SUCCESS
        }
        Err(ScriptError { line, kind }) => {
            eprintln!("{}:{line}: {kind}", o.path);
            ExitCode::from(1)
        }
    }
}
