//! Typed errors for bad input. A rejected command leaves the simulation exactly as it was.
//!
//! Messages follow the AWS CLI's form, so the console and the CLI can print them as they are:
//! `An error occurred (InvalidParameterException) when calling the CreateService operation: …`.

use thiserror::Error;

/// Why a command was refused. Each variant names the API operation and the offending value.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum SimError {
    /// A parameter was out of range or malformed.
    #[error("An error occurred (InvalidParameterException) when calling the {op} operation: {message}")]
    InvalidParameter {
        /// The API operation, e.g. `CreateService`.
        op: &'static str,
        /// What was wrong, naming the field and value.
        message: String,
    },
    /// A client-side error, as RegisterTaskDefinition returns for a bad cpu/memory pair.
    #[error("An error occurred (ClientException) when calling the {op} operation: {message}")]
    Client {
        /// The API operation.
        op: &'static str,
        /// What was wrong.
        message: String,
    },
    /// The named service does not exist (or is INACTIVE).
    #[error("An error occurred (ServiceNotFoundException) when calling the {op} operation: Service not found.")]
    ServiceNotFound {
        /// The API operation.
        op: &'static str,
        /// The service name that was asked for.
        name: String,
    },
    /// The service is DRAINING or INACTIVE.
    #[error("An error occurred (ServiceNotActiveException) when calling the {op} operation: Service was not ACTIVE.")]
    ServiceNotActive {
        /// The API operation.
        op: &'static str,
        /// The service name.
        name: String,
    },
    /// A service with this name is already ACTIVE or DRAINING.
    #[error(
        "An error occurred (InvalidParameterException) when calling the CreateService operation: Creation of service was not idempotent."
    )]
    ServiceExists {
        /// The clashing name.
        name: String,
    },
    /// The task id is unknown.
    #[error("An error occurred (InvalidParameterException) when calling the {op} operation: The referenced task was not found.")]
    TaskNotFound {
        /// The API operation.
        op: &'static str,
        /// The id that was asked for.
        id: String,
    },
    /// The container instance id is unknown.
    #[error("An error occurred (InvalidParameterException) when calling the {op} operation: The referenced container instance {id} was not found.")]
    InstanceNotFound {
        /// The API operation.
        op: &'static str,
        /// The id that was asked for.
        id: String,
    },
    /// The task definition `family:revision` is not registered.
    #[error("An error occurred (ClientException) when calling the {op} operation: Unable to describe task definition {name}.")]
    TaskDefinitionNotFound {
        /// The API operation.
        op: &'static str,
        /// The name that was asked for.
        name: String,
    },
}

impl SimError {
    pub(crate) fn invalid(op: &'static str, message: impl Into<String>) -> Self {
        SimError::InvalidParameter { op, message: message.into() }
    }
}
