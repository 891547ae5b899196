#!/usr/bin/env node
// The engine benchmark's workload in wasm (crates/ecs-sim-wasm-bench, run by Node's V8, as a
// browser runs the page's core) beside the same work native (`ecs-sim bench --tasks N`), and
// the ratio of the two from one run: it holds on machines of different speeds. Goal: wasm at
// most 1.5x native. Prints figures; fails only if either side does not run.
// Usage: node scripts/wasm-bench.mjs [TASKS...]   (built first by scripts/test)
import { readFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { performance } from 'node:perf_hooks';

const root = new URL('..', import.meta.url).pathname;
const wasmPath = `${root}target/wasm32-unknown-unknown/bench-native/ecs_sim_wasm_bench.wasm`;
const native = `${root}target/bench-native/ecs-sim`;
const seed = 1n;
const sizes = process.argv.slice(2).map(Number).filter((n) => n > 0);

const { instance } = await WebAssembly.instantiate(readFileSync(wasmPath), {});
const { setup, hour } = instance.exports;
console.log('engine in wasm (Node) vs native, same seed and work (goal: wasm at most x1.5):');
for (const tasks of sizes.length ? sizes : [3000, 30000]) {
  const t0 = performance.now();
  const placed = setup(seed, tasks);
  const t1 = performance.now();
  const kills = hour(seed);
  const t2 = performance.now();
  const line = execFileSync(native, ['bench', '--seed', String(seed), '--tasks', String(tasks)], { encoding: 'utf8' });
  const m = line.match(/set-up ([\d.]+) s, hour ([\d.]+) s, (\d+) kills/);
  if (!m) throw new Error(`unexpected native output: ${line}`);
  const [ns, nh, nk] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (nk !== kills) throw new Error(`the two runs differ: ${kills} kills in wasm, ${nk} native`);
  const [ws, wh] = [(t1 - t0) / 1000, (t2 - t1) / 1000];
  console.log(`  ${String(tasks).padStart(6)} tasks (${placed} placed): set-up wasm ${ws.toFixed(2)} s / native ${ns.toFixed(2)} s = x${(ws / ns).toFixed(2)}; `
    + `hour wasm ${wh.toFixed(2)} s / native ${nh.toFixed(2)} s = x${(wh / nh).toFixed(2)}`);
}
