/**
 * Issue 7 end to end, in system Chromium against `npm start` with the movable
 * clock (DEV_CLOCK=1, see playwright.config.ts): staff make a work template in
 * the console and create work from it for two clients; the offset sending rule
 * assigns its task once the clock passes the sending morning; the client ticks
 * the checklist and marks it done, which (auto-complete) completes it for the
 * firm too; the client sees the work's status change in "Work in progress",
 * and completing the work takes its tasks out of the portal.
 *
 * This file moves the server's clock forward, so it runs after the others
 * (files run in name order, one worker), except reminders.e2e.ts, which moves it too.
 */
import { expect, test, type BrowserContext, type Locator, type Page } from '@playwright/test';
import { API, signInToConsole, signInToPortal } from './sign-in.ts';

const CLIENT = 'client@demo.test';
const STAFF = 'owner@demo.test';
const COMPANIES = ['Northwind Bakery OÜ', 'Harbor Lights Studio'];

test.describe.configure({ mode: 'serial' });

test.describe('Work from a template, end to end', () => {
  const run = Date.now().toString(36);
  const templateTitle = `Year-end close ${run}`;
  const ruledTask = `Upload the stock list ${run}`;
  const atOnceTask = `Confirm the bank accounts ${run}`;
  let staffContext: BrowserContext;
  let clientContext: BrowserContext;
  let staff: Page;
  let client: Page;

  /** Today where the firm is (Europe/Tallinn) on the server's clock, which files before this one may have moved on by months. */
  let today = '';

  test.beforeAll(async ({ browser }) => {
    const res = await fetch(`${API}/dev/clock`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ advanceSeconds: 1 }) });
    today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Tallinn' }).format(((await res.json()) as { now: number }).now);
    const options = { baseURL: API, locale: 'en-GB', timezoneId: 'Europe/Tallinn' };
    staffContext = await browser.newContext(options);
    clientContext = await browser.newContext(options);
  });

  test.afterAll(async () => {
    await staffContext?.close();
    await clientContext?.close();
  });

  const con = (): Locator => staff.locator('portico-console');
  const list = (): Locator => client.locator('client-task-list');
  const taskButton = (title: string): Locator => list().getByRole('list').getByRole('button', { name: title });
  const workRow = (): Locator => list().locator('section.works li').filter({ hasText: templateTitle });

  test('1. staff make a work template and create its work for two clients', async () => {
    staff = await signInToConsole(await staffContext.newPage(), STAFF);
    await con().getByRole('navigation', { name: 'Console sections' }).getByRole('button', { name: 'Templates' }).click();
    await con().getByRole('button', { name: 'New work template' }).click();
    await con().getByLabel('Template name').fill(templateTitle);

    // Task 1: sent one day after the start, with a checklist, completed for the firm when the client is done.
    const first = con().getByRole('group', { name: 'Task 1' });
    await first.getByLabel('Task title').fill(ruledTask);
    await first.getByLabel('Due, in days from the start').fill('7');
    await first.getByLabel('Sent to the client').selectOption({ label: 'Some days before or after the start' });
    await first.getByLabel('Sent, in days from the start').fill('1');
    for (const item of ['Count the stock', 'Attach the price list']) {
      await first.getByLabel('New checklist item').fill(item);
      await first.getByRole('button', { name: 'Add item' }).click();
    }
    await first.getByLabel('Complete for the firm when the client marks it done').check();

    // Task 2: sent at once.
    await con().getByRole('button', { name: 'Add task' }).click();
    const second = con().getByRole('group', { name: 'Task 2' });
    await second.getByLabel('Task title').fill(atOnceTask);
    await second.getByLabel('Sent to the client').selectOption({ label: 'At once' });

    await con().getByRole('button', { name: 'Save template' }).click();
    await expect(con()).toContainText(`Template “${templateTitle}” is saved.`);

    await con().getByRole('button', { name: 'Create from template' }).click();
    await con().getByLabel('Start date').fill(today);
    for (const name of COMPANIES) await con().getByRole('checkbox', { name }).check();
    await con().getByRole('button', { name: 'Create for 2 clients' }).click();
    await expect(con()).toContainText('Created for 2 clients.');
  });

  test('2. the client sees the at-once task; the ruled one arrives when the clock passes its sending morning', async () => {
    client = await signInToPortal(await clientContext.newPage(), CLIENT);
    const company = client.locator('client-portal').getByLabel('Company');
    for (const name of COMPANIES) {
      await company.selectOption({ label: name });
      await expect(taskButton(atOnceTask)).toBeVisible();
      await expect(workRow()).toBeVisible();
      await expect(taskButton(ruledTask)).toHaveCount(0);
    }

    const res = await fetch(`${API}/dev/clock`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ advanceSeconds: 2 * 86_400 }) });
    expect(res.status, 'POST /dev/clock (DEV_CLOCK=1)').toBe(200);

    // The sending job runs on the scheduler's wake-up; reload until the portal shows what it assigned.
    for (const name of COMPANIES) {
      await expect(async () => {
        await client.reload();
        await company.selectOption({ label: name });
        await expect(taskButton(ruledTask)).toBeVisible({ timeout: 2_000 });
      }).toPass({ timeout: 20_000 });
    }
    // Grouped under its work.
    await expect(list().getByRole('heading', { name: templateTitle })).toBeVisible();
  });

  test('3. the client ticks the checklist and marks it done; auto-complete completes it for the firm', async () => {
    const company = client.locator('client-portal').getByLabel('Company');
    await company.selectOption({ label: COMPANIES[0]! });
    await taskButton(ruledTask).click();
    await expect(list().getByRole('heading', { name: ruledTask })).toBeVisible();
    for (const item of ['Count the stock', 'Attach the price list']) {
      const box = list().getByRole('checkbox', { name: item });
      await box.check();
      await expect(box).toBeChecked();
    }
    await list().getByRole('button', { name: 'Mark as done' }).click();
    await expect(list().getByRole('button', { name: 'Mark as done' })).toHaveCount(0);

    // The firm side: the work's detail shows the task completed, the other still open.
    await con().getByRole('navigation', { name: 'Console sections' }).getByRole('button', { name: 'Work' }).click();
    const row = con().getByRole('listitem').filter({ hasText: templateTitle }).filter({ hasText: COMPANIES[0]! });
    await row.getByRole('button', { name: templateTitle }).click();
    await expect(con().getByRole('heading', { name: templateTitle })).toBeVisible();
    const done = con().getByRole('listitem').filter({ has: staff.getByRole('button', { name: ruledTask }) });
    await expect(done.locator('.badge')).toHaveText('Completed');
    const open = con().getByRole('listitem').filter({ has: staff.getByRole('button', { name: atOnceTask }) });
    await expect(open.locator('.badge')).not.toHaveText('Completed');
  });

  test('4. the client sees the work’s status change; completing the work takes its tasks out of the portal', async () => {
    await con().getByLabel('Status').selectOption({ label: 'In review' });
    await expect(con()).toContainText(`“${templateTitle}” is now “In review”.`);
    await con().getByLabel('Status').selectOption({ label: 'In progress (clients see it)' });
    await expect(con()).toContainText(`“${templateTitle}” is now “In progress”.`);

    const company = client.locator('client-portal').getByLabel('Company');
    await client.reload();
    await company.selectOption({ label: COMPANIES[0]! });
    await expect(workRow()).toContainText('In progress');

    await con().getByRole('button', { name: 'Complete', exact: true }).click();
    await expect(con()).toContainText(`“${templateTitle}” is completed; its tasks have left the portal.`);

    await client.reload();
    await company.selectOption({ label: COMPANIES[0]! });
    await expect(list().getByRole('list').getByRole('button').first()).toBeVisible();
    await expect(taskButton(atOnceTask)).toHaveCount(0);
    await expect(workRow()).toHaveCount(0);
    // The other company's work is untouched.
    await company.selectOption({ label: COMPANIES[1]! });
    await expect(taskButton(atOnceTask)).toBeVisible();
    await expect(workRow()).toBeVisible();
  });
});
