// Ready for course pages and offline demos: strict CSP, offline after one visit, single file.
import { test, expect } from '@playwright/test';
import { pathToFileURL } from 'node:url';
import { resolve } from 'node:path';
import { existsSync } from 'node:fs';
import { advance } from './virtual-time.mjs';

// Each page is opened paused (`?autoplay=0`); time moves by the console's `advance`.
async function deployAndSeeRunning(page) {
  await page.getByRole('button', { name: 'Run this task' }).click();
  await advance(page, '30s');
  await expect(page.getByRole('button', { name: /standalone task batch-job:1, RUNNING$/ })).toHaveCount(1);
}

test('the page runs under a strict Content-Security-Policy', async ({ page }) => {
  const violations = [];
  page.on('console', (m) => { if (/Content.Security.Policy|Refused to/i.test(m.text())) violations.push(m.text()); });
  const response = await page.goto('/csp/?autoplay=0');
  expect(response.headers()['content-security-policy']).toContain("script-src 'self' 'wasm-unsafe-eval'");
  await expect(page.getByRole('heading', { name: 'Cluster simulator' })).toBeVisible();
  await deployAndSeeRunning(page);
  expect(violations).toEqual([]);
});

test('after one visit the page works with the network off', async ({ page, context }) => {
  await page.goto('./?autoplay=0');
  await expect(page.getByRole('heading', { name: 'Cluster simulator' })).toBeVisible();
  await page.evaluate(async () => {
    const reg = await navigator.serviceWorker.ready;
    if (!navigator.serviceWorker.controller) {
      await new Promise((r) => navigator.serviceWorker.addEventListener('controllerchange', r, { once: true }));
    }
    return reg.active.state;
  });
  await context.setOffline(true);
  await page.reload();
  await expect(page.getByRole('heading', { name: 'Cluster simulator' })).toBeVisible();
  await deployAndSeeRunning(page);
  await context.setOffline(false);
});

test('the single-file build runs from file://', async ({ page }) => {
  const file = resolve('dist-single/ecs-sim.html');
  expect(existsSync(file), 'build it first: node scripts/single-file.mjs (scripts/test does)').toBe(true);
  await page.goto(`${pathToFileURL(file).href}?autoplay=0`);
  await expect(page.getByRole('heading', { name: 'Cluster simulator' })).toBeVisible();
  await deployAndSeeRunning(page);
});
