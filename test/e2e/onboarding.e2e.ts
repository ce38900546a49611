/**
 * A new firm's first hour, end to end (issue 11), in system Chromium against
 * `npm start` (see playwright.config.ts; sign-ups are open outside production):
 *
 *   1. the owner signs the firm up in the console ("New firm? Sign up"),
 *      signs in from the emailed link (the console, set up for the demo
 *      firm, follows the link to the new firm and keeps it in the address),
 *      sees the first steps, brands the portal (its colour) and turns it on
 *      in Settings;
 *   2. the owner, in the same browser, makes a single-task template and
 *      chooses it as the sample task in Settings, adds a client with a
 *      contact (first steps -> New client), selects it on the clients
 *      screen and opens the portal with an invitation; the client, in a second
 *      browser, types the invitation email's 6-digit code on the portal
 *      page, sees the sample task in the firm's colour and sets a PIN in
 *      the profile.
 */
import { expect, test, type BrowserContext, type Page } from '@playwright/test';
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
/** The owner's signed-in browser state at the end of the first test: the second goes on from there. */
let ownerState: Awaited<ReturnType<BrowserContext['storageState']>> | undefined;

async function mailbox(): Promise<Mail[]> {
  const res = await fetch(`${API}/dev/mail.json`);
  expect(res.status, 'GET /dev/mail.json').toBe(200);
  return (await res.json()) as Mail[];
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
  ownerState = await page.context().storageState();
});

test('the owner adds a client and invites it; the client opens the invitation by its code in another browser, sees the sample task in the firm’s colour and sets a PIN', async ({ browser }) => {
  expect(slug, 'the first test made the firm').not.toBe('');
  expect(ownerState, 'the first test signed the owner in').toBeDefined();

  // The owner's browser, still signed in from the first test (its cookies and storage).
  const ownerContext = await browser.newContext({ baseURL: API, locale: 'en-GB', storageState: ownerState });
  const page = await ownerContext.newPage();
  await page.goto(`/console?firm=${encodeURIComponent(slug)}`);
  const con = page.locator('portico-console');
  await expect(con).toContainText(`Signed in as ${OWNER}`);
  const nav = con.getByRole('navigation', { name: 'Console sections' });

  // The sample task: a single-task template, chosen in the settings.
  await nav.getByRole('button', { name: 'Templates' }).click();
  await con.getByRole('button', { name: 'New single-task template' }).click();
  await con.getByLabel('Template name').fill('Welcome');
  await con.getByLabel('Task title').fill(SAMPLE_TASK);
  await con.getByRole('button', { name: 'Save template' }).click();
  await expect(con.getByRole('status')).toHaveText('Template “Welcome” is saved.');
  await nav.getByRole('button', { name: 'Settings' }).click();
  await expect(con.getByRole('heading', { name: 'Firm settings' })).toBeFocused();
  const sample = con.getByLabel('Sample task for invited clients');
  await expect(sample.getByRole('option', { name: 'Welcome' })).toBeAttached();
  await sample.selectOption({ label: 'Welcome' });
  await con.getByRole('button', { name: 'Save the portal settings' }).click();
  await expect(con.getByRole('status')).toHaveText('The portal settings are saved.');

  // A client with a contact, from the first steps' "Add a client".
  const CLIENT_NAME = `Client ${run} AS`;
  await nav.getByRole('button', { name: 'Clients' }).click();
  const steps = con.getByRole('region', { name: 'First steps' });
  await steps.getByRole('button', { name: 'Add a client' }).click();
  await expect(con.getByRole('heading', { name: 'New client' })).toBeFocused();
  await con.locator('form.client-form').getByLabel('Name').fill(CLIENT_NAME);
  await con.getByRole('button', { name: 'Create client' }).click();
  await expect(con.getByRole('status')).toHaveText(`${CLIENT_NAME} is created.`);
  await expect(con.getByRole('heading', { name: `Edit ${CLIENT_NAME}` })).toBeFocused();
  const addContact = con.getByRole('form', { name: 'Add a contact' });
  await addContact.getByLabel('Email').fill(CLIENT);
  await addContact.getByLabel('Name').fill('Kati Client');
  await addContact.getByRole('button', { name: 'Add contact' }).click();
  await expect(con.getByRole('status')).toHaveText(`Kati Client is a contact of ${CLIENT_NAME}.`);

  // The portal opened for it with an invitation: selected on the clients screen, then "Open portal…".
  const before = (await mailbox()).filter((m) => m.to === CLIENT).length;
  await nav.getByRole('button', { name: 'Clients' }).click();
  await con.getByRole('checkbox', { name: `Select ${CLIENT_NAME}` }).check();
  await expect(con).toContainText('1 client selected');
  await con.getByRole('button', { name: 'Open portal…' }).click();
  await expect(con.getByRole('heading', { name: 'Open the portal' })).toBeFocused();
  await expect(con.getByRole('radio', { name: /With an invitation/ })).toBeChecked();
  await con.getByRole('button', { name: 'Open the portal', exact: true }).click();
  await expect(con.locator('.portal-result')).toHaveText('The portal is open for 1 client; 1 contact invited.');
  await nav.getByRole('button', { name: 'Clients' }).click();
  await expect(steps).toContainText('3 of 3 done');

  let invitation: Mail | undefined;
  await expect
    .poll(async () => {
      const mine = (await mailbox()).filter((m) => m.to === CLIENT);
      invitation = mine[mine.length - 1];
      return mine.length > before;
    }, { message: 'the invitation email', timeout: 20_000 })
    .toBe(true);
  const code = /\b(\d{3}) (\d{3})\b/.exec(invitation!.text);
  expect(code, 'the 6-digit code in the invitation').not.toBeNull();
  await ownerContext.close();

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
  // The firm's tokens go on the portal's base part (never on the element itself, so a host page's own setting wins).
  const primary = await portal.locator('[part~="base"]').first().evaluate((el) => getComputedStyle(el).getPropertyValue('--portico-color-primary').trim());
  expect(primary.toLowerCase()).toBe(COLOUR);
  const button = portal.getByRole('button', { name: 'Sign out' });
  const colour = await button.evaluate((el) => [getComputedStyle(el).backgroundColor, getComputedStyle(el).color, getComputedStyle(el).borderColor].join(' '));
  expect(colour, 'a control drawn in the firm’s colour').toContain('rgb(170, 51, 0)');

  // A PIN in the profile.
  await portal.getByRole('button', { name: 'Your profile' }).click();
  await portal.getByLabel('New PIN (4 digits)').fill('4826');
  await portal.getByLabel('Repeat the new PIN').fill('4826');
  await portal.getByRole('button', { name: 'Set the PIN' }).click();
  await expect(portal).toContainText('Your PIN is saved.');
  await context.close();
});
