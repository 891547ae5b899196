//! What the event log shows and exports, as pure functions of the kept events: the visitor's
//! query (filters and order), the capped rows, and the text and JSON exports. No Leptos here, so
//! all of it is tested natively.

use ecs_sim_core::{Event, Severity};
use std::sync::Arc;

/// What the visitor asked the log to show.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LogQuery {
    /// Only events about this service (`""`: all).
    pub service: String,
    /// Only events about tasks whose id starts with (or messages that contain) this text.
    pub task: String,
    /// Lowest severity shown (`None`: all).
    pub min_severity: Option<Severity>,
    /// Case-insensitive text the message must contain.
    pub text: String,
    /// Oldest first (chronological) instead of newest first (as the ECS console shows events).
    pub oldest_first: bool,
}

impl LogQuery {
    /// Whether one event passes the filters.
    pub fn matches(&self, e: &Event) -> bool {
        if self.min_severity.is_some_and(|m| e.severity < m) {
            return false;
        }
        if !self.service.is_empty() && e.service() != Some(self.service.as_str()) {
            return false;
        }
        let task = self.task.trim().to_ascii_lowercase();
        if !task.is_empty() && !e.kind.task_ids().iter().any(|t| t.starts_with(&task)) {
            return false;
        }
        // ASCII case folding: messages are ASCII, and Unicode tables would cost page weight.
        let text = self.text.trim().to_ascii_lowercase();
        text.is_empty() || e.message().to_ascii_lowercase().contains(&text)
    }
}

/// What the log panel draws: at most `cap` rows, and how many matched out of how many kept.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct LogView {
    /// The rows, in the asked order.
    pub rows: Vec<Arc<Event>>,
    /// Events that pass the filters.
    pub matching: usize,
    /// Events the simulation keeps.
    pub total: usize,
}

/// Events passing the query, in the asked order.
pub fn matching_events<'a>(events: &'a std::collections::VecDeque<Arc<Event>>, q: &'a LogQuery) -> Vec<&'a Arc<Event>> {
    let mut v: Vec<&Arc<Event>> = events.iter().filter(|e| q.matches(e)).collect();
    if !q.oldest_first {
        v.reverse();
    }
    v
}

/// The capped rows for the panel. The newest events are the ones kept when capping, whatever
/// the order.
pub fn log_view(events: &std::collections::VecDeque<Arc<Event>>, q: &LogQuery, cap: usize) -> LogView {
    let all = matching_events(events, q);
    let matching = all.len();
    let rows = if q.oldest_first { &all[matching.saturating_sub(cap)..] } else { &all[..matching.min(cap)] };
    LogView { rows: rows.iter().map(|e| (*e).clone()).collect(), matching, total: events.len() }
}

/// `INFO`, `WARNING` or `ERROR`.
pub fn severity_text(s: Severity) -> &'static str {
    match s {
        Severity::Info => "INFO",
        Severity::Warning => "WARNING",
        Severity::Error => "ERROR",
    }
}

/// Plain-text export: one line per event, `HH:MM:SS  SEVERITY  message`.
pub fn export_text(events: &[&Arc<Event>]) -> String {
    let mut out = String::new();
    for e in events {
        out.push_str(&format!("{}  {:<7}  {}\n", e.at, severity_text(e.severity), e.message()));
    }
    out
}

/// JSON export, one event per line: `{"id":…,"at":"HH:MM:SS","atMs":…,"severity":…,"service":…,"message":…,"kind":{"type":…,…}}`.
/// Written by hand: serde's pretty printer would add kilobytes to the page.
pub fn export_json(events: &[&Arc<Event>]) -> String {
    let mut out = String::from("[");
    for (i, e) in events.iter().enumerate() {
        out.push_str(if i == 0 { "\n" } else { ",\n" });
        out.push_str(&format!(
            "{{\"id\":{},\"at\":\"{}\",\"atMs\":{},\"severity\":\"{}\",\"service\":{},\"message\":{},\"kind\":{}}}",
            e.id,
            e.at,
            e.at.0,
            severity_text(e.severity),
            e.service().map_or("null".to_string(), json_string),
            json_string(&e.message()),
            serde_json::to_string(&e.kind).unwrap_or_else(|_| "null".into())
        ));
    }
    out.push_str("\n]\n");
    out
}

fn json_string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cluster::view_model::tests::web_and_batch;
    use ecs_sim_core::{Command, LaunchType, Millis};

    #[test]
    fn log_filters_order_cap_and_export() {
        let mut sim = web_and_batch();
        sim.apply(Command::create_service("api", "api:1", 1, LaunchType::Ec2)).unwrap();
        sim.advance_by(Millis::secs(30));
        let ev = sim.events();
        let all = log_view(ev, &LogQuery::default(), 1000);
        assert_eq!((all.matching, all.total), (ev.len(), ev.len()));
        assert!(all.rows[0].id > all.rows[1].id, "newest first by default");
        let chrono = log_view(ev, &LogQuery { oldest_first: true, ..LogQuery::default() }, 1000);
        assert!(chrono.rows[0].id < chrono.rows[1].id);
        let capped = log_view(ev, &LogQuery { oldest_first: true, ..LogQuery::default() }, 3);
        assert_eq!(capped.rows.len(), 3);
        assert_eq!(capped.rows[2].id, ev.back().unwrap().id, "the cap keeps the newest");
        let api = log_view(ev, &LogQuery { service: "api".into(), ..LogQuery::default() }, 1000);
        assert!(api.matching > 0 && api.rows.iter().all(|e| e.service() == Some("api")));
        let steady = log_view(ev, &LogQuery { text: "STEADY state".into(), ..LogQuery::default() }, 1000);
        assert!(steady.matching > 0 && steady.rows.iter().all(|e| e.message().contains("steady state")));
        let task = api.rows.iter().find_map(|e| e.kind.task_ref().map(|t| t.task.clone())).unwrap();
        let one = log_view(ev, &LogQuery { task: task[..8].to_uppercase(), ..LogQuery::default() }, 1000);
        assert!(one.matching >= 3 && one.rows.iter().all(|e| e.kind.task_ids().contains(&task.as_str())), "{:?}", one.rows);
        let errors = log_view(ev, &LogQuery { min_severity: Some(Severity::Warning), ..LogQuery::default() }, 1000);
        assert_eq!(errors.matching, 0);
        let q = LogQuery { oldest_first: true, ..LogQuery::default() };
        let text = export_text(&matching_events(ev, &q));
        assert_eq!(text.lines().count(), ev.len());
        assert!(text.starts_with("00:00:00  INFO     Cluster production in us-east-1 is ready"), "{text}");
        let json: serde_json::Value = serde_json::from_str(&export_json(&matching_events(ev, &q))).unwrap();
        assert_eq!(json.as_array().unwrap().len(), ev.len());
        assert_eq!(json[0]["message"], ev[0].message().as_str());
        assert_eq!(json[0]["kind"]["type"], "cluster-ready", "the facts are exported too");
        assert_eq!(json[0]["kind"]["instances"], 3);
        let odd = ecs_sim_core::EventKind::InstanceTypeSkipped { instance_type: "a \"quoted\" \\ line\nnext".into() };
        let tricky = Arc::new(Event { kind: odd, ..(*ev[0]).clone() });
        let json: serde_json::Value = serde_json::from_str(&export_json(&[&tricky])).unwrap();
        assert_eq!(json[0]["message"], tricky.message().as_str());
        assert_eq!(json[0]["service"], serde_json::Value::Null);
    }
}
