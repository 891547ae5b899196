//! What a task or service asks of placement: strategies (best effort), constraints (binding) and
//! the resources a task reserves. Services store these; `placement` applies them to instances.

use crate::query;
use serde::{Deserialize, Serialize};

/// A placement strategy (best effort, applied in order).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", tag = "type", content = "field")]
pub enum Strategy {
    /// Even out tasks of the group over the values of a field: `instanceId` or `attribute:NAME`.
    Spread(String),
    /// Fill the instance with the least of the resource left (`cpu` or `memory`).
    Binpack(Resource),
    /// Any instance that fits.
    Random,
}

impl Strategy {
    /// The service default: spread over AZs, then over instances.
    pub fn service_default() -> Vec<Strategy> {
        vec![Strategy::Spread("attribute:ecs.availability-zone".into()), Strategy::Spread("instanceId".into())]
    }

    /// What a spread strategy spreads over; `None` for the others.
    pub(crate) fn spread(&self) -> Option<Spread<'_>> {
        let Strategy::Spread(field) = self else { return None };
        if field == "instanceId" || field == "host" {
            return Some(Spread::Instance);
        }
        Some(match field.strip_prefix("attribute:").unwrap_or(field) {
            "ecs.availability-zone" => Spread::Zone,
            other => Spread::Attribute(other),
        })
    }

    /// As the CLI writes it: `spread(attribute:ecs.availability-zone)`, `binpack(memory)`, `random`.
    pub fn label(&self) -> String {
        match self {
            Strategy::Spread(f) => format!("spread({f})"),
            Strategy::Binpack(r) => format!("binpack({})", r.as_str()),
            Strategy::Random => "random".into(),
        }
    }
}

/// A placement constraint (binding: an instance that fails it is never used).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", tag = "type", content = "expression")]
pub enum Constraint {
    /// No two tasks of the group on one instance.
    DistinctInstance,
    /// Only instances matching a cluster query language expression.
    MemberOf(String),
}

impl Constraint {
    /// Checks a `memberOf` expression parses; the error names the problem.
    pub fn validate(&self) -> Result<(), query::QueryError> {
        match self {
            Constraint::DistinctInstance => Ok(()),
            Constraint::MemberOf(e) => query::parse(e).map(|_| ()),
        }
    }

    /// As the CLI writes it.
    pub fn label(&self) -> String {
        match self {
            Constraint::DistinctInstance => "distinctInstance".into(),
            Constraint::MemberOf(e) => format!("memberOf({e})"),
        }
    }
}

/// What a spread strategy spreads over.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Spread<'a> {
    /// `instanceId` (or `host`): the tasks per instance.
    Instance,
    /// `attribute:ecs.availability-zone`: the tasks per zone.
    Zone,
    /// Any other attribute: the tasks per value.
    Attribute(&'a str),
}

/// A resource a task reserves on its instance.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Resource {
    /// CPU units.
    Cpu,
    /// Memory, MiB.
    Memory,
    /// Host ports.
    Ports,
}

impl Resource {
    /// `cpu`, `memory` or `ports`.
    pub fn as_str(self) -> &'static str {
        match self {
            Resource::Cpu => "cpu",
            Resource::Memory => "memory",
            Resource::Ports => "ports",
        }
    }

    /// The reason RunTask reports, e.g. `RESOURCE:CPU`.
    pub fn failure_reason(self) -> &'static str {
        match self {
            Resource::Cpu => "RESOURCE:CPU",
            Resource::Memory => "RESOURCE:MEMORY",
            Resource::Ports => "RESOURCE:PORTS",
        }
    }

    /// How a service event words the shortage.
    pub fn shortage(self) -> &'static str {
        match self {
            Resource::Cpu => "has insufficient CPU units available",
            Resource::Memory => "has insufficient memory available",
            Resource::Ports => "is already using a port required by your task",
        }
    }
}
