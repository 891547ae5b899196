//! Service auto scaling: Application Auto Scaling target tracking on the service's average CPU,
//! with min/max capacity and separate scale-out and scale-in cooldowns. The load is simulated:
//! the learner sets the total CPU demand and the average follows the number of running tasks.

use crate::command::Command;
use crate::error::SimError;
use crate::event::{EventKind, ScalingReason};
use crate::model::*;
use crate::op::Op;
use crate::rules;
use crate::sim::{Outcome, Simulation, Timer};
use crate::time::Millis;

/// Target tracking evaluates the metric once a minute (CloudWatch's one-minute period).
pub const EVALUATION_PERIOD: Millis = Millis::secs(60);

impl Simulation {
    /// Average CPU utilization of the service's RUNNING tasks, percent (`None` with none running).
    pub fn service_cpu(&self, name: &str) -> Option<u32> {
        self.service_metric(name, ScalingMetric::Cpu)
    }

    /// A target tracking metric of the service, from its simulated load over its RUNNING tasks:
    /// average CPU or memory in percent (at most 100), or requests a minute per target (`None`
    /// with no task running).
    pub fn service_metric(&self, name: &str, metric: ScalingMetric) -> Option<u32> {
        let svc = self.services.get(name)?;
        let (running, _) = self.service_counts(name);
        (running > 0).then(|| match metric {
            ScalingMetric::Cpu => (svc.cpu_demand_percent / running).min(100),
            ScalingMetric::Memory => (svc.memory_demand_percent / running).min(100),
            ScalingMetric::RequestCountPerTarget => svc.requests_per_minute / running,
        })
    }

    pub(crate) fn scaling_command(&mut self, cmd: &Command) -> Result<Outcome, SimError> {
        const OP: Op = Op::PutScalingPolicy;
        match cmd {
            Command::PutScalingPolicy {
                service,
                min_capacity,
                max_capacity,
                metric,
                target_value,
                scale_out_cooldown,
                scale_in_cooldown,
            } => {
                rules::capacity(OP, *min_capacity, *max_capacity)?;
                rules::target_value(OP, *metric, *target_value)?;
                let svc = self.active_service(OP, service)?;
                rules::scalable(OP, svc.scheduling_strategy)?;
                rules::scaling_metric(OP, *metric, svc.load_balancer.is_some())?;
                svc.scaling = Some(ScalingPolicy {
                    min_capacity: *min_capacity,
                    max_capacity: *max_capacity,
                    metric: *metric,
                    target_value: *target_value,
                    scale_out_cooldown: *scale_out_cooldown,
                    scale_in_cooldown: *scale_in_cooldown,
                    last_scale_out: None,
                    last_scale_in: None,
                });
                let clamped = svc.desired_count.clamp(*min_capacity, *max_capacity);
                if clamped != svc.desired_count {
                    let reason = ScalingReason::CapacityRange { min_capacity: *min_capacity, max_capacity: *max_capacity };
                    self.set_desired_by_scaling(service, clamped, reason);
                }
                // A policy deleted and put back keeps the evaluation already queued: one a minute.
                let timer = Timer::Scaling(service.clone());
                if !self.timers.contains(&timer) {
                    self.push_timer(self.now.plus(EVALUATION_PERIOD), timer);
                }
                Ok(Outcome::default())
            }
            Command::DeleteScalingPolicy { service } => {
                self.active_service(OP, service)?.scaling = None;
                Ok(Outcome::default())
            }
            Command::SetLoad { service, cpu_demand_percent, memory_demand_percent, requests_per_minute } => {
                const MAX: u32 = 100 * crate::MAX_DESIRED;
                for (param, v) in [("cpuDemandPercent", Some(*cpu_demand_percent)), ("memoryDemandPercent", *memory_demand_percent)] {
                    if let Some(v) = v.filter(|v| *v > MAX) {
                        return Err(SimError::at_most(OP, param, v, MAX));
                    }
                }
                let svc = self.active_service(OP, service)?;
                svc.cpu_demand_percent = *cpu_demand_percent;
                svc.memory_demand_percent = memory_demand_percent.unwrap_or(svc.memory_demand_percent);
                svc.requests_per_minute = requests_per_minute.unwrap_or(svc.requests_per_minute);
                Ok(Outcome::default())
            }
            _ => unreachable!("scaling_command only gets scaling commands"),
        }
    }

    /// One evaluation of a service's target tracking policy.
    pub(crate) fn scaling_tick(&mut self, name: &str) {
        let now = self.now;
        let Some(svc) = self.services.get(name) else { return };
        let Some(policy) = svc.scaling.clone() else { return };
        if svc.status != ServiceStatus::Active {
            return;
        }
        let desired = svc.desired_count;
        self.push_timer(now.plus(EVALUATION_PERIOD), Timer::Scaling(name.to_string()));
        let (running, _) = self.service_counts(name);
        let Some(value) = self.service_metric(name, policy.metric) else { return };
        // Target tracking: the capacity that would bring the average to the target.
        let wanted = (u64::from(running) * u64::from(value)).div_ceil(u64::from(policy.target_value)) as u32;
        let wanted = wanted.clamp(policy.min_capacity, policy.max_capacity);
        let cooled = |last: Option<Millis>, secs: u32| last.is_none_or(|t| now.since(t) >= Millis::secs(u64::from(secs)));
        let (metric, target) = (policy.metric, policy.target_value);
        if wanted > desired && cooled(policy.last_scale_out, policy.scale_out_cooldown) {
            self.set_desired_by_scaling(name, wanted, ScalingReason::AboveTarget { metric, value, target });
            if let Some(p) = self.services.get_mut(name).and_then(|s| s.scaling.as_mut()) {
                p.last_scale_out = Some(now);
            }
        } else if wanted < desired
            && cooled(policy.last_scale_in, policy.scale_in_cooldown)
            && cooled(policy.last_scale_out, policy.scale_in_cooldown)
        {
            self.set_desired_by_scaling(name, wanted, ScalingReason::BelowTarget { metric, value, target });
            if let Some(p) = self.services.get_mut(name).and_then(|s| s.scaling.as_mut()) {
                p.last_scale_in = Some(now);
            }
        }
    }

    fn set_desired_by_scaling(&mut self, name: &str, n: u32, reason: ScalingReason) {
        let svc = self.services.get_mut(name).expect("known service");
        let from = svc.desired_count;
        svc.desired_count = n;
        svc.steady = false;
        self.emit(EventKind::AutoScaled { service: name.into(), from, to: n, reason });
        self.reconcile(name);
    }
}
