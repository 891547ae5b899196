// The console as a learner uses it: typed AWS calls answer like the AWS CLI, and the newest
// command stays in view however long the answers above it grow.
import { test, expect } from '@playwright/test';

test('typed calls answer with CLI-shaped JSON and the newest command stays in view', async ({ page }) => {
  await page.goto('./');
  const input = page.getByRole('textbox', { name: /^Command/ });
  const out = page.getByRole('log', { name: 'Console output' });
  await input.scrollIntoViewIfNeeded();
  await input.fill('aws ecs create-service --service-name api --task-definition web:1 --desired-count 2');
  await input.press('Enter');
  await expect(out).toContainText('"service": {');
  await expect(out).toContainText('"serviceName": "api"');
  await expect(out).toContainText('"desiredCount": 2');
  for (const line of ['help', 'aws ecs describe-services --services api', 'aws ecs list-tasks --service-name api']) {
    await input.fill(line);
    await input.press('Enter');
    // The line just typed is shown at the top of the output's scrolled view, not hidden below.
    await expect(out.locator('.con-in').last()).toHaveText(line);
    await expect(out.locator('.con-in').last()).toBeInViewport();
  }
  await expect(out).toContainText('"taskArns": [');
  // The first answer has scrolled out of the output box.
  await expect(out.getByText('"serviceName": "api"').first()).not.toBeInViewport();
});

test('the console is wide enough for the JSON, keeps words whole, and suggests the operation meant', async ({ page }) => {
  await page.setViewportSize({ width: 1366, height: 900 });
  await page.goto('./?autoplay=0');
  const input = page.getByRole('textbox', { name: /^Command/ });
  const out = page.getByRole('log', { name: 'Console output' });
  await input.scrollIntoViewIfNeeded();
  for (const line of ['help', 'aws ecs describe-services --services web']) {
    await input.fill(line);
    await input.press('Enter');
  }
  await expect(out).toContainText('"serviceArn": "arn:aws:ecs:');
  // The box holds 120 columns, as a terminal would: no line of the JSON or the help that long wraps,
  // and nothing scrolls sideways.
  const fits = await out.evaluate((box) => {
    const lines = [...box.querySelectorAll('.con-out')];
    const lineHeight = parseFloat(getComputedStyle(lines[0]).lineHeight);
    return { wrapped: lines.filter((l) => l.textContent.length <= 120 && l.getBoundingClientRect().height > lineHeight * 1.5).map((l) => l.textContent),
      sideways: box.scrollWidth - box.clientWidth };
  });
  expect(fits.wrapped, 'no line of up to 120 characters wraps at 1366 px').toEqual([]);
  expect(fits.sideways).toBeLessThanOrEqual(0);
  // A mistyped operation is named, with the one meant, as the AWS CLI does.
  await input.fill('aws ecs describe-service --services web');
  await input.press('Enter');
  await expect(out.locator('.con-err').last()).toContainText("Invalid choice: 'describe-service', maybe you meant:");
  await expect(out.locator('.con-err').last()).toContainText('* describe-services');
  await input.fill('kil service web');
  await input.press('Enter');
  await expect(out.locator('.con-err').last()).toContainText("unknown command 'kil': did you mean 'kill'?");
});
