// The first minute of a visit: the page opens on a running demo that can be killed at once, a
// kill is explained where the visitor looks, and the cluster and its log share one view.
// Real time is Playwright's fake clock, so virtual time moves only when the test says.
import { test, expect } from '@playwright/test';

const serviceTiles = (page) => page.getByRole('button', { name: /^Task [0-9a-f]{8}, service web, RUNNING$/ });
const workerTile = (page) => page.getByRole('button', { name: /^Task [0-9a-f]{8}, standalone task worker:1, RUNNING$/ });
const note = (page) => page.getByRole('status', { name: 'What happens next' });

async function land(page) {
  await page.clock.install();
  await page.setViewportSize({ width: 1366, height: 900 });
  await page.goto('./');
  await expect(page.getByRole('heading', { name: 'Cluster simulator' })).toBeVisible();
  await page.clock.pauseAt(Date.now() + 1_000);
}

test('the page opens on a playing demo that can be killed at once, and each kill says what happens next', async ({ page }) => {
  await land(page);
  // Within 2 s of the page being there, with no click first: three service tasks and a worker.
  await expect(serviceTiles(page)).toHaveCount(3, { timeout: 2_000 });
  await expect(workerTile(page)).toHaveCount(1, { timeout: 2_000 });
  await expect(page.getByRole('button', { name: 'Pause' })).toBeVisible();
  await expect(page.getByText('Stop one of each')).toBeVisible();
  // The service's tasks are spread over the zones.
  const zones = page.getByRole('region', { name: /^Availability zone / });
  for (let i = 0; i < 3; i++) await expect(zones.nth(i).getByRole('button', { name: /service web, RUNNING$/ })).toHaveCount(1);

  const zone = await zones.nth(1).getAttribute('aria-label');
  await zones.nth(1).getByRole('button', { name: /service web, RUNNING$/ }).click();
  await expect(note(page)).toHaveText(/The service web will start a replacement: desired 3, running 2\./);
  await workerTile(page).click();
  await expect(note(page)).toHaveText(/Nothing will restart this task: it is a standalone task/);

  // A virtual minute at 1×: the service is back to three, its replacement in the zone that lost
  // one; the worker stays stopped.
  await page.clock.runFor(60_000);
  await expect(serviceTiles(page)).toHaveCount(3);
  await expect(page.getByRole('region', { name: zone }).getByRole('button', { name: /service web, RUNNING$/ })).toHaveCount(1);
  await expect(workerTile(page)).toHaveCount(0);
  await expect(page.getByRole('button', { name: /standalone task worker:1, STOPPED$/ })).toHaveCount(1);
  // The note goes away by itself.
  await expect(note(page)).toHaveText('');
  // The lesson as a number: the service is back at its desired count after one replacement;
  // the worker is down and nothing restarted it.
  const readout = page.getByRole('region', { name: 'Availability', exact: true });
  const web = readout.getByRole('listitem').filter({ hasText: 'Service web' });
  await expect(web).toContainText('(3 of 3 running now) · 1 replacement');
  const worker = readout.getByRole('listitem').filter({ hasText: 'Standalone worker' });
  await expect(worker).toContainText('(0 of 1 running now) · not restarted');
  const share = async (row) => Number((await row.locator('strong').textContent()).replace('%', ''));
  const before = await share(worker);
  await page.clock.runFor(60_000);
  expect(await share(worker)).toBeLessThan(before);
  expect(await share(web)).toBeGreaterThan(80);
});

test('at 1366×900 the cluster and the log lines explaining a kill are in one view', async ({ page }) => {
  await land(page);
  await page.getByRole('button', { name: 'Pause' }).click();
  await serviceTiles(page).first().click();
  const line = page.getByRole('list', { name: /^Events, / }).getByRole('listitem').filter({ hasText: 'stopCode UserInitiated' });
  await expect(line).toHaveCount(1);
  const viewport = page.viewportSize();
  for (const el of [page.getByRole('region', { name: /^Availability zone / }).first(), line]) {
    const box = await el.boundingBox();
    expect(box.y + box.height, `${el} ends inside the first view`).toBeLessThanOrEqual(viewport.height);
  }
});

test('Clear empties the cluster, Reset brings the demo back, and the visitor\'s own run can be restored', async ({ page }) => {
  await land(page);
  await page.getByRole('button', { name: 'Pause' }).click();
  // Untouched, the demo is not "your own cluster": nothing is kept.
  await page.getByRole('button', { name: 'Clear' }).click();
  await expect(page.getByRole('button', { name: /^Task / })).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Back to my cluster' })).toHaveCount(0);
  await page.getByRole('button', { name: 'Reset' }).click();
  await expect(serviceTiles(page)).toHaveCount(3);
  // After a kill it is: Clear keeps it and offers the way back.
  await workerTile(page).click();
  await page.getByRole('button', { name: 'Clear' }).click();
  await expect(page.getByRole('button', { name: /^Task / })).toHaveCount(0);
  await page.getByRole('button', { name: 'Back to my cluster' }).click();
  await expect(serviceTiles(page)).toHaveCount(3);
  await expect(page.getByRole('button', { name: /standalone task worker:1, (DEACTIVATING|STOPPING|DEPROVISIONING|STOPPED)$/ })).toHaveCount(1);
});

for (const width of [360, 800, 900, 1366]) {
  test(`no instance card overflows its zone at ${width} px`, async ({ page }) => {
    await page.setViewportSize({ width, height: 900 });
    await page.goto('./?autoplay=0');
    await expect(serviceTiles(page)).toHaveCount(3);
    const zones = page.getByRole('region', { name: /^Availability zone / });
    for (let z = 0; z < (await zones.count()); z++) {
      const zone = await zones.nth(z).boundingBox();
      const cards = zones.nth(z).getByRole('article', { name: /^Container instance / });
      for (let c = 0; c < (await cards.count()); c++) {
        const card = await cards.nth(c).boundingBox();
        expect(card.x + card.width, `card ${c} of zone ${z}`).toBeLessThanOrEqual(zone.x + zone.width + 0.5);
        const tiles = cards.nth(c).getByRole('button', { name: /^Task / });
        for (let t = 0; t < (await tiles.count()); t++) {
          const tile = await tiles.nth(t).boundingBox();
          expect(tile.x + tile.width, `a tile in card ${c} of zone ${z}`).toBeLessThanOrEqual(card.x + card.width + 0.5);
        }
      }
    }
    expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBeLessThanOrEqual(0);
  });
}
