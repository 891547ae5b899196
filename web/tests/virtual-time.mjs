// Virtual time for the browser tests. The page opens paused (`?autoplay=0`) and a test moves the
// clock itself, as a visitor can: it types `advance 90s` into the console and waits until the
// header's clock shows the new time. Nothing waits on real time passing, so every run sees the
// same states in the same order, however busy the machine.
import { expect } from '@playwright/test';

const UNIT = { s: 1, m: 60, h: 3600, d: 86_400 };

/** Seconds in an amount of the command language: `90s`, `2m`, `1h`, `1d`. */
export function seconds(amount) {
  const m = /^(\d+)([smhd])$/.exec(amount);
  if (!m) throw new Error(`not an amount of virtual time: ${amount}`);
  return Number(m[1]) * UNIT[m[2]];
}

/** The header clock's text as seconds: `00:01:30` is 90, `1d 00:00:05` is 86405. */
export function clockSeconds(text) {
  const m = /^(?:(\d+)d )?(\d\d):(\d\d):(\d\d)$/.exec(text.trim());
  if (!m) throw new Error(`not a clock reading: ${text}`);
  return Number(m[1] ?? 0) * 86_400 + Number(m[2]) * 3600 + Number(m[3]) * 60 + Number(m[4]);
}

/** Seconds as the header clock shows them. */
export function clockText(s) {
  const two = (n) => String(n).padStart(2, '0');
  const d = Math.floor(s / 86_400);
  const hms = `${two(Math.floor(s / 3600) % 24)}:${two(Math.floor(s / 60) % 60)}:${two(s % 60)}`;
  return d > 0 ? `${d}d ${hms}` : hms;
}

/** The header's clock. */
export const clock = (page) => page.getByRole('status', { name: 'Virtual time' });

/**
 * Opens the page with virtual time stopped; `query` adds parameters (`embed=1&panels=…`). The
 * page opens on its demo; unless `demo` is set, the test starts from an empty cluster at 00:00:00
 * by pressing Clear, as a visitor would (when the embedding page left Clear there).
 */
export async function openPaused(page, query = '', { demo = false } = {}) {
  await page.goto(`./?autoplay=0${query ? `&${query}` : ''}`);
  await expect(page.getByRole('heading', { name: 'Cluster simulator' })).toBeVisible();
  const clear = page.getByRole('button', { name: 'Clear', exact: true });
  if (!demo && (await clear.isVisible())) {
    await clear.click();
    await expect(clock(page)).toHaveText('00:00:00');
  }
}

/** Types `advance AMOUNT` into the console and waits until the clock has moved that far. */
export async function advance(page, amount) {
  const before = clockSeconds(await clock(page).textContent());
  const input = page.getByRole('textbox', { name: /^Command/ });
  await input.fill(`advance ${amount}`);
  await input.press('Enter');
  await expect(clock(page)).toHaveText(clockText(before + seconds(amount)));
}

/**
 * Advances `step` at a time until `locator` matches something, at most `within` in all. For
 * states that last a while and then pass (a FAILED deployment before its rollback): the steps are
 * the same every run, so what is seen does not depend on the machine's speed.
 */
export async function advanceUntil(page, locator, { step = '5s', within = '10m' } = {}) {
  for (let t = 0; (await locator.count()) === 0; t += seconds(step)) {
    if (t >= seconds(within)) throw new Error(`${locator} was not there within ${within} of virtual time`);
    await advance(page, step);
  }
}
