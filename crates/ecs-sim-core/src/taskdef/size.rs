//! The task size: cpu units and MiB of memory as register-task-definition accepts them
//! (`"256"`, `"1 vCPU"`, `"2 GB"`), and the combinations Fargate runs.

use super::decimal;
use super::input::NumOrText;
use super::invalid;
use crate::error::SimError;
use crate::model::*;

/// The memory sizes (MiB) Fargate allows with `cpu` units, or `None` for a cpu Fargate lacks.
pub fn fargate_memory_options(cpu: u32) -> Option<Vec<u32>> {
    let gib = |a: u32, b: u32, step: u32| (a..=b).step_by(step as usize).map(|g| g * 1024).collect::<Vec<u32>>();
    Some(match cpu {
        256 => vec![512, 1024, 2048],
        512 => gib(1, 4, 1),
        1024 => gib(2, 8, 1),
        2048 => gib(4, 16, 1),
        4096 => gib(8, 30, 1),
        8192 => gib(16, 60, 4),
        16384 => gib(32, 120, 8),
        _ => return None,
    })
}

/// `"256"`, `256`, `"1 vCPU"`, `"0.25 vcpu"` → CPU units.
pub(super) fn parse_cpu(v: &NumOrText) -> Result<u32, SimError> {
    let bad = |s: &str| {
        invalid("cpu", format!("cpu '{s}' is not a number of CPU units (e.g. \"256\") or vCPUs (e.g. \"1 vCPU\").")).with_value(s)
    };
    match v {
        NumOrText::Num(n) if *n >= 0.0 && n.fract() == 0.0 && *n <= 1e6 => Ok(*n as u32),
        NumOrText::Num(n) => Err(bad(&decimal::text(*n))),
        NumOrText::Text(s) => {
            let t = s.trim().to_ascii_lowercase();
            if let Some(v) = t.strip_suffix("vcpu") {
                return decimal::times_1024(v.trim(), 1000).ok_or_else(|| bad(s));
            }
            t.parse().map_err(|_| bad(s))
        }
    }
}

/// `"512"`, `512`, `"1 GB"`, `"2GB"` → MiB.
pub(super) fn parse_memory(v: &NumOrText) -> Result<u32, SimError> {
    let bad =
        |s: &str| invalid("memory", format!("memory '{s}' is not a number of MiB (e.g. \"512\") or GB (e.g. \"1 GB\").")).with_value(s);
    match v {
        NumOrText::Num(n) if *n >= 0.0 && n.fract() == 0.0 && *n <= 1e7 => Ok(*n as u32),
        NumOrText::Num(n) => Err(bad(&decimal::text(*n))),
        NumOrText::Text(s) => {
            let t = s.trim().to_ascii_lowercase();
            if let Some(v) = t.strip_suffix("gb") {
                return decimal::times_1024(v.trim(), 10_000).ok_or_else(|| bad(s));
            }
            t.parse().map_err(|_| bad(s))
        }
    }
}

/// Fargate runs only some cpu and memory combinations: a definition that requires Fargate must
/// use one of them.
pub(super) fn check_fargate(td: &TaskDefinition) -> Result<(), SimError> {
    if !td.requires_compatibilities.contains(&LaunchType::Fargate) {
        return Ok(());
    }
    let hint = match fargate_memory_options(td.cpu) {
        None => format!("Fargate supports cpu 256, 512, 1024, 2048, 4096, 8192 or 16384 units (got {}).", td.cpu),
        Some(options) if !options.contains(&td.memory) => {
            let (lo, hi) = (options[0], options[options.len() - 1]);
            let step = options.get(1).map_or(0, |s| s - lo);
            // 256 CPU units allow 512, 1024 or 2048: not a range with one step.
            let allowed = if options.windows(2).all(|w| w[1] - w[0] == step) {
                format!("memory from {lo} to {hi} MiB in {step} MiB steps")
            } else {
                let (last, rest) = options.split_last().expect("every cpu has memory options");
                let rest: Vec<String> = rest.iter().map(u32::to_string).collect();
                format!("memory {} or {last} MiB", rest.join(", "))
            };
            format!("On Fargate, cpu {} allows {allowed} (got {}).", td.cpu, td.memory)
        }
        Some(_) => return Ok(()),
    };
    let reason = crate::error::Reason::NoFargateConfiguration { cpu: td.cpu, memory: td.memory, hint };
    Err(SimError::Client { op: crate::op::Op::RegisterTaskDefinition, param: Some("cpu".into()), value: Some(td.cpu.to_string()), reason })
}
