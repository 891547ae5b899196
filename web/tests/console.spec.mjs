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
