// Embedding: query parameters, height and events to the host, commands only from allowed origins.
import { test, expect } from '@playwright/test';
import { createServer } from 'node:http';

test('embed parameters shape the page and bad ones are named', async ({ page }) => {
  await page.goto('./?embed=1&panels=cluster,log&theme=dark&autoplay=0&speed=30&lock=kill&bogus=1');
  const html = page.locator('html');
  await expect(html).toHaveAttribute('data-embed', '');
  await expect(html).toHaveAttribute('data-theme', 'dark');
  await expect(page.getByRole('heading', { name: 'Cluster simulator' })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Event log' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Create service' })).toBeHidden();
  await expect(page.getByRole('heading', { name: 'Two ways to run a container' })).toBeHidden();
  await expect(page.getByLabel('Speed')).toHaveValue('30');
  await expect(page.getByRole('button', { name: 'Play' })).toBeVisible(); // autoplay=0: paused
  await expect(page.getByRole('list', { name: 'Embedding parameters that were ignored' })).toContainText('Unknown parameter "bogus"');
});

// A host page on another origin: a real loopback server on its own port (Chromium's local-network
// rules refuse to let a page with no address, such as a routed one, frame 127.0.0.1).
async function startHost() {
  const host = { src: 'about:blank' };
  host.server = createServer((req, res) => {
    res.writeHead(200, { 'content-type': 'text/html' });
    res.end(`<!doctype html><title>host</title><iframe id="f" src="${host.src}" style="width:100%;height:200px"></iframe>
      <script>
        window.got = [];
        addEventListener('message', (e) => { if (e.data && e.data.source === 'ecs-sim') window.got.push(e.data); });
        window.marks = [];
        addEventListener('message', (e) => { if (e.data && e.data.source === 'test-mark') window.marks.push(e.data.id); });
      </script>`);
  });
  await new Promise((ok) => host.server.listen(0, '127.0.0.1', ok));
  host.origin = `http://127.0.0.1:${host.server.address().port}`;
  return host;
}

const send = (page, simOrigin, msg) =>
  page.evaluate(([o, m]) => document.getElementById('f').contentWindow.postMessage(m, o), [simOrigin, msg]);
const got = (page, pred) => page.evaluate(`window.got.filter(${pred})`);

// The host moves the frame's virtual time as it sends any command: `advance 90s`.
let nextId = 100;
async function advance(page, simOrigin, amount) {
  const id = nextId++;
  await send(page, simOrigin, { type: 'command', id, command: `advance ${amount}` });
  await expect.poll(async () => (await got(page, `(m) => m.type === 'result' && m.id === ${id}`))[0]?.output).toMatch(/^Virtual time is now /);
}

test('the frame reports height and events, and obeys the listed origin', async ({ page, baseURL }) => {
  const host = await startHost();
  host.src = `${baseURL}?embed=1&panels=cluster,log&autoplay=0&origins=${host.origin}`;
  await page.goto(`${host.origin}/lesson`);
  const simOrigin = new URL(baseURL).origin;
  await expect.poll(async () => (await got(page, "(m) => m.type === 'ready'")).length).toBe(1);
  await expect.poll(async () => (await got(page, "(m) => m.type === 'height'")).at(-1)?.height ?? 0).toBeGreaterThan(300);

  await send(page, simOrigin, { type: 'command', id: 7, command: 'aws ecs create-service --cluster production --service-name web --task-definition web:1 --desired-count 2' });
  await expect.poll(async () => (await got(page, "(m) => m.type === 'result' && m.id === 7"))[0]?.ok).toBe(true);
  const frame = page.frameLocator('#f');
  await advance(page, simOrigin, '90s');
  await expect(frame.getByRole('button', { name: /service web, RUNNING$/ })).toHaveCount(2);
  await expect.poll(async () => (await got(page, "(m) => m.topic === 'service-steady'")).length).toBeGreaterThan(0);

  await send(page, simOrigin, { type: 'command', id: 8, command: 'kill service web task 1' });
  await expect.poll(async () => (await got(page, "(m) => m.type === 'result' && m.id === 8"))[0]?.ok).toBe(true);
  await advance(page, simOrigin, '30s');
  await expect.poll(async () => (await got(page, "(m) => m.topic === 'task-stopped'")).length).toBeGreaterThan(0);
  // A line the simulator cannot run is answered with the reason.
  await send(page, simOrigin, { type: 'command', id: 9, command: 'aws ecs fly-to-the-moon' });
  await expect.poll(async () => (await got(page, "(m) => m.type === 'result' && m.id === 9"))[0]?.ok).toBe(false);
  host.server.close();
});

test('commands from an origin that is not listed are ignored', async ({ page, baseURL }) => {
  const host = await startHost();
  host.src = `${baseURL}?embed=1&autoplay=0&origins=http://127.0.0.1:9`;
  await page.goto(`${host.origin}/lesson`);
  const simOrigin = new URL(baseURL).origin;
  await expect(page.frameLocator('#f').getByRole('heading', { name: 'Cluster simulator' })).toBeVisible();
  // A listener added to the frame after the simulator's own runs after it for each message, and
  // posts a mark to the host behind any answer the simulator sent: once the mark is in, the
  // simulator has had the command and any answer would have arrived.
  const sim = page.frames().find((f) => f.url().startsWith(baseURL));
  await sim.evaluate(() => addEventListener('message', (e) => {
    if (e.data?.type === 'command') parent.postMessage({ source: 'test-mark', id: e.data.id }, '*');
  }));
  await send(page, simOrigin, { type: 'command', id: 1, command: 'aws ecs create-service --cluster production --service-name web --task-definition web:1 --desired-count 2' });
  await expect.poll(() => page.evaluate('window.marks')).toEqual([1]);
  expect((await got(page, "(m) => m.type === 'result'")).length).toBe(0);
  await expect(page.frameLocator('#f').getByRole('button', { name: /service web/ })).toHaveCount(0);
  host.server.close();
});

test('locked controls are gone and a locked action is refused', async ({ page }) => {
  await page.goto('./?embed=1&lock=deploy,time,reset,kill&autoplay=0');
  await expect(page.getByRole('heading', { name: 'Cluster simulator' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Create service' })).toBeHidden();
  await expect(page.getByRole('button', { name: 'Pause' })).toBeHidden();
  await expect(page.getByRole('button', { name: 'Reset' })).toBeHidden();
  await expect(page.getByLabel('Speed')).toBeHidden();
  // The console is the visitor's too: a locked action typed there is refused by name.
  const input = page.getByRole('textbox', { name: /^Command/ });
  await input.fill('aws ecs create-service --service-name web --task-definition web:1 --desired-count 1');
  await input.press('Enter');
  await expect(page.getByRole('log', { name: 'Console output' })).toContainText('has locked this action (deploy)');
});

test('the embedding example page works', async ({ page, baseURL }) => {
  await page.goto('./embed-example.html');
  await expect(page.getByText('simulator ready')).toBeVisible({ timeout: 10_000 });
  // The example plays; a visitor can pause it in the frame's header.
  const sim = page.frameLocator('#sim');
  await sim.getByRole('button', { name: 'Pause' }).click();
  await page.getByRole('button', { name: 'Deploy a service of 3' }).click();
  await expect(page.getByText(/^command 1 done/)).toBeVisible();
  // Time moves as the example moves anything: a command from the host page.
  await page.evaluate((o) => document.getElementById('sim').contentWindow.postMessage({ type: 'command', id: 2, command: 'advance 90s' }, o), new URL(baseURL).origin);
  await expect(page.getByText(/^command 2 done: Virtual time is now /)).toBeVisible();
  await expect(sim.getByRole('button', { name: /service web, RUNNING$/ })).toHaveCount(3);
  await expect(page.getByText(/^service-steady: \(service web\) has reached a steady state\.$/)).toBeVisible();
});

test('in a cross-origin frame whose storage the browser blocks, the page works and says quietly that the run is not saved', async ({ page, baseURL }) => {
  const simOrigin = new URL(baseURL).origin;
  // As a browser that blocks third-party storage does: reading localStorage throws.
  await page.context().addInitScript((o) => {
    if (location.origin === o) {
      Object.defineProperty(window, 'localStorage', { get() { throw new DOMException('The operation is insecure.', 'SecurityError'); } });
    }
  }, simOrigin);
  const host = await startHost();
  host.src = `${baseURL}?embed=1&demo=1&autoplay=0`;
  await page.goto(`${host.origin}/lesson`);
  const frame = page.frameLocator('#f');
  const running = frame.getByRole('button', { name: /^Task [0-9a-f]{8}, service web, RUNNING$/ });
  await expect(running).toHaveCount(3);
  await running.first().click();
  await expect(frame.getByRole('status', { name: 'What happens next' })).toContainText('will start a replacement');
  await expect(frame.getByRole('status').filter({ hasText: 'This run is not saved' })).toBeVisible();
  await expect(frame.getByRole('alert')).toHaveCount(0);
  host.server.close();
});
