//! Typed errors for bad input. A rejected command leaves the simulation exactly as it was.
//!
//! An error carries its facts: the [`Op`] that refused, the parameter (its API member name or
//! JSON path, such as `desiredCount` or `containerDefinitions[0].healthCheck.interval`), the
//! value given, and why. Its text is rendered from those in the AWS CLI's form, so the console
//! and the CLI print it as it is:
//! `An error occurred (InvalidParameterException) when calling the CreateService operation: …`.

use crate::op::Op;
use crate::query::QueryError;
use crate::schedule::ScheduleError;
use std::fmt;

/// Why a parameter was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reason {
    /// Outside an inclusive range: `P must be between MIN and MAX (got V).`
    Between {
        /// Smallest allowed value.
        min: u32,
        /// Largest allowed value.
        max: u32,
    },
    /// Above a limit: `P must be at most MAX (got V).`
    AtMost {
        /// Largest allowed value.
        max: u32,
    },
    /// Missing: `P is required.`
    Required,
    /// Text that is no whole number: `P must be a whole number (got 'V').`
    WholeNumber,
    /// Not one of the allowed words: `P should be one of [A, B] (got 'V').`
    OneOf(&'static [&'static str]),
    /// A `memberOf` expression that does not parse: `Invalid memberOf expression: …`. Boxed,
    /// as the next one, to keep every `Result<_, SimError>` small.
    MemberOf(Box<QueryError>),
    /// A schedule expression that does not parse.
    Schedule(Box<ScheduleError>),
    /// A cpu and memory pair Fargate does not run (RegisterTaskDefinition): `No Fargate
    /// configuration exists for given values: CPU CPU, MEMORY memory. …`. What the pairs are is
    /// the simulator's explanation, [`SimError::hint`], not part of ECS's sentence.
    NoFargateConfiguration {
        /// Task cpu units.
        cpu: u32,
        /// Task memory, MiB.
        memory: u32,
        /// The valid pairs near it, in the simulator's words.
        hint: String,
    },
    /// ECS's own sentence for the problem, whole.
    Text(String),
}

/// Why a command was refused. Each variant names the API operation and the offending value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SimError {
    /// A parameter was out of range or malformed (InvalidParameterException).
    InvalidParameter {
        /// The API operation.
        op: Op,
        /// The parameter, as an API member name or JSON path; `None` when the problem is the
        /// request as a whole.
        param: Option<String>,
        /// The value given, as text.
        value: Option<String>,
        /// What was wrong.
        reason: Reason,
    },
    /// A client-side error, as RegisterTaskDefinition returns for a bad cpu/memory pair
    /// (ClientException).
    Client {
        /// The API operation.
        op: Op,
        /// The parameter, as an API member name or JSON path.
        param: Option<String>,
        /// The value given, as text.
        value: Option<String>,
        /// What was wrong.
        reason: Reason,
    },
    /// The named service does not exist (or is INACTIVE).
    ServiceNotFound {
        /// The API operation.
        op: Op,
        /// The service name that was asked for.
        name: String,
    },
    /// The service is DRAINING or INACTIVE.
    ServiceNotActive {
        /// The API operation.
        op: Op,
        /// The service name.
        name: String,
    },
    /// A service with this name is already ACTIVE or DRAINING (CreateService).
    ServiceExists {
        /// The clashing name.
        name: String,
    },
    /// The task id is unknown.
    TaskNotFound {
        /// The API operation.
        op: Op,
        /// The id that was asked for.
        id: String,
    },
    /// The container instance id is unknown.
    InstanceNotFound {
        /// The API operation.
        op: Op,
        /// The id that was asked for.
        id: String,
    },
    /// The task definition `family:revision` is not registered.
    TaskDefinitionNotFound {
        /// The API operation.
        op: Op,
        /// The name that was asked for.
        name: String,
    },
    /// `--cluster` names a cluster other than the simulator's.
    ClusterNotFound {
        /// The API operation.
        op: Op,
        /// The cluster name or ARN given.
        cluster: String,
    },
}

impl SimError {
    /// A refused request, in ECS's words, about no one parameter.
    pub(crate) fn invalid(op: Op, text: impl Into<String>) -> Self {
        SimError::InvalidParameter { op, param: None, value: None, reason: Reason::Text(text.into()) }
    }

    /// A ClientException, in ECS's words.
    pub(crate) fn client(op: Op, text: impl Into<String>) -> Self {
        SimError::Client { op, param: None, value: None, reason: Reason::Text(text.into()) }
    }

    /// `param must be between min and max (got value).`
    pub(crate) fn between(op: Op, param: impl Into<String>, value: impl fmt::Display, min: u32, max: u32) -> Self {
        SimError::about(op, param.into(), &value, Reason::Between { min, max })
    }

    /// `param must be at most max (got value).`
    pub(crate) fn at_most(op: Op, param: impl Into<String>, value: impl fmt::Display, max: u32) -> Self {
        SimError::about(op, param.into(), &value, Reason::AtMost { max })
    }

    /// One body for the constructors above, so each kind of value costs the page no copy of it.
    fn about(op: Op, param: String, value: &dyn fmt::Display, reason: Reason) -> Self {
        SimError::InvalidParameter { op, param: Some(param), value: Some(value.to_string()), reason }
    }

    /// `param is required.`
    pub(crate) fn required(op: Op, param: impl Into<String>) -> Self {
        SimError::InvalidParameter { op, param: Some(param.into()), value: None, reason: Reason::Required }
    }

    /// `param should be one of [..] (got 'value').`
    pub(crate) fn one_of(op: Op, param: impl Into<String>, value: impl Into<String>, allowed: &'static [&'static str]) -> Self {
        SimError::InvalidParameter { op, param: Some(param.into()), value: Some(value.into()), reason: Reason::OneOf(allowed) }
    }

    /// The same error, about `param` (no change for the variants that name no parameter).
    pub(crate) fn with_param(mut self, p: impl Into<String>) -> Self {
        if let SimError::InvalidParameter { param, .. } | SimError::Client { param, .. } = &mut self {
            *param = Some(p.into());
        }
        self
    }

    /// The same error, naming the value given.
    pub(crate) fn with_value(self, v: impl fmt::Display) -> Self {
        self.with_value_of(&v)
    }

    fn with_value_of(mut self, v: &dyn fmt::Display) -> Self {
        if let SimError::InvalidParameter { value, .. } | SimError::Client { value, .. } = &mut self {
            *value = Some(v.to_string());
        }
        self
    }

    /// The operation that refused.
    pub fn op(&self) -> Op {
        match self {
            SimError::InvalidParameter { op, .. }
            | SimError::Client { op, .. }
            | SimError::ServiceNotFound { op, .. }
            | SimError::ServiceNotActive { op, .. }
            | SimError::TaskNotFound { op, .. }
            | SimError::InstanceNotFound { op, .. }
            | SimError::TaskDefinitionNotFound { op, .. }
            | SimError::ClusterNotFound { op, .. } => *op,
            SimError::ServiceExists { .. } => Op::CreateService,
        }
    }

    /// The exception's name, as the AWS CLI prints it.
    pub fn exception(&self) -> &'static str {
        match self {
            SimError::InvalidParameter { .. }
            | SimError::ServiceExists { .. }
            | SimError::TaskNotFound { .. }
            | SimError::InstanceNotFound { .. } => "InvalidParameterException",
            SimError::Client { .. } | SimError::TaskDefinitionNotFound { .. } => "ClientException",
            SimError::ServiceNotFound { .. } => "ServiceNotFoundException",
            SimError::ServiceNotActive { .. } => "ServiceNotActiveException",
            SimError::ClusterNotFound { .. } => "ClusterNotFoundException",
        }
    }

    /// The parameter the error is about (API member name or JSON path), for a form or editor
    /// to mark the field.
    pub fn param(&self) -> Option<&str> {
        match self {
            SimError::InvalidParameter { param, .. } | SimError::Client { param, .. } => param.as_deref(),
            _ => None,
        }
    }

    /// The value that was refused: the parameter's value, or the name or id that was not found.
    pub fn value(&self) -> Option<&str> {
        match self {
            SimError::InvalidParameter { value, .. } | SimError::Client { value, .. } => value.as_deref(),
            SimError::ServiceNotFound { name, .. }
            | SimError::ServiceNotActive { name, .. }
            | SimError::ServiceExists { name }
            | SimError::TaskDefinitionNotFound { name, .. } => Some(name),
            SimError::TaskNotFound { id, .. } | SimError::InstanceNotFound { id, .. } => Some(id),
            SimError::ClusterNotFound { cluster, .. } => Some(cluster),
        }
    }

    /// The simulator's own explanation, for a line of its own under ECS's sentence (or a form's
    /// hint): which values would do. `None` when ECS's sentence says it all.
    pub fn hint(&self) -> Option<&str> {
        match self {
            SimError::Client { reason: Reason::NoFargateConfiguration { hint, .. }, .. } => Some(hint),
            _ => None,
        }
    }

    /// The error as the AWS CLI prints it, then the simulator's hint, if any, on a line of its
    /// own: what a console or a script's output shows.
    pub fn with_hint(&self) -> String {
        match self.hint() {
            Some(h) => format!("{self}\n{h}"),
            None => self.to_string(),
        }
    }

    /// The message after the `An error occurred (…) when calling the … operation: ` prefix.
    pub fn message(&self) -> String {
        Message(self).to_string()
    }
}

/// The part of the text that says what was wrong.
struct Message<'a>(&'a SimError);

impl fmt::Display for Message<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            SimError::InvalidParameter { param, value, reason, .. } | SimError::Client { param, value, reason, .. } => {
                let p = param.as_deref().unwrap_or_default();
                let v = value.as_deref().unwrap_or_default();
                match reason {
                    Reason::Between { min, max } => write!(f, "{p} must be between {min} and {max} (got {v})."),
                    Reason::AtMost { max } => write!(f, "{p} must be at most {max} (got {v})."),
                    Reason::Required => write!(f, "{p} is required."),
                    Reason::WholeNumber => write!(f, "{p} must be a whole number (got '{v}')."),
                    Reason::OneOf(allowed) => write!(f, "{p} should be one of [{}] (got '{v}').", allowed.join(", ")),
                    Reason::MemberOf(e) => write!(f, "Invalid memberOf expression: {}", **e),
                    Reason::Schedule(e) => e.fmt(f),
                    Reason::NoFargateConfiguration { cpu, memory, .. } => write!(
                        f,
                        "No Fargate configuration exists for given values: {cpu} CPU, {memory} memory. See the Amazon ECS documentation for the valid values."
                    ),
                    Reason::Text(t) => f.write_str(t),
                }
            }
            SimError::ServiceNotFound { .. } => f.write_str("Service not found."),
            SimError::ServiceNotActive { .. } => f.write_str("Service was not ACTIVE."),
            SimError::ServiceExists { .. } => f.write_str("Creation of service was not idempotent."),
            SimError::TaskNotFound { .. } => f.write_str("The referenced task was not found."),
            SimError::InstanceNotFound { id, .. } => write!(f, "The referenced container instance {id} was not found."),
            SimError::TaskDefinitionNotFound { name, .. } => write!(f, "Unable to describe task definition {name}."),
            SimError::ClusterNotFound { .. } => f.write_str("Cluster not found."),
        }
    }
}

impl fmt::Display for SimError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "An error occurred ({}) when calling the {} operation: {}", self.exception(), self.op(), Message(self))
    }
}

impl std::error::Error for SimError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_text_is_rendered_from_the_fields() {
        let e = SimError::between(Op::CreateService, "desiredCount", 5000, 0, 1000);
        assert_eq!(
            e.to_string(),
            "An error occurred (InvalidParameterException) when calling the CreateService operation: desiredCount must be between 0 and 1000 (got 5000)."
        );
        assert_eq!((e.op(), e.param(), e.value()), (Op::CreateService, Some("desiredCount"), Some("5000")));
        let e = SimError::one_of(Op::RunTask, "launchType", "SPOT", &["EC2", "FARGATE"]);
        assert_eq!(e.message(), "launchType should be one of [EC2, FARGATE] (got 'SPOT').");
        let e = SimError::client(Op::RegisterTaskDefinition, "Fargate only supports network mode 'awsvpc'.").with_param("networkMode");
        assert_eq!(e.exception(), "ClientException");
        assert_eq!(e.param(), Some("networkMode"));
        let e = SimError::ServiceExists { name: "web".into() };
        assert_eq!((e.op(), e.param(), e.value()), (Op::CreateService, None, Some("web")));
    }
}
