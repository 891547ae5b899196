//! The running-vs-desired sparkline on a service card, as SVG polyline points.

/// Step-line points for running and desired counts over the last 10 virtual minutes (or since
/// the start, if sooner, but at least a minute), in a 1000×240 box, integers only.
pub fn sparkline(history: &[(ecs_sim_core::Millis, u32, u32)], now: u64, running_now: u32) -> (String, String) {
    let window = now.clamp(60_000, 600_000);
    let start = now.saturating_sub(window);
    let max = u64::from(history.iter().map(|h| h.1.max(h.2)).max().unwrap_or(0).max(running_now).max(1));
    let x = |t: u64| (t.max(start) - start) * 1000 / window;
    let y = |v: u32| 220 - u64::from(v) * 200 / max;
    let mut run = Vec::new();
    let mut want = Vec::new();
    let mut last = None;
    for &(t, r, d) in history {
        if let Some((lr, ld)) = last {
            run.push(format!("{},{}", x(t.0), y(lr)));
            want.push(format!("{},{}", x(t.0), y(ld)));
        }
        run.push(format!("{},{}", x(t.0), y(r)));
        want.push(format!("{},{}", x(t.0), y(d)));
        last = Some((r, d));
    }
    if let Some((lr, ld)) = last {
        run.push(format!("{},{}", x(now), y(lr)));
        want.push(format!("{},{}", x(now), y(ld)));
    }
    (run.join(" "), want.join(" "))
}
