// Guided scenarios: every built-in one can be completed by following its steps.
import { test, expect } from '@playwright/test';
import { advance } from './virtual-time.mjs';

const scenarios = [
  'A service task and a standalone task under a kill',
  'A nightly batch job on a schedule',
  'Rolling update from v1 to v2 within min and max percent',
  'A bad version trips the circuit breaker and rolls back',
  'An instance fails; tasks are rescheduled across zones',
  'Not enough capacity: the placement failure',
  'Auto scaling under load',
  'Fargate Spot: an interruption and what comes back',
];

/**
 * Opens the page paused, starts the scenario with this title from the picker, and returns its
 * current-step region, the "Step N of M" line, the number of steps and the first step shown
 * (a scenario's set-up runs before its first titled step).
 */
async function startScenario(page, title) {
  await page.goto('./?autoplay=0');
  const panel = page.getByRole('region', { name: 'Guided scenarios' });
  await panel.getByRole('combobox', { name: 'Scenario' }).selectOption({ label: title });
  await panel.getByRole('button', { name: 'Start scenario' }).click();
  const step = panel.getByRole('region', { name: 'Current step' });
  const where = step.getByText(/^Step \d+ of \d+$/);
  await expect(where).toBeVisible();
  const text = await where.textContent();
  return { step, where, total: Number(text.match(/of (\d+)/)[1]), first: Number(text.match(/Step (\d+)/)[1]) };
}

for (const title of scenarios) {
  test(`scenario: ${title}`, async ({ page }) => {
    // "Do this step" plays each `advance` on the page's clock; the test moves that clock itself.
    await page.clock.install();
    const { step, where, total, first } = await startScenario(page, title);
    for (let i = first; i <= total; i++) {
      await expect(where).toHaveText(`Step ${i} of ${total}`);
      await step.getByRole('button', { name: 'Do this step' }).click();
      await page.clock.runFor(5_000); // every advance plays in 15 ticks of 100 ms
      await expect(step.getByRole('status')).toHaveText('Step complete.');
      await expect(step.getByRole('alert')).toHaveCount(0); // no error shown
      await expect(step.getByRole('list', { name: 'Checks' }).getByText('— not yet')).toHaveCount(0);
      if (i < total) await step.getByRole('button', { name: 'Next step', exact: true }).click();
    }
    // The ending sums up the steps and points at what to try next.
    await expect(step.getByText(/^Scenario complete\. You went through: /)).toBeVisible();
  });
}

test('a learner who does the step by hand sees the checks turn green', async ({ page }) => {
  await page.goto('./?autoplay=0');
  const panel = page.getByRole('region', { name: 'Guided scenarios' });
  await panel.getByRole('combobox', { name: 'Scenario' }).selectOption({ label: 'A service task and a standalone task under a kill' });
  await panel.getByRole('button', { name: 'Start scenario' }).click();
  const step = panel.getByRole('region', { name: 'Current step' });
  const checks = step.getByRole('list', { name: 'Checks' });
  await expect(checks.getByText('— not yet')).toHaveCount(3);
  // Typed into the console rather than pressing "Do this step".
  const input = page.getByRole('textbox', { name: /^Command/ });
  await input.fill('aws ecs create-service --service-name web --task-definition web:1 --desired-count 3');
  await input.press('Enter');
  await input.fill('aws ecs run-task --task-definition worker:1 --count 1');
  await input.press('Enter');
  await expect(checks.getByText('— not yet')).toHaveCount(3);
  await advance(page, '90s');
  await expect(step.getByRole('status')).toHaveText('Step complete.');
  await expect(checks.getByText('— holds')).toHaveCount(3);
});

test('a scenario named in the address starts by itself; an unknown one is named', async ({ page }) => {
  await page.goto('./?scenario=rolling-update&autoplay=0');
  await expect(page.getByRole('region', { name: 'Current step' })).toContainText('Rolling update from v1 to v2');
  await page.goto('./?scenario=nope');
  await expect(page.getByRole('list', { name: 'Embedding parameters that were ignored' })).toContainText('scenario="nope" is not a built-in scenario');
});

test('an author opens a scenario file; a broken one is refused with its line', async ({ page }) => {
  await page.clock.install();
  await page.goto('./?autoplay=0');
  const panel = page.getByRole('region', { name: 'Guided scenarios' });
  const good = 'step "One web task"\nsay "Just one."\naws ecs create-service --service-name solo --task-definition web:1 --desired-count 1\nadvance 90s\nexpect service solo running 1\n';
  await panel.getByLabel('Open a scenario file').setInputFiles({ name: 'mine.ecs', mimeType: 'text/plain', buffer: Buffer.from(good) });
  const step = panel.getByRole('region', { name: 'Current step' });
  await expect(step).toContainText('One web task');
  await step.getByRole('button', { name: 'Do this step' }).click();
  await page.clock.runFor(5_000);
  await expect(step.getByRole('status')).toHaveText('Step complete.');
  await panel.getByLabel('Open a scenario file').setInputFiles({ name: 'bad.ecs', mimeType: 'text/plain', buffer: Buffer.from('step "x"\naws ecs fly-away\n') });
  await expect(panel.getByRole('alert').first()).toContainText('bad.ecs is not a scenario the simulator can run: line 2');
});

test('"Do this step" plays its wait on the clock, so the tasks can be seen starting', async ({ page }) => {
  await page.clock.install();
  await page.goto('./?autoplay=0');
  const panel = page.getByRole('region', { name: 'Guided scenarios' });
  await panel.getByRole('button', { name: 'Start scenario' }).click(); // the first: service and standalone
  const step = panel.getByRole('region', { name: 'Current step' });
  const clock = page.getByRole('status', { name: 'Virtual time' });
  await expect(clock).toHaveText('00:00:00');
  await step.getByRole('button', { name: 'Do this step' }).click();
  // The commands ran at once; the 90 s wait plays over the next ticks, not in one jump.
  await expect(step.getByRole('status')).toHaveText('Playing 1m30s of virtual time…');
  await expect(step.getByRole('button', { name: 'Do this step' })).toBeDisabled();
  await page.clock.runFor(500);
  const midway = await clock.textContent();
  expect(midway > '00:00:00' && midway < '00:01:30', `clock at ${midway}`).toBe(true);
  await expect(page.getByRole('button', { name: /^Task [0-9a-f]{8}, service web, / })).toHaveCount(3);
  await page.clock.runFor(2_000);
  await expect(clock).toHaveText('00:01:30');
  await expect(step.getByRole('status')).toHaveText('Step complete.');
  // The page's own clock stayed paused throughout: nothing moves on.
  await page.clock.runFor(2_000);
  await expect(clock).toHaveText('00:01:30');
});

test('a learner who stops the tasks by hand completes the kill step', async ({ page }) => {
  await page.clock.install();
  await page.goto('./?autoplay=0');
  const panel = page.getByRole('region', { name: 'Guided scenarios' });
  await panel.getByRole('button', { name: 'Start scenario' }).click();
  const step = panel.getByRole('region', { name: 'Current step' });
  await step.getByRole('button', { name: 'Do this step' }).click();
  await page.clock.runFor(5_000);
  await expect(step.getByRole('status')).toHaveText('Step complete.');
  await step.getByRole('button', { name: 'Next step' }).click();
  const checks = step.getByRole('list', { name: 'Checks' });
  await expect(checks.getByText('— not yet')).toHaveCount(2);
  // Until its checks hold, the way on says that it skips them.
  await expect(step.getByRole('button', { name: "Next step (skips this one's checks)" })).toBeVisible();
  // A click on a running task stops it, as stop-task does.
  await page.getByRole('button', { name: /^Task [0-9a-f]{8}, service web, RUNNING$/ }).first().click();
  await page.getByRole('button', { name: /^Task [0-9a-f]{8}, standalone task worker:1, RUNNING$/ }).click();
  await advance(page, '1m');
  await expect(checks.getByText('— holds')).toHaveCount(2);
  await expect(step.getByRole('status')).toHaveText('Step complete.');
});

// Every scenario done by hand: the learner types each line the step shows into the console
// (waits included) instead of pressing "Do this step", and every check still ticks.
for (const title of scenarios) {
  test(`scenario by hand: ${title}`, async ({ page }) => {
    const { step, where, total, first } = await startScenario(page, title);
    const input = page.getByRole('textbox', { name: /^Command/ });
    for (let i = first; i <= total; i++) {
      await expect(where).toHaveText(`Step ${i} of ${total}`);
      // One command a line, except a quoted JSON document, which goes on until its quote closes.
      const lines = [];
      for (const l of (await step.getByLabel('What this step does').textContent()).split('\n')) {
        const open = lines.length && (lines.at(-1).split("'").length - 1) % 2 === 1;
        if (open) lines[lines.length - 1] += ` ${l.trim()}`;
        else if (l.trim()) lines.push(l);
      }
      for (const line of lines) {
        await input.fill(line);
        await input.press('Enter');
        await expect(page.getByRole('log', { name: 'Console output' }).locator('.con-in').last()).toHaveText(line);
        await expect(page.getByRole('log', { name: 'Console output' }).locator('.con-err')).toHaveCount(0);
      }
      await expect(step.getByRole('status')).toHaveText('Step complete.');
      await expect(step.getByRole('list', { name: 'Checks' }).getByText('— not yet')).toHaveCount(0);
      if (i < total) await step.getByRole('button', { name: 'Next step', exact: true }).click();
    }
    await expect(step.getByText(/^Scenario complete\. You went through: /)).toBeVisible();
  });
}

test('in an embed without the panel a step needs, the step says so; autoplay=1 plays the first step', async ({ page }) => {
  await page.clock.install();
  await page.goto('./?embed=1&panels=cluster,guide,log&scenario=rolling-update&autoplay=0');
  const step = page.getByRole('region', { name: 'Current step' });
  // The picker shows the scenario the address started.
  await expect(page.getByRole('combobox', { name: 'Scenario' })).toHaveValue('rolling-update');
  await expect(step.getByRole('status')).toHaveText('This page does not show the Deploy panel this step needs: press Do this step and the simulator does it.');
  await page.goto('./?embed=1&panels=cluster,guide,log,console&scenario=rolling-update&autoplay=0');
  await expect(step.getByRole('status')).toHaveText('Do it yourself in the console, or let the simulator do it.');
  await page.goto('./?embed=1&panels=cluster,guide,log&scenario=rolling-update&autoplay=1');
  await expect(step.getByRole('status')).toHaveText(/^Playing .* of virtual time…$/);
  await page.clock.runFor(5_000);
  await expect(step.getByRole('status')).toHaveText('Step complete.');
});
