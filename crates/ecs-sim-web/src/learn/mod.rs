//! Learning the difference between services and standalone tasks: the explanation cards under
//! the simulator and the guided scenarios.

pub mod explanations;
pub mod guide;
