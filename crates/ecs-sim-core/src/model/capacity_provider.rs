//! Capacity providers: the Fargate and Fargate Spot capacity a task runs on when a
//! `capacityProviderStrategy` is given instead of a launch type, and how a strategy's `base` and
//! `weight` share tasks between them (the "capacity provider strategies" page of the ECS
//! Developer Guide).

use serde::{Deserialize, Serialize};

/// A capacity provider every cluster here has: ECS associates both with a cluster created in
/// the console, and the simulator's cluster is such a cluster.
#[derive(Copy, Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub enum CapacityProvider {
    /// On-demand Fargate capacity.
    #[serde(rename = "FARGATE")]
    Fargate,
    /// Spare Fargate capacity at a discount; AWS can take it back with a two-minute warning.
    #[serde(rename = "FARGATE_SPOT")]
    FargateSpot,
}

impl CapacityProvider {
    /// The providers, in the order their names are listed.
    pub const ALL: [CapacityProvider; 2] = [CapacityProvider::Fargate, CapacityProvider::FargateSpot];

    /// The API name, `FARGATE` or `FARGATE_SPOT`.
    pub fn as_str(self) -> &'static str {
        match self {
            CapacityProvider::Fargate => "FARGATE",
            CapacityProvider::FargateSpot => "FARGATE_SPOT",
        }
    }

    /// The provider of that API name.
    pub fn named(name: &str) -> Option<CapacityProvider> {
        CapacityProvider::ALL.into_iter().find(|p| p.as_str() == name)
    }
}

/// One item of a capacity provider strategy.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CapacityProviderItem {
    /// The provider.
    pub capacity_provider: CapacityProvider,
    /// Share of the tasks beyond the bases (0–1000).
    #[serde(default)]
    pub weight: u32,
    /// Tasks this provider runs before any weight applies (0–100000; one item at most).
    #[serde(default)]
    pub base: u32,
}

/// The provider the next task of a strategy goes to, given how many live tasks each provider
/// already runs: first the item with a base not yet met, then the weighted item whose tasks
/// beyond its base are fewest for its weight (the first one listed on a tie). A strategy of one
/// item always uses it, whatever its weight.
pub fn next_provider(strategy: &[CapacityProviderItem], running: impl Fn(CapacityProvider) -> u32) -> CapacityProvider {
    if let Some(item) = strategy.iter().find(|i| running(i.capacity_provider) < i.base) {
        return item.capacity_provider;
    }
    let beyond = |i: &CapacityProviderItem| u64::from(running(i.capacity_provider).saturating_sub(i.base));
    let mut best: Option<&CapacityProviderItem> = None;
    for item in strategy.iter().filter(|i| i.weight > 0) {
        // beyond(item) / item.weight < beyond(best) / best.weight, without fractions.
        let fewer = best.is_none_or(|b| beyond(item) * u64::from(b.weight) < beyond(b) * u64::from(item.weight));
        if fewer {
            best = Some(item);
        }
    }
    best.or(strategy.first()).map_or(CapacityProvider::Fargate, |i| i.capacity_provider)
}

/// ECS's words when Fargate has no capacity for a task (the RunTask failure reason, and the
/// service event's reason).
pub const NO_CAPACITY: &str = "Capacity is unavailable at this time. Please try again later or in a different availability zone.";

#[cfg(test)]
mod tests {
    use super::*;
    use CapacityProvider::*;

    fn item(p: CapacityProvider, weight: u32, base: u32) -> CapacityProviderItem {
        CapacityProviderItem { capacity_provider: p, weight, base }
    }

    /// Places `n` tasks one after another and counts where they went.
    fn share(strategy: &[CapacityProviderItem], n: u32) -> (u32, u32) {
        let (mut on_demand, mut spot) = (0, 0);
        for _ in 0..n {
            match next_provider(strategy, |p| if p == Fargate { on_demand } else { spot }) {
                Fargate => on_demand += 1,
                FargateSpot => spot += 1,
            }
        }
        (on_demand, spot)
    }

    #[test]
    fn the_base_comes_first_then_the_weights_share_the_rest() {
        // The Developer Guide's example: base 1 on FARGATE, then weights 1 and 3.
        let s = [item(Fargate, 1, 1), item(FargateSpot, 3, 0)];
        assert_eq!(share(&s, 1), (1, 0));
        assert_eq!(share(&s, 5), (2, 3));
        assert_eq!(share(&s, 9), (3, 6));
    }

    #[test]
    fn a_zero_weight_provider_gets_only_its_base() {
        let s = [item(Fargate, 0, 2), item(FargateSpot, 1, 0)];
        assert_eq!(share(&s, 6), (2, 4));
        assert_eq!(share(&[item(FargateSpot, 0, 0)], 3), (0, 3));
    }
}
