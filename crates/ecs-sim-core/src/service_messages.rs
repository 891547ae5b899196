//! Service event messages as the console shows them: a message identical to one already shown is
//! not repeated while its cause lasts, "until either the cause is resolved or six hours passes"
//! (Amazon ECS Developer Guide, "Amazon ECS service event messages",
//! https://docs.aws.amazon.com/AmazonECS/latest/developerguide/service-event-messages.html).
//!
//! Three messages report a cause that lasts: "was unable to place a task" (the same failure for
//! another reason is another message), "is unable to consistently start tasks successfully"
//! (the throttle) and "was unable to stop or start tasks during a deployment because of the
//! service deployment configuration". Each service keeps the messages shown whose cause lasts,
//! with the cause and when ([`ShownCause`]); `Simulation::emit` asks [`shows`] before it logs
//! one, and hands every event to [`resolve`], which drops the causes it ends ([`resolved_by`]).

use crate::event::EventKind;
use crate::model::{Cause, ShownCause};
use crate::time::Millis;

/// How long an identical message stays held back while its cause lasts.
pub const REPEAT_AFTER: Millis = Millis::mins(6 * 60);

/// The service and the lasting cause an event reports, for the kinds held back.
pub fn cause_of(kind: &EventKind) -> Option<(&str, Cause)> {
    match kind {
        EventKind::TaskNotPlaced { service, .. } | EventKind::SpotCapacityUnavailable { service } => Some((service, Cause::Placement)),
        EventKind::StartThrottled { service } => Some((service, Cause::Throttle)),
        EventKind::DeploymentBlocked { service } => Some((service, Cause::DeploymentConfiguration)),
        _ => None,
    }
}

/// The service and the causes an event shows to be over: a task placed ends a placement
/// failure, a task that reached RUNNING ends the throttle, a rollback (another deployment) ends
/// the throttle and the configuration problem of the failed one, and a service at steady state,
/// or with its deployment completed, has none left.
pub fn resolved_by(kind: &EventKind) -> Option<(&str, &'static [Cause])> {
    const ALL: &[Cause] = &[Cause::Placement, Cause::Throttle, Cause::DeploymentConfiguration];
    match kind {
        EventKind::TasksStarted { service, .. } => Some((service, &[Cause::Placement])),
        EventKind::TaskRunning { task } => task.service.as_deref().map(|s| (s, &[Cause::Throttle][..])),
        EventKind::RollingBack { service, .. } => Some((service, &[Cause::Throttle, Cause::DeploymentConfiguration])),
        EventKind::SteadyState { service } | EventKind::DeploymentCompleted { service, .. } => Some((service, ALL)),
        _ => None,
    }
}

/// Whether a message last shown at `shown`, its cause not resolved since, is held back now.
fn held_back(shown: Option<Millis>, now: Millis) -> bool {
    shown.is_some_and(|at| now.since(at) < REPEAT_AFTER)
}

/// Whether `message`, reporting `cause`, is shown now; if so it is remembered as shown.
pub fn shows(shown: &mut Vec<ShownCause>, cause: Cause, message: String, now: Millis) -> bool {
    let i = shown.iter().position(|s| s.message == message);
    if held_back(i.map(|i| shown[i].at), now) {
        return false;
    }
    if let Some(i) = i {
        shown.remove(i);
    }
    shown.push(ShownCause { message, cause, at: now });
    true
}

/// Forgets the messages of `causes` that an event of this instant ends. A cause reported at this
/// same instant is not over yet: a pass that places three tasks and fails the fourth reports
/// both, and the fourth is still waiting.
pub fn resolve(shown: &mut Vec<ShownCause>, causes: &[Cause], now: Millis) {
    shown.retain(|s| !causes.contains(&s.cause) || s.at == now);
}

/// Forgets the messages of `causes` whenever they were shown: a command started another
/// deployment, or changed the configuration that blocked one.
pub fn forget(shown: &mut Vec<ShownCause>, causes: &[Cause]) {
    shown.retain(|s| !causes.contains(&s.cause));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_message_shown_is_held_back_for_six_hours() {
        let shown = Millis::mins(10);
        assert!(held_back(Some(shown), Millis::mins(10 + 359)));
        assert!(!held_back(Some(shown), Millis::mins(10 + 360)), "after six hours it is shown again");
        assert!(!held_back(None, Millis::mins(11)), "a message not shown yet");
    }
}
