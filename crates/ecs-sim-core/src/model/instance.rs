//! Container instances: the instance-type catalogue and the EC2 instances registered to the
//! cluster, with the resources their tasks reserve.

use crate::vec_map::VecMap;
use serde::{Deserialize, Serialize};

/// One row of the instance-type catalogue: what the ECS agent registers for that type.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub struct InstanceType {
    /// The EC2 name, e.g. `m5.large`.
    pub name: &'static str,
    /// Registered CPU units (1 vCPU = 1024).
    pub cpu: u32,
    /// Registered memory in MiB (a little under the instance's total: the agent keeps some back).
    pub memory: u32,
}

/// The instance types the simulator offers, with the CPU and memory ECS registers for each.
pub const INSTANCE_TYPES: &[InstanceType] = &[
    InstanceType { name: "t3.small", cpu: 2048, memory: 1_930 },
    InstanceType { name: "t3.medium", cpu: 2048, memory: 3_904 },
    InstanceType { name: "t3.large", cpu: 2048, memory: 7_942 },
    InstanceType { name: "m5.large", cpu: 2048, memory: 7_680 },
    InstanceType { name: "m5.xlarge", cpu: 4096, memory: 15_576 },
    InstanceType { name: "c5.xlarge", cpu: 4096, memory: 7_474 },
    InstanceType { name: "r5.large", cpu: 2048, memory: 15_788 },
    InstanceType { name: "m5.2xlarge", cpu: 8192, memory: 31_366 },
];

/// Looks a type up in [`INSTANCE_TYPES`].
pub fn instance_type(name: &str) -> Option<&'static InstanceType> {
    INSTANCE_TYPES.iter().find(|t| t.name == name)
}

/// A container instance's status.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum InstanceStatus {
    /// Takes new tasks.
    Active,
    /// Takes no new tasks; service tasks are moved off.
    Draining,
    /// Deregistered (terminated or failed).
    Inactive,
}

impl InstanceStatus {
    /// The API's word: `ACTIVE`, `DRAINING` or `INACTIVE`.
    pub fn as_str(self) -> &'static str {
        match self {
            InstanceStatus::Active => "ACTIVE",
            InstanceStatus::Draining => "DRAINING",
            InstanceStatus::Inactive => "INACTIVE",
        }
    }
}

/// An EC2 instance registered to the cluster.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ContainerInstance {
    /// The container-instance id (32 hex digits).
    pub id: String,
    /// The EC2 instance id, `i-0…`.
    pub ec2_instance_id: String,
    /// The EC2 instance type.
    pub instance_type: String,
    /// Availability zone, e.g. `us-east-1a`.
    pub az: String,
    /// Registered CPU units.
    pub cpu_total: u32,
    /// Registered memory, MiB.
    pub memory_total: u32,
    /// CPU units reserved by tasks placed here that have not stopped.
    pub cpu_used: u32,
    /// Memory reserved by tasks placed here that have not stopped.
    pub memory_used: u32,
    /// Host ports taken by tasks here.
    pub ports_used: Vec<u16>,
    /// ACTIVE, DRAINING or INACTIVE.
    pub status: InstanceStatus,
    /// Built-in (`ecs.*`) and custom attributes.
    pub attributes: VecMap<String>,
    /// Live (not STOPPED) tasks here, by task group: the index placement reads.
    pub task_groups: VecMap<u32>,
    /// Live tasks here.
    pub running_tasks_count: u32,
    /// Registration order in the cluster (0, 1, 2, …): a small number placement indexes by.
    #[serde(default)]
    pub slot: u32,
}

impl ContainerInstance {
    /// A freshly registered ACTIVE instance of `cpu` units and `memory` MiB, with nothing
    /// reserved and the attributes the agent reports for it.
    pub(crate) fn registered(
        id: String,
        ec2_instance_id: String,
        instance_type: &str,
        az: &str,
        (cpu, memory): (u32, u32),
        slot: u32,
    ) -> Self {
        let mut attributes = VecMap::new();
        attributes.insert("ecs.availability-zone".to_string(), az.to_string());
        attributes.insert("ecs.instance-type".to_string(), instance_type.to_string());
        attributes.insert("ecs.os-type".to_string(), "linux".to_string());
        attributes.insert("ecs.cpu-architecture".to_string(), "x86_64".to_string());
        ContainerInstance {
            id,
            ec2_instance_id,
            instance_type: instance_type.to_string(),
            az: az.to_string(),
            cpu_total: cpu,
            memory_total: memory,
            cpu_used: 0,
            memory_used: 0,
            ports_used: vec![],
            status: InstanceStatus::Active,
            attributes,
            task_groups: VecMap::new(),
            running_tasks_count: 0,
            slot,
        }
    }

    /// CPU units not reserved.
    pub fn cpu_free(&self) -> u32 {
        self.cpu_total.saturating_sub(self.cpu_used)
    }

    /// Memory (MiB) not reserved.
    pub fn memory_free(&self) -> u32 {
        self.memory_total.saturating_sub(self.memory_used)
    }
}
