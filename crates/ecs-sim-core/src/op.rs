//! The API operations the simulator answers, by the names AWS gives them: `CreateService` in
//! the API and in error messages, `create-service` on the command line.

use std::fmt;

/// Declares [`Op`] with [`Op::ALL`] and the name table from one list, so no operation can be
/// left out of either. The API name is the variant's own name.
macro_rules! operations {
    ($($(#[$doc:meta])* $op:ident => $cli:literal,)*) => {
        /// An API operation the simulator carries out: ECS calls, and the Application Auto
        /// Scaling and EventBridge Scheduler calls that act on ECS services and tasks.
        #[derive(Copy, Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Op {
            $($(#[$doc])* $op,)*
        }

        impl Op {
            /// Every operation, in declaration order.
            pub const ALL: &'static [Op] = &[$(Op::$op),*];

            /// (API name, CLI name).
            fn names(self) -> (&'static str, &'static str) {
                match self {
                    $(Op::$op => (stringify!($op), $cli),)*
                }
            }
        }
    };
}

operations! {
    /// ECS CreateService.
    CreateService => "create-service",
    /// ECS UpdateService.
    UpdateService => "update-service",
    /// ECS DeleteService.
    DeleteService => "delete-service",
    /// ECS DescribeServices.
    DescribeServices => "describe-services",
    /// ECS ListServices.
    ListServices => "list-services",
    /// ECS RunTask.
    RunTask => "run-task",
    /// ECS StopTask.
    StopTask => "stop-task",
    /// ECS DescribeTasks.
    DescribeTasks => "describe-tasks",
    /// ECS ListTasks.
    ListTasks => "list-tasks",
    /// ECS RegisterTaskDefinition.
    RegisterTaskDefinition => "register-task-definition",
    /// ECS DescribeTaskDefinition.
    DescribeTaskDefinition => "describe-task-definition",
    /// ECS RegisterContainerInstance (the agent's call when an instance joins the cluster).
    RegisterContainerInstance => "register-container-instance",
    /// ECS DeregisterContainerInstance.
    DeregisterContainerInstance => "deregister-container-instance",
    /// ECS UpdateContainerInstancesState (ACTIVE or DRAINING).
    UpdateContainerInstancesState => "update-container-instances-state",
    /// ECS DescribeContainerInstances.
    DescribeContainerInstances => "describe-container-instances",
    /// ECS ListContainerInstances.
    ListContainerInstances => "list-container-instances",
    /// Application Auto Scaling RegisterScalableTarget (a service's capacity range).
    RegisterScalableTarget => "register-scalable-target",
    /// Application Auto Scaling PutScalingPolicy (target tracking on a service).
    PutScalingPolicy => "put-scaling-policy",
    /// EventBridge Scheduler CreateSchedule (a scheduled standalone task).
    CreateSchedule => "create-schedule",
    /// EventBridge Scheduler DeleteSchedule.
    DeleteSchedule => "delete-schedule",
}

/// A command-line operation name that names no [`Op`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnknownOperation {
    /// The name as given.
    pub name: String,
}

impl fmt::Display for UnknownOperation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "'{}' is not an operation the simulator knows", self.name)
    }
}

impl std::error::Error for UnknownOperation {}

impl Op {
    /// The API name, as error messages give it: `CreateService`.
    pub fn api_name(self) -> &'static str {
        self.names().0
    }

    /// The command-line name: `create-service`.
    pub fn cli_name(self) -> &'static str {
        self.names().1
    }

    /// The operation a command-line name stands for.
    pub fn from_cli_name(name: &str) -> Result<Op, UnknownOperation> {
        Op::ALL.iter().copied().find(|op| op.cli_name() == name).ok_or_else(|| UnknownOperation { name: name.to_string() })
    }
}

impl fmt::Display for Op {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.api_name())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_operation_round_trips_through_its_cli_name() {
        for &op in Op::ALL {
            assert_eq!(Op::from_cli_name(op.cli_name()), Ok(op), "{op}");
            // The CLI name is the API name in kebab case, as the AWS CLI derives it.
            let kebab: String = op
                .to_string()
                .chars()
                .enumerate()
                .flat_map(|(i, c)| {
                    let dash = (i > 0 && c.is_ascii_uppercase()).then_some('-');
                    dash.into_iter().chain(std::iter::once(c.to_ascii_lowercase()))
                })
                .collect();
            assert_eq!(op.cli_name(), kebab);
        }
        let mut names: Vec<&str> = Op::ALL.iter().map(|o| o.api_name()).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), Op::ALL.len(), "no two operations share a name");
    }

    #[test]
    fn an_unknown_name_is_an_error_naming_it() {
        let e = Op::from_cli_name("scale-service").unwrap_err();
        assert_eq!(e, UnknownOperation { name: "scale-service".into() });
        assert_eq!(e.to_string(), "'scale-service' is not an operation the simulator knows");
        // The API spelling is not a CLI name.
        assert!(Op::from_cli_name("CreateService").is_err());
    }
}
