//! The task lifecycle: which status follows which, and how long each takes (virtual time).
//!
//! On EC2 with `bridge`/`host` networking ECS skips PROVISIONING and DEPROVISIONING (there is no
//! task network interface to attach); `awsvpc` tasks and every Fargate task go through them.
//! Durations are simulator defaults drawn from the run's generator, shorter than real ECS so a
//! visitor sees the whole cycle in seconds.

use crate::model::TaskStatus;
use crate::time::Millis;
use rand::Rng;

/// The status after `s` for a task that is starting up, or `None` once RUNNING.
pub fn next_starting(s: TaskStatus) -> Option<TaskStatus> {
    match s {
        TaskStatus::Provisioning => Some(TaskStatus::Pending),
        TaskStatus::Pending => Some(TaskStatus::Activating),
        TaskStatus::Activating => Some(TaskStatus::Running),
        _ => None,
    }
}

/// The status after `s` for a task on its way down; `with_eni` adds DEPROVISIONING.
pub fn next_stopping(s: TaskStatus, with_eni: bool) -> TaskStatus {
    match s {
        TaskStatus::Provisioning | TaskStatus::Pending | TaskStatus::Activating => TaskStatus::Stopping,
        TaskStatus::Running => TaskStatus::Deactivating,
        TaskStatus::Deactivating => TaskStatus::Stopping,
        TaskStatus::Stopping if with_eni => TaskStatus::Deprovisioning,
        TaskStatus::Stopping | TaskStatus::Deprovisioning | TaskStatus::Stopped => TaskStatus::Stopped,
    }
}

/// How long a task stays in `s` before its next step, with a little seeded jitter.
pub fn dwell(s: TaskStatus, rng: &mut impl Rng) -> Millis {
    let (lo, hi) = match s {
        TaskStatus::Provisioning => (2_000, 4_000),
        TaskStatus::Pending => (4_000, 9_000),
        TaskStatus::Activating => (2_000, 4_000),
        TaskStatus::Deactivating => (2_000, 4_000),
        TaskStatus::Stopping => (2_000, 5_000),
        TaskStatus::Deprovisioning => (2_000, 4_000),
        TaskStatus::Running | TaskStatus::Stopped => return Millis::ZERO,
    };
    Millis(rng.random_range(lo..=hi))
}

#[cfg(test)]
mod tests {
    use super::*;
    use TaskStatus::*;

    #[test]
    fn ec2_bridge_tasks_skip_the_network_interface_states() {
        let mut s = Pending;
        let mut seen = vec![s];
        while let Some(n) = next_starting(s) {
            s = n;
            seen.push(s);
        }
        while s != Stopped {
            s = next_stopping(s, false);
            seen.push(s);
        }
        assert_eq!(seen, [Pending, Activating, Running, Deactivating, Stopping, Stopped]);
    }

    #[test]
    fn awsvpc_tasks_release_their_interface_before_stopping() {
        assert_eq!(next_starting(Provisioning), Some(Pending));
        assert_eq!(next_stopping(Stopping, true), Deprovisioning);
        assert_eq!(next_stopping(Deprovisioning, true), Stopped);
    }

    #[test]
    fn a_task_stopped_before_running_goes_straight_to_stopping() {
        assert_eq!(next_stopping(Pending, false), Stopping);
        assert_eq!(next_stopping(Provisioning, true), Stopping);
    }
}
