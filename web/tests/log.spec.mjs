// The event log: order, filters, search, the "showing N of M" count, copy and export.
import { test, expect } from '@playwright/test';
import { readFile } from 'node:fs/promises';
import { advance, advanceUntil, openPaused } from './virtual-time.mjs';

const list = (page) => page.getByRole('list', { name: /^Events, / });
const rows = (page) => list(page).getByRole('listitem');
const filters = (page) => page.getByRole('group', { name: 'Filter the event log' });

async function busyCluster(page) {
  await openPaused(page);
  await page.getByLabel('Service name').fill('web');
  await page.getByRole('button', { name: 'Create service' }).click();
  await page.getByRole('button', { name: 'Run this task' }).click();
  // Held still the second the service is steady, so that is the newest line.
  await advance(page, '30s');
  const steady = rows(page).filter({ hasText: '(service web) has reached a steady state.' });
  await advanceUntil(page, steady, { step: '1s', within: '2m' });
  await expect(steady).toHaveCount(1);
}

test('newest first by default, chronological on request', async ({ page }) => {
  await busyCluster(page);
  await expect(page.getByRole('list', { name: 'Events, newest first' })).toBeVisible();
  await expect(rows(page).first()).toContainText('(service web) has reached a steady state.');
  const order = page.getByRole('button', { name: 'Newest first' });
  await order.click();
  await expect(page.getByRole('button', { name: 'Oldest first' })).toHaveAttribute('aria-pressed', 'true');
  await expect(page.getByRole('list', { name: 'Events, oldest first' })).toBeVisible();
  await expect(rows(page).first()).toHaveText(/^00:00:00\s*Cluster production in us-east-1 is ready/);
  const times = await rows(page).locator('time').allTextContents();
  expect([...times].sort()).toEqual(times);
});

test('filters by service, task, severity and text, and says how many it shows', async ({ page }) => {
  await busyCluster(page);
  const count = page.getByText(/^Showing \d+ of \d+ events$/);
  await expect(count).toBeVisible();
  const total = Number((await count.textContent()).match(/of (\d+)/)[1]);
  expect(await rows(page).count()).toBe(total);

  await filters(page).getByLabel('Service').selectOption('web');
  await expect(page.getByText(new RegExp(`^Showing (\\d+) of \\1 matching events \\(${total} in the log\\)$`))).toBeVisible();
  for (const t of await rows(page).allTextContents()) expect(t).toContain('service web');
  await filters(page).getByLabel('Service').selectOption('');

  await filters(page).getByLabel('Search').fill('STEADY');
  await expect(rows(page)).toHaveCount(1);
  await expect(rows(page).first()).toContainText('has reached a steady state');
  await filters(page).getByLabel('Search').fill('');

  const started = await rows(page).filter({ hasText: '(service web) has started 3 tasks' }).textContent();
  const id = started.match(/\(task ([0-9a-f]{32})\)/)[1];
  await filters(page).getByLabel('Task').fill(id.slice(0, 6));
  await expect(rows(page).first()).toBeVisible();
  for (const t of await rows(page).allTextContents()) expect(t).toContain(id);
  await filters(page).getByLabel('Task').fill('');

  await filters(page).getByLabel('Severity').selectOption('error');
  await expect(rows(page)).toHaveCount(0);
  await expect(page.getByText(`Showing 0 of 0 matching events (${total} in the log)`)).toBeVisible();
});

test('export writes the filtered lines as .txt and .json, and copy puts them on the clipboard', async ({ page, context }) => {
  await busyCluster(page);
  await filters(page).getByLabel('Service').selectOption('web');
  const shown = await rows(page).count();

  const [txt] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export .txt' }).click()]);
  expect(txt.suggestedFilename()).toBe('ecs-sim-events.txt');
  const lines = (await readFile(await txt.path(), 'utf8')).trimEnd().split('\n');
  expect(lines).toHaveLength(shown);
  expect(lines.some((l) => /^\d\d:\d\d:\d\d {2}INFO {5}\(service web\) has started 3 tasks: /.test(l))).toBe(true);

  const [json] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export .json' }).click()]);
  expect(json.suggestedFilename()).toBe('ecs-sim-events.json');
  const events = JSON.parse(await readFile(await json.path(), 'utf8'));
  expect(events).toHaveLength(shown);
  expect(events.every((e) => e.service === 'web' && typeof e.atMs === 'number')).toBe(true);
  await expect(page.getByRole('status').filter({ hasText: 'Saved ecs-sim-events.json.' })).toBeVisible();

  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await page.getByRole('button', { name: 'Copy', exact: true }).click();
  await expect(page.getByText(`Copied ${shown} lines.`)).toBeVisible();
  const clip = await page.evaluate(() => navigator.clipboard.readText());
  expect(clip.trimEnd().split('\n')).toEqual(lines);
});
