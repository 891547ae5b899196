//! Container instances: register (add), drain, reactivate and terminate. Draining moves service
//! tasks off through the scheduler (within the deployment bounds) and leaves standalone tasks to
//! finish; termination stops everything on the host at once.

use crate::error::SimError;
use crate::event::EventKind;
use crate::ids::{self, TaskId};
use crate::model::*;
use crate::op::Op;
use crate::sim::{Outcome, Simulation};
use crate::time::Millis;

impl Simulation {
    /// Adds an instance of a catalogue type in `az`; returns its container-instance id.
    pub(crate) fn register_instance(&mut self, ty: &str, az: &str) -> String {
        let spec = instance_type(ty).expect("callers check the catalogue");
        let id = ids::hex32(&mut self.rng);
        let ec2_instance_id = ids::ec2_instance_id(&mut self.rng);
        let slot = self.cluster.instances().len() as u32;
        let inst = ContainerInstance::registered(id.clone(), ec2_instance_id, ty, az, (spec.cpu, spec.memory), slot);
        self.cluster.add_instance(inst);
        id
    }

    /// Finds an instance by container-instance id, EC2 instance id, or a unique prefix of either.
    pub fn find_instance(&self, op: Op, key: &str) -> Result<&ContainerInstance, SimError> {
        let matches: Vec<&ContainerInstance> = self
            .instances()
            .values()
            .filter(|i| i.id == key || i.ec2_instance_id == key)
            .chain(
                self.cluster
                    .instances()
                    .values()
                    .filter(|i| key.len() >= 4 && (i.id.starts_with(key) || i.ec2_instance_id.starts_with(key))),
            )
            .collect();
        match matches.first() {
            Some(i) if matches.iter().all(|m| m.id == i.id) => Ok(i),
            _ => Err(SimError::InstanceNotFound { op, id: key.to_string() }),
        }
    }

    pub(crate) fn add_instance(&mut self, ty: &str, az: &str) -> Result<Outcome, SimError> {
        const OP: Op = Op::RegisterContainerInstance;
        if instance_type(ty).is_none() {
            let known: Vec<&str> = INSTANCE_TYPES.iter().map(|t| t.name).collect();
            return Err(SimError::invalid(OP, format!("Unknown instance type '{ty}'. Choose one of: {}.", known.join(", ")))
                .with_param("instanceType")
                .with_value(ty));
        }
        let suffix = az.strip_prefix(self.config.region.as_str()).unwrap_or("");
        if !(suffix.len() == 1 && ('a'..='f').contains(&suffix.chars().next().unwrap_or(' '))) {
            return Err(SimError::invalid(
                OP,
                format!(
                    "Availability zone '{az}' is not in {}: use {}a to {}f.",
                    self.config.region, self.config.region, self.config.region
                ),
            )
            .with_param("availabilityZone")
            .with_value(az));
        }
        if self.cluster.instances().values().filter(|i| i.status != InstanceStatus::Inactive).count() >= 1_000 {
            return Err(SimError::invalid(OP, "The simulator holds at most 1,000 container instances."));
        }
        let id = self.register_instance(ty, az);
        let ec2 = self.cluster.instances()[&id].ec2_instance_id.clone();
        self.emit(EventKind::InstanceRegistered { instance: id.clone(), ec2_instance: ec2, instance_type: ty.into(), az: az.into() });
        self.reconcile_all(Millis::ZERO);
        Ok(Outcome { created: Some(id), ..Outcome::default() })
    }

    pub(crate) fn drain_instance(&mut self, key: &str) -> Result<Outcome, SimError> {
        let inst = self.find_instance(Op::UpdateContainerInstancesState, key)?;
        if inst.status == InstanceStatus::Inactive {
            return Err(SimError::invalid(
                Op::UpdateContainerInstancesState,
                format!("Container instance {} is not registered.", inst.ec2_instance_id),
            )
            .with_param("containerInstances")
            .with_value(key));
        }
        let (id, ec2) = (inst.id.clone(), inst.ec2_instance_id.clone());
        if inst.status == InstanceStatus::Draining {
            return Ok(Outcome::default());
        }
        self.cluster.set_status(&id, InstanceStatus::Draining);
        let standalone =
            self.tasks.values().filter(|t| t.container_instance.as_deref() == Some(&id) && t.service.is_none() && !t.is_stopped()).count();
        self.emit(EventKind::InstanceDraining { ec2_instance: ec2, standalone_left: standalone });
        self.reconcile_all(Millis::ZERO);
        Ok(Outcome::default())
    }

    pub(crate) fn activate_instance(&mut self, key: &str) -> Result<Outcome, SimError> {
        let inst = self.find_instance(Op::UpdateContainerInstancesState, key)?;
        if inst.status == InstanceStatus::Inactive {
            return Err(SimError::invalid(
                Op::UpdateContainerInstancesState,
                format!("Container instance {} is not registered.", inst.ec2_instance_id),
            )
            .with_param("containerInstances")
            .with_value(key));
        }
        if inst.status != InstanceStatus::Draining {
            return Ok(Outcome::default());
        }
        let (id, ec2) = (inst.id.clone(), inst.ec2_instance_id.clone());
        self.cluster.set_status(&id, InstanceStatus::Active);
        self.emit(EventKind::InstanceActive { ec2_instance: ec2 });
        self.reconcile_all(Millis::ZERO);
        Ok(Outcome::default())
    }

    pub(crate) fn terminate_instance(&mut self, key: &str) -> Result<Outcome, SimError> {
        let inst = self.find_instance(Op::DeregisterContainerInstance, key)?;
        if inst.status == InstanceStatus::Inactive {
            return Err(SimError::invalid(
                Op::DeregisterContainerInstance,
                format!("Container instance {} is already deregistered.", inst.ec2_instance_id),
            )
            .with_param("containerInstance")
            .with_value(key));
        }
        let (id, ec2) = (inst.id.clone(), inst.ec2_instance_id.clone());
        let victims: Vec<TaskId> =
            self.tasks.iter().filter(|(_, t)| t.container_instance.as_deref() == Some(&id) && !t.is_stopped()).map(|(k, _)| *k).collect();
        self.cluster.set_status(&id, InstanceStatus::Inactive);
        let tasks = victims.iter().map(TaskId::to_string).collect();
        self.emit(EventKind::InstanceTerminated { ec2_instance: ec2.clone(), tasks });
        for t in &victims {
            self.kill_now(*t, StopCode::TerminationNotice, format!("Host EC2 (instance {ec2}) terminated."));
        }
        self.reconcile_all(Millis::ZERO);
        Ok(Outcome { tasks: victims.iter().map(TaskId::to_string).collect(), ..Outcome::default() })
    }
}
