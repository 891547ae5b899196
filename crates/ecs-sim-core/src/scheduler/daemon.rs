//! The DAEMON strategy's pass: one task on every ACTIVE container instance that can take it.
use crate::launch::Launch;
use crate::model::*;
use crate::sim::Simulation;

impl Simulation {
    pub(super) fn daemon_pass(&mut self, name: &str) {
        let svc = self.services[name].clone();
        let primary = svc.deployments[0].clone();
        let Some(td) = self.task_definitions.get(&primary.task_definition).cloned() else { return };
        let group = format!("service:{name}");
        let eligible: Vec<String> = self
            .instances()
            .values()
            .filter(|i| i.status == InstanceStatus::Active)
            .filter(|i| crate::placement::admits(i, &svc.placement_constraints))
            .map(|i| i.id.clone())
            .collect();
        let svc_mut = self.services.get_mut(name).expect("known");
        svc_mut.desired_count = eligible.len() as u32;
        let live = self.live_tasks(name);
        let mut stop = Vec::new();
        let mut covered = Vec::new();
        for id in &live {
            let t = &self.tasks[id];
            let ci = t.container_instance.clone().unwrap_or_default();
            let current = t.started_by.as_deref() == Some(primary.id.as_str());
            if !eligible.contains(&ci) || !current {
                stop.push(*id);
            } else {
                covered.push(ci);
            }
        }
        self.stop_tasks(name, &primary.id, stop);
        let mut started = Vec::new();
        // The start throttle holds for a DAEMON as for a REPLICA service.
        if let Some(at) = svc.throttled_until.filter(|t| *t > self.now) {
            self.request_reconcile(name, at.since(self.now));
            return;
        }
        for ci in eligible.iter().filter(|ci| !covered.contains(ci)) {
            // The old daemon task there must be gone before its replacement fits.
            let busy = self.service_tasks(name).any(|t| !t.is_stopped() && t.container_instance.as_deref() == Some(ci.as_str()));
            if busy {
                continue;
            }
            let spec = Launch {
                td: &td,
                launch_type: LaunchType::Ec2,
                provider: None,
                group: &group,
                service: Some((name, &primary.id)),
                strategies: &[],
                constraints: &[],
                only: Some(ci),
                zone: None,
            };
            match self.launch_task(spec) {
                Ok(id) => started.push(id),
                Err(f) => self.report_placement_failure(name, &f),
            }
        }
        self.report_started(name, &started);
    }
}
