//! Which operations `aws ecs`, `aws scheduler` and `aws application-autoscaling` take here,
//! with their flags: for the parser, `help` and completion.

use crate::op::{Op, UnknownOperation};

/// The cluster every script runs against (the simulator's default).
pub const CLUSTER: &str = "production";

/// The `aws ecs` operations the simulator understands, in the CLI's (alphabetical) order, for
/// errors and completion.
pub const OPERATIONS: &[Op] = &[
    Op::CreateService,
    Op::DeleteService,
    Op::DescribeContainerInstances,
    Op::DescribeServices,
    Op::DescribeTaskDefinition,
    Op::DescribeTasks,
    Op::ListContainerInstances,
    Op::ListServices,
    Op::ListTasks,
    Op::RegisterTaskDefinition,
    Op::RunTask,
    Op::StopTask,
    Op::UpdateContainerInstancesState,
    Op::UpdateService,
];

/// The `aws ecs` operation a command-line name stands for, if the simulator takes it.
pub fn operation_named(name: &str) -> Result<Op, UnknownOperation> {
    named(OPERATIONS, name)
}

/// The EventBridge Scheduler operations the simulator understands (`aws scheduler …`).
pub const SCHEDULER_OPERATIONS: &[Op] = &[Op::CreateSchedule, Op::DeleteSchedule];

/// The Application Auto Scaling operations the simulator understands
/// (`aws application-autoscaling …`).
pub const AUTOSCALING_OPERATIONS: &[Op] = &[Op::PutScalingPolicy, Op::RegisterScalableTarget];

/// The `aws` services the simulator answers, with their operations.
pub const SERVICES: &[(&str, &[Op])] =
    &[("ecs", OPERATIONS), ("scheduler", SCHEDULER_OPERATIONS), ("application-autoscaling", AUTOSCALING_OPERATIONS)];

fn named(among: &[Op], name: &str) -> Result<Op, UnknownOperation> {
    Op::from_cli_name(name).ok().filter(|op| among.contains(op)).ok_or_else(|| UnknownOperation { name: name.to_string() })
}

/// The operation of any service a command-line name stands for (for `help`).
pub fn any_operation(name: &str) -> Result<Op, UnknownOperation> {
    SERVICES.iter().find_map(|(_, ops)| named(ops, name).ok()).ok_or_else(|| UnknownOperation { name: name.to_string() })
}

/// The `aws` service an operation belongs to: `ecs`, `scheduler` or `application-autoscaling`.
pub fn service_of(op: Op) -> &'static str {
    SERVICES.iter().find(|(_, ops)| ops.contains(&op)).map_or("ecs", |(s, _)| s)
}

/// Flags that take a list of values (several words).
pub(super) fn takes_list(flag: &str) -> bool {
    const MANY: &[&str] = &[
        "--placement-strategy",
        "--capacity-provider-strategy",
        "--placement-constraints",
        "--load-balancers",
        "--services",
        "--tasks",
        "--requires-compatibilities",
        "--container-instances",
        "--container-definitions",
    ];
    MANY.contains(&flag)
}

/// The flags each operation takes (besides `--cluster` and the global ones).
pub fn flags(op: Op) -> &'static [(&'static str, bool)] {
    // (flag, takes a value)
    match op {
        Op::CreateService => &[
            ("--service-name", true),
            ("--task-definition", true),
            ("--desired-count", true),
            ("--launch-type", true),
            ("--capacity-provider-strategy", true),
            ("--scheduling-strategy", true),
            ("--placement-strategy", true),
            ("--placement-constraints", true),
            ("--deployment-configuration", true),
            ("--load-balancers", true),
            ("--network-configuration", true),
            ("--health-check-grace-period-seconds", true),
            ("--availability-zone-rebalancing", true),
        ],
        Op::UpdateService => &[
            ("--service", true),
            ("--desired-count", true),
            ("--task-definition", true),
            ("--force-new-deployment", false),
            ("--no-force-new-deployment", false),
            ("--deployment-configuration", true),
            ("--availability-zone-rebalancing", true),
            ("--capacity-provider-strategy", true),
        ],
        Op::DeleteService => &[("--service", true), ("--force", false), ("--no-force", false)],
        Op::RunTask => &[
            ("--task-definition", true),
            ("--count", true),
            ("--launch-type", true),
            ("--capacity-provider-strategy", true),
            ("--group", true),
            ("--started-by", true),
            ("--placement-strategy", true),
            ("--placement-constraints", true),
            ("--network-configuration", true),
            ("--overrides", true),
        ],
        Op::StopTask => &[("--task", true), ("--reason", true)],
        Op::DescribeServices => &[("--services", true)],
        Op::DescribeTasks => &[("--tasks", true)],
        Op::ListTasks => &[("--service-name", true), ("--desired-status", true), ("--family", true)],
        Op::ListServices => &[("--launch-type", true), ("--scheduling-strategy", true)],
        Op::DescribeTaskDefinition => &[("--task-definition", true)],
        Op::RegisterTaskDefinition => &[
            ("--cli-input-json", true),
            ("--family", true),
            ("--container-definitions", true),
            ("--cpu", true),
            ("--memory", true),
            ("--network-mode", true),
            ("--requires-compatibilities", true),
            ("--execution-role-arn", true),
            ("--task-role-arn", true),
        ],
        Op::UpdateContainerInstancesState => &[("--container-instances", true), ("--status", true)],
        Op::DescribeContainerInstances => &[("--container-instances", true)],
        Op::ListContainerInstances => &[("--status", true)],
        Op::CreateSchedule => &[("--name", true), ("--schedule-expression", true), ("--flexible-time-window", true), ("--target", true)],
        Op::DeleteSchedule => &[("--name", true)],
        Op::RegisterScalableTarget => &[
            ("--service-namespace", true),
            ("--resource-id", true),
            ("--scalable-dimension", true),
            ("--min-capacity", true),
            ("--max-capacity", true),
        ],
        Op::PutScalingPolicy => &[
            ("--policy-name", true),
            ("--service-namespace", true),
            ("--resource-id", true),
            ("--scalable-dimension", true),
            ("--policy-type", true),
            ("--target-tracking-scaling-policy-configuration", true),
        ],
        _ => &[],
    }
}

/// Task definitions belong to the account and region, not a cluster: the real calls take no
/// `--cluster`, so help and completion do not offer it. Nor do the other services' calls,
/// which name the cluster in an ARN or resource id.
pub(crate) fn takes_cluster(op: Op) -> bool {
    !matches!(op, Op::RegisterTaskDefinition | Op::DescribeTaskDefinition) && service_of(op) == "ecs"
}

/// The flags an operation cannot do without.
fn required_flags(op: Op) -> &'static [&'static str] {
    match op {
        Op::CreateService => &["--service-name", "--task-definition"],
        Op::UpdateService | Op::DeleteService => &["--service"],
        Op::RunTask | Op::DescribeTaskDefinition => &["--task-definition"],
        Op::StopTask => &["--task"],
        Op::DescribeServices => &["--services"],
        Op::DescribeTasks => &["--tasks"],
        Op::RegisterTaskDefinition => &["--family", "--container-definitions"],
        Op::UpdateContainerInstancesState => &["--container-instances", "--status"],
        Op::DescribeContainerInstances => &["--container-instances"],
        Op::CreateSchedule => &["--name", "--schedule-expression", "--flexible-time-window", "--target"],
        Op::DeleteSchedule => &["--name"],
        Op::RegisterScalableTarget => &["--service-namespace", "--resource-id", "--scalable-dimension"],
        Op::PutScalingPolicy => &["--policy-name", "--service-namespace", "--resource-id", "--scalable-dimension"],
        _ => &[],
    }
}

/// `aws SERVICE OPERATION help`: the operation's synopsis, required flags first.
pub fn synopsis(op: Op) -> Vec<String> {
    let req = required_flags(op);
    let mut out = vec![format!("aws {} {}", service_of(op), op.cli_name())];
    let cluster = takes_cluster(op).then_some(("--cluster", true));
    let all = flags(op).iter().copied().filter(|(f, _)| *f != "--cli-input-json").chain(cluster);
    let mut optional = Vec::new();
    for (f, takes) in all {
        let many = takes && takes_list(f);
        let text = format!(
            "{f}{}",
            if many {
                " <value> [<value> ...]"
            } else if takes {
                " <value>"
            } else {
                ""
            }
        );
        if req.contains(&f) {
            out.push(format!("    {text}"));
        } else {
            optional.push(format!("    [{text}]"));
        }
    }
    if op == Op::RegisterTaskDefinition {
        out.push("    (or --cli-input-json '{…}' in place of both)".into());
    }
    out.extend(optional);
    out
}
