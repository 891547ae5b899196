// What a visitor builds is kept: reload, share links, export/import, and a corrupt save.
import { test, expect } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { advance, openPaused } from './virtual-time.mjs';

const tiles = (page) => page.getByRole('button', { name: /^Task [0-9a-f]{8}, service web, RUNNING$/ });

// Every page here opens paused (`?autoplay=0`, which a reload keeps): what is restored is
// compared with what was saved at the same virtual time.
async function deployWeb(page, count = 2) {
  await openPaused(page);
  await page.getByRole('tab', { name: 'Service' }).click();
  await page.getByLabel('Service name').fill('web');
  await page.getByLabel('Desired count').fill(String(count));
  await page.getByRole('button', { name: 'Create service' }).click();
  await advance(page, '90s');
  await expect(tiles(page)).toHaveCount(count);
  return labels(page);
}

async function labels(page) {
  return (await tiles(page).evaluateAll((els) => els.map((e) => e.getAttribute('aria-label')))).sort();
}

test('a reload brings back the same cluster, task for task', async ({ page }) => {
  const before = await deployWeb(page);
  await page.reload();
  await expect(page.getByRole('status', { name: 'Virtual time' })).toHaveText('00:01:30');
  await expect(tiles(page)).toHaveCount(2);
  expect(await labels(page)).toEqual(before);
  await expect(page.getByRole('listitem', { name: 'Service web' })).toBeVisible();
});

test('a share link replays the run in a fresh browser', async ({ page, browser, baseURL }) => {
  const before = await deployWeb(page);
  await page.getByRole('button', { name: 'Copy share link' }).click();
  const link = await page.getByRole('textbox', { name: 'Share link' }).inputValue();
  expect(link).toMatch(/#run=[A-Za-z0-9_-]+$/);
  expect(link.startsWith(baseURL)).toBe(true);

  const fresh = await browser.newContext();
  const other = await fresh.newPage();
  await other.goto(link);
  await expect(other.getByText(/Opened the shared run \(seed 1\)/)).toBeVisible();
  await expect(tiles(other)).toHaveCount(2);
  expect(await labels(other)).toEqual(before);
  // The fragment is dropped once read, so a reload shows the saved copy rather than re-opening.
  expect(other.url()).not.toContain('#run=');
  await fresh.close();
});

test('a damaged share link says so and the page keeps working', async ({ page }) => {
  await page.goto('./?autoplay=0#run=not*a*link');
  await expect(page.getByRole('alert')).toContainText('The share link could not be opened');
  await expect(page.getByRole('button', { name: 'Create service' })).toBeVisible();
});

test('a corrupt saved run is set aside with a message, and the page still works', async ({ page }) => {
  const corrupt = '{"format":"ecs-sim/run","version":1,"config":{"seed":';
  // Planted before the page's own scripts run, as if an older visit had left it.
  await page.addInitScript((c) => {
    if (!sessionStorage.getItem('planted')) {
      localStorage.setItem('ecs-sim.run', c);
      sessionStorage.setItem('planted', '1');
    }
  }, corrupt);
  await page.goto('./?autoplay=0');
  const alert = page.getByRole('alert').filter({ hasText: 'could not be restored' });
  await expect(alert).toContainText('not readable JSON');
  await expect(alert.getByRole('button', { name: 'Download the unreadable copy' })).toBeVisible();
  expect(await page.evaluate(() => localStorage.getItem('ecs-sim.run.unreadable'))).toBe(corrupt);
  const download = page.waitForEvent('download');
  await alert.getByRole('button', { name: 'Download the unreadable copy' }).click();
  expect(readFileSync(await (await download).path(), 'utf8')).toBe(corrupt);
  // Nothing is broken: the page opened on its demo, and a new service deploys as usual.
  await expect(tiles(page)).toHaveCount(3);
  await page.getByRole('tab', { name: 'Service' }).click();
  await page.getByLabel('Service name').fill('api');
  await page.getByLabel('Desired count').fill('1');
  await page.getByRole('button', { name: 'Create service' }).click();
  await advance(page, '90s');
  await expect(page.getByRole('button', { name: /^Task [0-9a-f]{8}, service api, RUNNING$/ })).toHaveCount(1);
});

test('export, then import into another browser; importing over work asks first', async ({ page, browser }) => {
  const before = await deployWeb(page);
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export run' }).click();
  const file = await (await download).path();
  const saved = JSON.parse(readFileSync(file, 'utf8'));
  expect(saved.format).toBe('ecs-sim/run');
  expect(saved.config.seed).toBe(1);

  const fresh = await browser.newContext();
  const other = await fresh.newPage();
  await other.goto('./?autoplay=0');
  await other.getByLabel('Import run').setInputFiles(file);
  await expect(other.getByText('Imported the run (seed 1).')).toBeVisible();
  await expect(tiles(other)).toHaveCount(2);
  expect(await labels(other)).toEqual(before);

  // The same file over a cluster with commands: nothing is replaced until the visitor says so.
  await page.getByLabel('Import run').setInputFiles(file);
  await expect(page.getByText(/Replace your current cluster \(1 commands\)/)).toBeVisible();
  await page.getByRole('button', { name: 'Keep mine' }).click();
  await expect(tiles(page)).toHaveCount(2);

  // A file that is not a saved run is refused by name.
  await other.getByLabel('Import run').setInputFiles({ name: 'notes.json', mimeType: 'application/json', buffer: Buffer.from('{"hello":1}') });
  await expect(other.getByRole('alert')).toContainText('notes.json was not imported. This is not an ecs-sim saved run');
  await fresh.close();
});

test('an absurd advance stops at 30 virtual days, and that run still saves and restores', async ({ page }) => {
  await deployWeb(page, 1);
  const input = page.getByRole('textbox', { name: /^Command/ });
  await input.fill('advance 999999999d');
  await input.press('Enter');
  const out = page.getByRole('log', { name: 'Console output' });
  await expect(out).toContainText('Virtual time is now');
  await expect(page.getByRole('status', { name: 'Virtual time' })).toHaveText(/^(720:00:00|30d)/);
  await page.reload();
  await expect(page.getByRole('alert')).toHaveCount(0);
  await expect(page.getByRole('status', { name: 'Virtual time' })).toHaveText(/^(720:00:00|30d)/);
  await expect(tiles(page)).toHaveCount(1);
});
