// One script, two runtimes: the event log the page produces in wasm equals the golden log the
// native core produces (crates/ecs-sim-core/tests/golden/*.log, checked by `cargo test`).
import { test, expect } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { deflateRawSync } from 'node:zlib';

const golden = new URL('../../crates/ecs-sim-core/tests/golden/', import.meta.url);

for (const name of ['kill-and-replace', 'drain-and-daemon', 'rate-schedule', 'unhealthy-and-crash', 'zone-balance']) {
  test(`the page replays ${name}.ecs to the same event log as the native core`, async ({ page }) => {
    const script = readFileSync(new URL(`${name}.ecs`, golden), 'utf8');
    const expected = readFileSync(new URL(`${name}.log`, golden), 'utf8').trimEnd().split('\n');
    const fragment = deflateRawSync(Buffer.from(script)).toString('base64url');
    // Paused, so no event after the script's end joins the log.
    await page.goto(`./?autoplay=0#script=${fragment}`);
    await expect(page.getByRole('region', { name: 'Current step' })).toBeVisible();
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Export .json' }).click();
    const events = JSON.parse(readFileSync(await (await download).path(), 'utf8'));
    const lines = events.sort((a, b) => a.id - b.id).map((e) => `${e.at} ${e.message}`);
    expect(lines).toEqual(expected);
  });
}
