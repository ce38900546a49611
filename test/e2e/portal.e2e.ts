/**
 * The whole path a firm and its client take, in system Chromium against
 * `npm start` on a fresh database (see playwright.config.ts):
 *
 *   1. the demo firm's site links to its client portal;
 *   2. a client signs in there with an emailed link (read from /dev/mail.json);
 *   3. the task list: unread in bold, overdue in red, company switch, task
 *      detail, reload keeps the session;
 *   4. staff sign in to /console, create and assign a task the client then
 *      sees, withdraw it and the client no longer does; the client signs out;
 *   5. the hosted portal /p/demo does the same;
 *   6. a page on another origin embeds the portal and signs in cross-origin.
 *
 * The steps share browser contexts and run in order.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { chromium, expect, test, type Browser, type BrowserContext, type Locator, type Page } from '@playwright/test';

import { chromiumLaunchOptions } from '../chromium.mjs';
import { rememberCompany } from './sign-in.ts';

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

const API = process.env.PORTICO_E2E_API ?? 'http://localhost:8799';
const STATIC = `http://127.0.0.1:${process.env.PORTICO_E2E_STATIC_PORT ?? 8798}`;
const CLIENT = 'client@demo.test';
const STAFF = 'owner@demo.test';

interface Mail {
  to: string;
  subject: string;
  text: string;
  html: string;
  sentAt: number | string;
}

interface TaskSummary {
  id: string;
  clientId: string;
  title: string;
  dueDate: string | null;
  state: 'open' | 'done';
  unread: boolean;
  overdue: boolean;
}

interface TaskDetail extends TaskSummary {
  description: string;
  checklist: { id: string; text: string; done: boolean }[];
}

async function mailbox(): Promise<Mail[]> {
  const res = await fetch(`${API}/dev/mail.json`);
  expect(res.status, 'GET /dev/mail.json').toBe(200);
  return (await res.json()) as Mail[];
}

const loginLinks = (mails: Mail[], to: string): string[] =>
  mails
    .filter((m) => m.to === to)
    .flatMap((m) => [...m.text.matchAll(/https?:\/\/\S+#login=[^\s"'<>]+/g)].map((match) => match[0]));

/**
 * Runs `request` (which asks for a sign-in link for `to`) and waits for the
 * email it causes: the first link in the mailbox that was not there before.
 */
async function signInLink(to: string, request: () => Promise<void>): Promise<URL> {
  const before = new Set(loginLinks(await mailbox(), to));
  await request();
  let found: string | undefined;
  await expect
    .poll(
      async () => {
        found = loginLinks(await mailbox(), to).find((link) => !before.has(link));
        return found;
      },
      { message: `a new sign-in email to ${to}`, timeout: 20_000 },
    )
    .toBeTruthy();
  return new URL(found!);
}

const tokenOf = (link: URL): string => new URLSearchParams(link.hash.slice(1)).get('login')!;

/** Calls the API as the signed-in contact of `page` (the bearer token the portal keeps in localStorage). */
async function asContact<T>(page: Page, path: string): Promise<T> {
  const token = await page.evaluate(
    () => Object.entries(localStorage).find(([key]) => key.startsWith('portico:session:'))?.[1] ?? null,
  );
  expect(token, 'the portal keeps a bearer token').toBeTruthy();
  const res = await fetch(`${API}/api/v1${path}`, { headers: { authorization: `Bearer ${token}` } });
  expect(res.status, `GET ${path}`).toBe(200);
  return (await res.json()) as T;
}

/** Runs axe-core on the whole page (shadow roots included); fails with a readable list of violations. */
async function expectNoAxeViolations(page: Page, what: string): Promise<void> {
  // Evaluated over the DevTools protocol, which the pages' Content-Security-Policy (rightly) does not let a <script> tag do.
  await page.evaluate(axeSource);
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (ctx: Document, opts: object) => Promise<{ violations: { id: string; help: string; nodes: { target: unknown }[] }[] }> } }).axe;
    const result = await axe.run(document, { resultTypes: ['violations'] });
    return result.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => JSON.stringify(n.target)).join(', ')})`);
  });
  expect(violations, `accessibility of ${what}`).toEqual([]);
}

const taskList = (page: Page): Locator => page.locator('client-task-list');
const taskButton = (page: Page, title: string): Locator =>
  taskList(page).getByRole('list').getByRole('button', { name: title });

const fontWeight = (locator: Locator): Promise<number> =>
  locator.evaluate((el) => Number(getComputedStyle(el).fontWeight));

/** `rgb(r, g, b)` -> whether it reads as red. */
const isRed = (color: string): boolean => {
  const [r = 0, g = 0, b = 0] = (color.match(/\d+/g) ?? []).map(Number);
  return r > 140 && r > g * 2 && r > b * 2;
};

/** From the email form on `page` to signed in, opening the emailed link in a new tab (as a mail client would). */
async function signInAsClient(page: Page, opts: { openAt?: (link: URL) => string } = {}): Promise<Page> {
  const portal = page.locator('client-portal');
  await portal.getByLabel('Email address').fill(CLIENT);
  const link = await signInLink(CLIENT, async () => {
    await portal.getByRole('button', { name: 'Send sign-in link' }).click();
    await expect(portal.getByRole('heading', { name: 'Check your email' })).toBeVisible();
  });
  const tab = await page.context().newPage();
  await tab.goto(opts.openAt ? opts.openAt(link) : link.href);
  await tab.getByRole('button', { name: `Continue as ${CLIENT}` }).click();
  await expect(tab.locator('client-portal').getByRole('button', { name: 'Sign out' })).toBeVisible();
  await expect(tab.locator('client-portal')).toContainText(`Signed in as ${CLIENT}`);
  expect(tab.url(), 'the used token leaves the address bar').not.toContain('login=');
  await page.close();
  return tab;
}

async function newContext(browser: Browser): Promise<BrowserContext> {
  return browser.newContext({ baseURL: API, locale: 'en-GB', timezoneId: 'Europe/Tallinn' });
}

/**
 * Starts summing layout shifts (the Layout Instability API, as CLS counts
 * them: shifts right after a person's input do not count) from the first
 * paint of every document `page` loads. Read the sum with {@link layoutShift}.
 */
async function recordLayoutShifts(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const w = window as unknown as { __shift: number; __shifts: string[] };
    w.__shift = 0;
    w.__shifts = [];
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries() as unknown as { value: number; hadRecentInput: boolean; sources?: { node?: Node }[] }[]) {
        if (entry.hadRecentInput) continue;
        w.__shift += entry.value;
        w.__shifts.push(`${entry.value.toFixed(4)} ${(entry.sources ?? []).map((s) => (s.node as Element | undefined)?.localName ?? s.node?.nodeName).join(',')}`);
      }
    }).observe({ type: 'layout-shift', buffered: true });
  });
}

/** The layout shifts summed since the page loaded, after letting late renders settle. */
async function layoutShift(page: Page): Promise<{ sum: number; shifts: string[] }> {
  await page.waitForTimeout(500);
  return page.evaluate(() => {
    const w = window as unknown as { __shift: number; __shifts: string[] };
    return { sum: w.__shift, shifts: w.__shifts };
  });
}

test.describe.configure({ mode: 'serial' });

test.describe('Portico end to end', () => {
  let clientContext: BrowserContext;
  let staffContext: BrowserContext;
  let client: Page;
  let staff: Page;
  const newTaskTitle = `Q2 VAT documents ${Date.now().toString(36)}`;

  test.beforeAll(async ({ browser }) => {
    // Earlier files switch this contact's company, which the server remembers.
    await rememberCompany('demo', CLIENT, 'Harbor Lights Studio');
    clientContext = await newContext(browser);
    staffContext = await newContext(browser);
  });

  test.afterAll(async () => {
    await clientContext?.close();
    await staffContext?.close();
  });

  test('1. the firm’s home page shows the firm and links to the client portal', async () => {
    client = await clientContext.newPage();
    const violations: string[] = [];
    client.on('console', (msg) => { if (/Content Security Policy/i.test(msg.text())) violations.push(msg.text()); });
    const home = await client.goto('/');
    expect(home?.headers()['content-security-policy']).toContain("frame-ancestors 'self'");
    await expect(client).toHaveTitle(/Demo & Partners Accounting/);
    await expect(client.getByRole('banner')).toContainText('Demo & Partners');
    await expect(client.getByRole('heading', { level: 1 })).toBeVisible();
    await expect(client.getByRole('heading', { name: 'Services' })).toBeVisible();
    await expect(client.getByRole('heading', { name: 'Contact' })).toBeVisible();
    await expect(client.getByText('Tallinn').first()).toBeVisible();
    await expectNoAxeViolations(client, 'the home page');

    await client.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Client portal' }).click();
    await expect(client).toHaveURL(`${API}/portal`);
    await expect(client.getByRole('heading', { level: 1, name: 'Client portal' })).toBeVisible();
    await expect(client.locator('client-portal').getByLabel('Email address')).toBeVisible();
    expect(violations, 'the pages keep to their own Content-Security-Policy').toEqual([]);
  });

  test('1b. the portal page does not shift while the elements upgrade and the firm loads', async ({ browser }) => {
    const context = await newContext(browser);
    try {
      const page = await context.newPage();
      await recordLayoutShifts(page);
      // A slow script: the page paints with the elements still undefined, as on a real network.
      await page.route(/\/assets\/.*\.js$/, async (route) => {
        await new Promise((resolve) => setTimeout(resolve, 400));
        await route.continue();
      });
      await page.goto('/portal');
      const portal = page.locator('client-portal');
      await expect(portal.getByLabel('Email address')).toBeVisible();
      await expect(portal).toContainText('Demo & Partners');
      const { sum, shifts } = await layoutShift(page);
      expect(sum, `layout shifts: ${shifts.join('; ')}`).toBe(0);
    } finally {
      await context.close();
    }
  });

  test('1c. under a strict style-src \'self\' policy the portal reports no violation', async () => {
    // The page below is answered by the test (to add the policy), so Chromium does not know it comes from this
    // machine and would refuse its calls to the loopback API (Local Network Access): this browser allows them.
    const browser = await chromium.launch({
      ...chromiumLaunchOptions,
      args: [...chromiumLaunchOptions.args, '--disable-features=LocalNetworkAccessChecks,BlockInsecurePrivateNetworkRequests'],
    });
    const context = await newContext(browser);
    try {
      const page = await context.newPage();
      const csp = `default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: https:; connect-src 'self' ${API}`;
      // The firm's page, on the second origin, with the strictest style policy a host page may have.
      await page.route(`${STATIC}/strict`, async (route) => {
        const original = await route.fetch({ url: `${STATIC}/portal` });
        await route.fulfill({ response: original, headers: { ...original.headers(), 'content-security-policy': csp } });
      });
      await page.addInitScript(() => {
        const w = window as unknown as { __violations: string[] };
        w.__violations = [];
        document.addEventListener('securitypolicyviolation', (e) =>
          w.__violations.push(`${e.violatedDirective} ${e.blockedURI} ${e.sample}`),
        );
      });
      const response = await page.goto(`${STATIC}/strict`);
      expect(response?.headers()['content-security-policy']).toBe(csp);
      const portal = page.locator('client-portal');
      await expect(portal.getByLabel('Email address')).toBeVisible();
      await expect(portal).toContainText('Demo & Partners');
      await page.waitForTimeout(300);
      expect(await page.evaluate(() => (window as unknown as { __violations: string[] }).__violations)).toEqual([]);
    } finally {
      await context.close();
      await browser.close();
    }
  });

  test('2. a client signs in on the portal page with an emailed link', async () => {
    const portal = client.locator('client-portal');
    await expect(portal.getByRole('heading', { name: 'Sign in' })).toBeVisible();
    await portal.getByLabel('Email address').fill(CLIENT);
    const link = await signInLink(CLIENT, async () => {
      await portal.getByRole('button', { name: 'Send sign-in link' }).click();
      await expect(portal.getByRole('heading', { name: 'Check your email' })).toBeVisible();
    });
    expect(link.origin + link.pathname, 'the link leads to the firm’s portal page').toBe(`${API}/portal`);
    expect(link.hash).toMatch(/^#login=.+/);

    // The mail client opens the link in a new tab; nothing is used up until the click.
    const tab = await clientContext.newPage();
    await tab.goto(link.href);
    const cont = tab.getByRole('button', { name: `Continue as ${CLIENT}` });
    await expect(cont).toBeVisible();
    await cont.click();
    await expect(tab.locator('client-portal').getByRole('button', { name: 'Sign out' })).toBeVisible();
    await expect(tab.locator('client-portal')).toContainText(`Signed in as ${CLIENT}`);
    expect(tab.url()).not.toContain('login=');
    await client.close();
    client = tab;

    await expect(taskList(client).getByRole('list')).toBeVisible();
    await expectNoAxeViolations(client, 'the signed-in portal page');

    // A used link cannot sign in again.
    const reuse = await fetch(`${API}/api/v1/auth/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ token: tokenOf(link) }),
    });
    expect(reuse.status).toBe(401);
  });

  test('3. the task list: unread bold, overdue red, company switch, detail, reload', async () => {
    const list = taskList(client);
    await expect(list.getByRole('heading', { name: 'Your tasks' })).toBeVisible();
    const company = client.locator('client-portal').getByLabel('Company');
    await expect(company).toBeVisible();
    const firstCompany = await company.inputValue();
    const options = await company.locator('option').evaluateAll((els) =>
      els.map((o) => ({ value: (o as HTMLOptionElement).value, label: o.textContent?.trim() ?? '' })),
    );
    expect(options.map((o) => o.label).sort()).toEqual(['Harbor Lights Studio', 'Northwind Bakery OÜ']);

    // What the API says this company's list holds, against what the page shows.
    const first = await asContact<{ items: TaskSummary[] }>(client, `/portal/tasks?clientId=${firstCompany}`);
    expect(first.items.length).toBeGreaterThan(0);
    await expect(list.getByRole('list').getByRole('button')).toHaveCount(first.items.length);
    const unread = first.items.find((t) => t.unread && t.state === 'open');
    const read = first.items.find((t) => !t.unread);
    const overdue = first.items.find((t) => t.overdue);
    const onTime = first.items.find((t) => t.dueDate && !t.overdue);
    expect(unread && read && overdue, 'the seed gives each company unread, read and overdue tasks').toBeTruthy();

    for (const task of first.items) await expect(taskButton(client, task.title)).toBeVisible();
    expect(await fontWeight(taskButton(client, unread!.title).locator('.title'))).toBeGreaterThanOrEqual(600);
    expect(await fontWeight(taskButton(client, read!.title).locator('.title'))).toBeLessThan(600);
    const overdueDue = taskButton(client, overdue!.title).locator('.due');
    await expect(overdueDue).toContainText('Overdue');
    expect(isRed(await overdueDue.evaluate((el) => getComputedStyle(el).color)), 'overdue date in red').toBe(true);
    if (onTime) {
      const due = taskButton(client, onTime.title).locator('.due');
      expect(isRed(await due.evaluate((el) => getComputedStyle(el).color)), 'an on-time date is not red').toBe(false);
    }

    // The company switch shows the other company's tasks only.
    const other = options.find((o) => o.value !== firstCompany)!;
    await company.selectOption(other.value);
    const second = await asContact<{ items: TaskSummary[] }>(client, `/portal/tasks?clientId=${other.value}`);
    expect(second.items.length).toBeGreaterThan(0);
    for (const task of second.items) await expect(taskButton(client, task.title)).toBeVisible();
    await expect(list.getByRole('list').getByRole('button')).toHaveCount(second.items.length);
    for (const task of first.items) await expect(taskButton(client, task.title)).toHaveCount(0);

    // Back to the first company; open the unread task.
    await company.selectOption(firstCompany);
    await expect(taskButton(client, unread!.title)).toBeVisible();
    await taskButton(client, unread!.title).click();
    await expect(list.getByRole('heading', { name: unread!.title })).toBeVisible();
    const detail = await asContact<TaskDetail>(client, `/portal/tasks/${unread!.id}`);
    await expect(list).toContainText(detail.description);
    expect(detail.checklist.length).toBeGreaterThan(0);
    for (const item of detail.checklist) {
      await expect(list.getByRole('listitem').filter({ hasText: item.text })).toBeVisible();
    }
    await list.getByRole('button', { name: 'Back to tasks' }).click();
    await expect(taskButton(client, unread!.title)).toBeVisible();
    expect(await fontWeight(taskButton(client, unread!.title).locator('.title')), 'read now').toBeLessThan(600);

    // A reload keeps the session, the company and the read state.
    await client.reload();
    await expect(client.locator('client-portal').getByRole('button', { name: 'Sign out' })).toBeVisible();
    await expect(client.locator('client-portal').getByLabel('Email address')).toHaveCount(0);
    await expect(company).toHaveValue(firstCompany);
    await expect(taskButton(client, unread!.title)).toBeVisible();
    expect(await fontWeight(taskButton(client, unread!.title).locator('.title'))).toBeLessThan(600);
  });

  test('3b. a reload while signed in shifts the page less than 0.01 while the session and tasks load', async () => {
    await recordLayoutShifts(client);
    await client.reload();
    await expect(taskList(client).getByRole('list').getByRole('button').first()).toBeVisible();
    const { sum, shifts } = await layoutShift(client);
    expect(sum, `layout shifts: ${shifts.join('; ')}`).toBeLessThan(0.01);
  });

  test('4. staff create and assign a task in the console; the client sees it until it is withdrawn', async () => {
    staff = await staffContext.newPage();
    await staff.goto('/console');
    const consoleEl = staff.locator('portico-console');
    await expect(consoleEl.getByRole('heading', { name: 'Sign in to the staff console' })).toBeVisible();
    await consoleEl.getByLabel('Email address').fill(STAFF);
    const link = await signInLink(STAFF, async () => {
      await consoleEl.getByRole('button', { name: 'Email me a sign-in link' }).click();
      await expect(consoleEl.getByRole('heading', { name: 'Check your email' })).toBeVisible();
    });
    expect(link.origin + link.pathname).toBe(`${API}/console`);

    const tab = await staffContext.newPage();
    await tab.goto(link.href);
    await tab.locator('portico-console').getByRole('button', { name: `Continue as ${STAFF}` }).click();
    await staff.close();
    staff = tab;
    const con = staff.locator('portico-console');
    await expect(con).toContainText(`Signed in as ${STAFF}`);
    const cookies = await staffContext.cookies(API);
    expect(cookies.find((c) => c.name === 'portico_session')?.httpOnly, 'HttpOnly session cookie').toBe(true);

    const clients = con.getByRole('navigation', { name: 'Clients' });
    for (const name of ['Northwind Bakery OÜ', 'Harbor Lights Studio', 'Baltic Timber AS']) {
      await expect(clients.getByRole('button', { name })).toBeVisible();
    }
    await expect(con).not.toContainText('Acme');
    await clients.getByRole('button', { name: 'Northwind Bakery OÜ' }).click();
    await expect(con.getByRole('heading', { name: 'Tasks for Northwind Bakery OÜ' })).toBeVisible();
    await expect(con).toContainText(CLIENT);
    await expect(con.getByRole('heading', { name: 'Send March receipts' })).toBeVisible();
    await expectNoAxeViolations(staff, 'the signed-in console');

    await con.getByRole('button', { name: 'New task' }).click();
    await con.getByLabel('Title').fill(newTaskTitle);
    await con.getByLabel('Description').fill('Sales and purchase invoices for April to June.');
    await con.getByLabel('Due date').fill('2031-07-20');
    await con.getByLabel('Checklist').fill('Sales invoices\nPurchase invoices\nBank statement');
    await con.getByLabel('Assign to portal now').check();
    await con.getByRole('button', { name: 'Create task' }).click();
    await expect(con.getByRole('status')).toContainText('created and assigned');
    const row = con.getByRole('listitem').filter({ has: staff.getByRole('heading', { name: newTaskTitle }) });
    await expect(row).toContainText('Assigned');
    await expect(row).toContainText('Due 20 Jul 2031');
    await expect(row).toContainText('Purchase invoices');

    // The client sees it after a reload, in bold, with its checklist.
    await client.reload();
    await client.locator('client-portal').getByLabel('Company').selectOption({ label: 'Northwind Bakery OÜ' });
    await expect(taskButton(client, newTaskTitle)).toBeVisible();
    expect(await fontWeight(taskButton(client, newTaskTitle).locator('.title'))).toBeGreaterThanOrEqual(600);
    await taskButton(client, newTaskTitle).click();
    await expect(taskList(client)).toContainText('Sales and purchase invoices for April to June.');
    for (const item of ['Sales invoices', 'Purchase invoices', 'Bank statement']) {
      await expect(taskList(client).getByRole('listitem').filter({ hasText: item })).toBeVisible();
    }
    await taskList(client).getByRole('button', { name: 'Back to tasks' }).click();

    // Withdrawn: gone for the client.
    await row.getByRole('button', { name: /^Withdraw/ }).click();
    await expect(row).toContainText('Withdrawn');
    await expect(con.getByRole('status')).toContainText('withdrawn from the portal');
    await client.reload();
    await expect(taskButton(client, 'Send March receipts')).toBeVisible();
    await expect(taskButton(client, newTaskTitle)).toHaveCount(0);

    // Assigned again: back for the client.
    await row.getByRole('button', { name: /^Assign/ }).click();
    await expect(row).toContainText('Assigned');
    await client.reload();
    await expect(taskButton(client, newTaskTitle)).toBeVisible();

    // The client signs out; the session is gone, also after a reload.
    const token = await client.evaluate(
      () => Object.entries(localStorage).find(([key]) => key.startsWith('portico:session:'))?.[1] ?? null,
    );
    await client.locator('client-portal').getByRole('button', { name: 'Sign out' }).click();
    await expect(client.locator('client-portal').getByLabel('Email address')).toBeVisible();
    await expect(taskButton(client, newTaskTitle)).toHaveCount(0);
    await client.reload();
    await expect(client.locator('client-portal').getByLabel('Email address')).toBeVisible();
    const after = await fetch(`${API}/api/v1/portal/tasks`, { headers: { authorization: `Bearer ${token}` } });
    expect(after.status, 'the signed-out token is refused').toBe(401);

    // Staff sign out too.
    await con.getByRole('button', { name: 'Sign out' }).click();
    await expect(con.getByLabel('Email address')).toBeVisible();
    await staff.reload();
    await expect(staff.locator('portico-console').getByLabel('Email address')).toBeVisible();
  });

  test('5. the hosted portal /p/demo works the same', async ({ browser }) => {
    const context = await newContext(browser);
    try {
      const page = await context.newPage();
      await page.goto('/p/demo');
      await expect(page.getByText('Demo & Partners Accounting').first()).toBeVisible();
      await expect(page).toHaveTitle(/Demo & Partners Accounting/);
      // The emailed link leads to the firm's own portal page; the same token works on the hosted page.
      const tab = await signInAsClient(page, { openAt: (link) => `${API}/p/demo#login=${tokenOf(link)}` });
      expect(new URL(tab.url()).pathname).toBe('/p/demo');
      const tasks = await asContact<{ items: TaskSummary[] }>(tab, '/portal/tasks');
      expect(tasks.items.length).toBeGreaterThan(0);
      await expect(taskList(tab).getByRole('heading', { name: 'Your tasks' })).toBeVisible();
      await expect(taskList(tab).getByRole('list').getByRole('button').first()).toBeVisible();
      await tab.reload();
      await expect(tab.locator('client-portal').getByRole('button', { name: 'Sign out' })).toBeVisible();
      await tab.locator('client-portal').getByRole('button', { name: 'Sign out' }).click();
      await expect(tab.locator('client-portal').getByLabel('Email address')).toBeVisible();
    } finally {
      await context.close();
    }
  });

  test('5b. an unknown firm slug says so', async ({ browser }) => {
    const context = await newContext(browser);
    try {
      const page = await context.newPage();
      await page.goto('/p/no-such-firm');
      await expect(page.locator('client-portal').getByRole('alert')).toContainText('could not be found');
    } finally {
      await context.close();
    }
  });

  test('6b. the pasted snippet loads /embed/portico.js from the API origin and works', async ({ browser }) => {
    const context = await newContext(browser);
    try {
      const page = await context.newPage();
      const embed = page.waitForResponse((res) => res.url() === `${API}/embed/portico.js`);
      await page.goto(`${STATIC}/snippet`);
      expect((await embed).headers()['access-control-allow-origin']).toBe('*');
      await expect(page.locator('client-portal').getByLabel('Email address')).toBeVisible();
      const tab = await signInAsClient(page, { openAt: (link) => `${STATIC}/snippet#login=${tokenOf(link)}` });
      await expect(taskList(tab).getByRole('heading', { name: 'Your tasks' })).toBeVisible();
      await expect(taskList(tab).getByRole('list').getByRole('button').first()).toBeVisible();
    } finally {
      await context.close();
    }
  });

  test('6. a page on another origin embeds the portal and signs in cross-origin', async ({ browser }) => {
    const context = await newContext(browser);
    try {
      const page = await context.newPage();
      const apiCalls: string[] = [];
      context.on('request', (req) => {
        if (req.url().includes('/api/v1/')) apiCalls.push(req.url());
      });
      await page.goto(`${STATIC}/portal`);
      await expect(page.getByRole('heading', { level: 1, name: 'Client portal' })).toBeVisible();
      const tab = await signInAsClient(page, { openAt: (link) => `${STATIC}/portal#login=${tokenOf(link)}` });
      expect(new URL(tab.url()).origin).toBe(STATIC);
      await expect(taskList(tab).getByRole('heading', { name: 'Your tasks' })).toBeVisible();
      await expect(taskList(tab).getByRole('list').getByRole('button').first()).toBeVisible();
      await expect(taskButton(tab, 'Send March receipts').or(taskButton(tab, 'Upload Q1 bank statements'))).toBeVisible();
      expect(apiCalls.length).toBeGreaterThan(0);
      expect(apiCalls.every((url) => url.startsWith(`${API}/api/v1/`)), 'every API call goes to the API origin').toBe(true);
    } finally {
      await context.close();
    }
  });
  test('6c. a page on an origin the firm has not allowed says so, with what to configure', async ({ browser }) => {
    const context = await newContext(browser);
    try {
      const page = await context.newPage();
      // The second origin's page under another name: an origin missing from the firm's allowed origins.
      const refused = STATIC.replace('127.0.0.1', 'localhost');
      const logged: string[] = [];
      page.on('console', (msg) => {
        if (msg.type() === 'error' && msg.text().startsWith('Portico:')) logged.push(msg.text());
      });
      await page.goto(`${refused}/portal`);
      const alert = page.locator('client-portal').getByRole('alert');
      await expect(alert).toHaveText(
        `This page's address, ${refused}, is not allowed for this firm's portal. Add it to the allowed origins in the firm's settings.`,
      );
      await expect(page.locator('client-portal').getByLabel('Email address')).toHaveCount(0);
      expect(logged).toHaveLength(1);
      expect(logged[0]).toContain(refused);
    } finally {
      await context.close();
    }
  });
});
