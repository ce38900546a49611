/**
 * A new firm's first hour, end to end (issue 11), in system Chromium against
 * `npm start` (see playwright.config.ts; sign-ups are open outside production):
 *
 *   1. the owner signs the firm up in the console ("New firm? Sign up"),
 *      signs in from the emailed link (the console, set up for the demo
 *      firm, follows the link to the new firm and keeps it in the address),
 *      sees the first steps, brands the portal (its colour) and turns it on
 *      in Settings;
 *   2. the owner adds a client with a contact, sets a sample task template
 *      and opens the portal with an invitation; the client, in a second
 *      browser, types the invitation email's 6-digit code on the portal
 *      page, sees the sample task in the firm's colour and sets a PIN in
 *      the profile.
 */
import { expect, test, type Page } from '@playwright/test';
import { API, signInLink } from './sign-in.ts';

interface Mail { to: string; subject: string; text: string }

test.describe.configure({ mode: 'serial' });

const run = Date.now().toString(36);
const FIRM = `Onboarding ${run} OÜ`;
const OWNER = `owner-${run}@onboarding.example`;
const CLIENT = `client-${run}@onboarding.example`;
const COLOUR = '#aa3300';
const SAMPLE_TASK = 'Send us a copy of your ID';

/** The new firm's address, once the owner is signed in. */
let slug = '';

async function mailbox(): Promise<Mail[]> {
  const res = await fetch(`${API}/dev/mail.json`);
  expect(res.status, 'GET /dev/mail.json').toBe(200);
  return (await res.json()) as Mail[];
}

/** A bearer token of the new firm's owner for API calls (signed in by an emailed link, as the console would). */
async function ownerToken(): Promise<string> {
  const link = await signInLink(OWNER, async () => {
    const res = await fetch(`${API}/api/v1/auth/link`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ firm: slug, email: OWNER, as: 'staff' }) });
    expect(res.status, 'POST /auth/link').toBe(202);
  });
  const token = new URLSearchParams(link.hash.slice(1)).get('login');
  const res = await fetch(`${API}/api/v1/auth/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ token }) });
  expect(res.status, 'POST /auth/session').toBe(200);
  return ((await res.json()) as { token: string }).token;
}

async function call<T>(token: string, method: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(`${API}/api/v1${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  expect(res.status, `${method} ${path}: ${res.status}`).toBeLessThan(300);
  return (res.status === 204 ? undefined : await res.json()) as T;
}

test('the owner signs a new firm up in the console, signs in from the email, and brands and opens the portal', async ({ page }) => {
  await page.goto('/console');
  const con = page.locator('portico-console');
  await con.getByRole('button', { name: 'Sign up' }).click();
  await expect(con.getByRole('heading', { name: 'Sign your firm up' })).toBeFocused();
  await con.getByLabel('Firm name').fill(FIRM);
  await con.getByLabel('Your name').fill('Kadri Owner');
  await con.getByLabel('Your email address').fill(OWNER);
  const link = await signInLink(OWNER, async () => {
    await con.getByRole('button', { name: 'Sign up', exact: true }).click();
    await expect(con.getByRole('heading', { name: 'Check your email' })).toBeVisible();
    await expect(con).toContainText('Check your email for the sign-in link');
  });
  expect(link.pathname).toBe('/console');

  // The same browser opens the emailed link: the console of the demo firm turns to the new one.
  await page.goto(link.href);
  await con.getByRole('button', { name: `Continue as ${OWNER}` }).click();
  await expect(con).toContainText(`Signed in as ${OWNER}`);
  await expect(con).toContainText(FIRM);
  slug = new URL(page.url()).searchParams.get('firm') ?? '';
  expect(slug, 'the address keeps the new firm').toMatch(/^onboarding-/);

  // A new firm: first steps, none done.
  const steps = con.getByRole('region', { name: 'First steps' });
  await expect(steps).toContainText('0 of 3 done');
  await steps.getByRole('button', { name: 'Brand your portal and turn it on' }).click();
  await expect(con.getByRole('heading', { name: 'Firm settings' })).toBeFocused();
  await con.getByLabel('Main colour').fill(COLOUR);
  await con.getByLabel('The portal is on: clients can sign in').check();
  await con.getByRole('button', { name: 'Save the portal settings' }).click();
  await expect(con.getByRole('status')).toHaveText('The portal settings are saved.');

  const firm = (await (await fetch(`${API}/api/v1/public/firms/${slug}`)).json()) as { portalActive: boolean; branding: { primaryColor?: string } };
  expect(firm.portalActive).toBe(true);
  expect(firm.branding.primaryColor).toBe(COLOUR);

  // Back on the clients screen the branding step is ticked.
  await con.getByRole('navigation', { name: 'Console sections' }).getByRole('button', { name: 'Clients' }).click();
  await expect(steps).toContainText('1 of 3 done');
  await expect(steps.locator('[data-step="brand"]')).toContainText('Done');

  // A reload stays with the new firm (the cookie session, the address's ?firm=).
  await page.reload();
  await expect(con).toContainText(`Signed in as ${OWNER}`);
});

// LEAD: unskip after h1 merge (POST /firm/clients, POST /firm/clients/:id/contacts and the sample task given at invitation are H1's).
test.skip('the client opens the invitation by its code in another browser, sees the sample task in the firm’s colour and sets a PIN', async ({ browser }) => {
  expect(slug, 'the first test made the firm').not.toBe('');
  const token = await ownerToken();

  // The sample task: a single-task template, chosen in the settings (by API: the settings UI is tested above and in components).
  const template = await call<{ id: string }>(token, 'POST', '/firm/templates', { kind: 'task', title: 'Welcome', tasks: [{ section: null, title: SAMPLE_TASK }] });
  await call(token, 'PATCH', '/firm/settings', { sampleTemplateId: template.id });

  // LEAD: H3's console UI is on main now: once H1's routes are too, drive "Add a client" (first steps -> New client: Name, Create client, Add a contact)
  // and "Open the portal" (With an invitation) in the owner's console here instead of these API calls.
  const client = await call<{ id: string }>(token, 'POST', '/firm/clients', { name: `Client ${run} AS` });
  await call(token, 'POST', `/firm/clients/${client.id}/contacts`, { email: CLIENT, name: 'Kati Client' });
  const before = (await mailbox()).filter((m) => m.to === CLIENT).length;
  const opened = await call<{ invited: number }>(token, 'POST', '/firm/clients/portal', { clientIds: [client.id], mode: 'invite' });
  expect(opened.invited).toBe(1);

  let invitation: Mail | undefined;
  await expect.poll(async () => (invitation = (await mailbox()).filter((m) => m.to === CLIENT)[0]) && (await mailbox()).filter((m) => m.to === CLIENT).length > before, { message: 'the invitation email', timeout: 20_000 }).toBeTruthy();
  const code = /\b(\d{3}) (\d{3})\b/.exec(invitation!.text);
  expect(code, 'the 6-digit code in the invitation').not.toBeNull();

  // A second browser: the client has never signed in here.
  const context = await browser.newContext({ baseURL: API, locale: 'en-GB' });
  const client$: Page = await context.newPage();
  await client$.goto(`/p/${slug}`);
  const portal = client$.locator('client-portal');
  await portal.getByLabel('Email address').fill(CLIENT);
  await portal.getByRole('button', { name: 'Send sign-in link' }).click();
  await expect(portal.getByRole('heading', { name: 'Check your email' })).toBeVisible();
  await portal.getByLabel('Sign-in code (6 digits)').fill(`${code![1]}${code![2]}`);
  await portal.getByRole('button', { name: 'Sign in with the code' }).click();
  await expect(portal.getByRole('button', { name: 'Sign out' })).toBeVisible();

  // The sample task, in the firm's colour.
  const task = client$.getByText(SAMPLE_TASK).first();
  await expect(task).toBeVisible();
  const primary = await portal.evaluate((el) => getComputedStyle(el).getPropertyValue('--portico-color-primary').trim());
  expect(primary.toLowerCase()).toBe(COLOUR);
  const button = portal.getByRole('button', { name: 'Sign out' });
  const colour = await button.evaluate((el) => [getComputedStyle(el).backgroundColor, getComputedStyle(el).color, getComputedStyle(el).borderColor].join(' '));
  expect(colour, 'a control drawn in the firm’s colour').toContain('rgb(170, 51, 0)');

  // A PIN in the profile.
  await portal.getByRole('button', { name: 'Email settings' }).click();
  await portal.getByLabel('New PIN (4 digits)').fill('4826');
  await portal.getByLabel('Repeat the new PIN').fill('4826');
  await portal.getByRole('button', { name: 'Set the PIN' }).click();
  await expect(portal).toContainText('Your PIN is saved.');
  await context.close();
});
