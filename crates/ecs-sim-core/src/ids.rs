//! Identifiers drawn from the run's seeded generator, so a replay names everything the same way.

use rand::{Rng, RngCore};

/// A task or container-instance id: 32 lowercase hex digits, as ECS prints them.
pub fn hex32(rng: &mut impl RngCore) -> String {
    format!("{:016x}{:016x}", rng.next_u64(), rng.next_u64())
}

/// An EC2 instance id, `i-0` and 16 hex digits.
pub fn ec2_instance_id(rng: &mut impl RngCore) -> String {
    format!("i-0{:016x}", rng.next_u64())
}

/// A deployment id, `ecs-svc/` and 19 digits.
pub fn deployment_id(rng: &mut impl RngCore) -> String {
    format!("ecs-svc/{:019}", rng.random_range(1_000_000_000_000_000_000u64..10_000_000_000_000_000_000u64))
}
