/** Sign-in by emailed link for the e2e tests: reads the dev mailbox (`MAILER=dev`, `/dev/mail.json`). */
import { expect, type Page } from '@playwright/test';

export const API = process.env.PORTICO_E2E_API ?? 'http://localhost:8799';

interface Mail { to: string; text: string }

async function mailbox(): Promise<Mail[]> {
  const res = await fetch(`${API}/dev/mail.json`);
  expect(res.status, 'GET /dev/mail.json').toBe(200);
  return (await res.json()) as Mail[];
}

const loginLinks = (mails: Mail[], to: string): string[] =>
  mails.filter((m) => m.to === to).flatMap((m) => [...m.text.matchAll(/https?:\/\/\S+#login=[^\s"'<>]+/g)].map((match) => match[0]));

/** Runs `request` (which asks for a sign-in link for `to`) and answers the first new link the mailbox receives. */
export async function signInLink(to: string, request: () => Promise<void>): Promise<URL> {
  const before = new Set(loginLinks(await mailbox(), to));
  await request();
  let found: string | undefined;
  await expect
    .poll(async () => (found = loginLinks(await mailbox(), to).find((link) => !before.has(link))), { message: `a new sign-in email to ${to}`, timeout: 20_000 })
    .toBeTruthy();
  return new URL(found!);
}

/** Signs `email` in to the staff console at /console; answers the signed-in tab. */
export async function signInToConsole(page: Page, email: string): Promise<Page> {
  await page.goto('/console');
  const con = page.locator('portico-console');
  await con.getByLabel('Email address').fill(email);
  const link = await signInLink(email, async () => {
    await con.getByRole('button', { name: 'Email me a sign-in link' }).click();
    await expect(con.getByRole('heading', { name: 'Check your email' })).toBeVisible();
  });
  const tab = await page.context().newPage();
  await tab.goto(link.href);
  await tab.locator('portico-console').getByRole('button', { name: `Continue as ${email}` }).click();
  await expect(tab.locator('portico-console')).toContainText(`Signed in as ${email}`);
  await page.close();
  return tab;
}

/** Signs `email` in to the client portal at /portal; answers the signed-in tab. */
export async function signInToPortal(page: Page, email: string): Promise<Page> {
  await page.goto('/portal');
  const portal = page.locator('client-portal');
  await portal.getByLabel('Email address').fill(email);
  const link = await signInLink(email, async () => {
    await portal.getByRole('button', { name: 'Send sign-in link' }).click();
    await expect(portal.getByRole('heading', { name: 'Check your email' })).toBeVisible();
  });
  const tab = await page.context().newPage();
  await tab.goto(link.href);
  await tab.getByRole('button', { name: `Continue as ${email}` }).click();
  await expect(tab.locator('client-portal').getByRole('button', { name: 'Sign out' })).toBeVisible();
  await page.close();
  return tab;
}

/**
 * Makes the portal open on `company` for `email` at the next sign-in: the server remembers
 * the last company a contact chose, and e2e files share one server, so an earlier file's
 * switch would otherwise carry over.
 */
export async function rememberCompany(firm: string, email: string, company: string): Promise<void> {
  const link = await signInLink(email, async () => {
    const res = await fetch(`${API}/api/v1/auth/link`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ firm, email }) });
    expect(res.status, 'POST /auth/link').toBe(202);
  });
  const session = await fetch(`${API}/api/v1/auth/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ token: link.hash.slice('#login='.length) }) });
  expect(session.status, 'POST /auth/session').toBe(200);
  const { token, clients } = (await session.json()) as { token: string; clients: { id: string; name: string }[] };
  const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
  const lastClientId = clients.find((c) => c.name === company)?.id;
  expect(lastClientId, `${email} belongs to ${company}`).toBeTruthy();
  expect((await fetch(`${API}/api/v1/portal/profile`, { method: 'PATCH', headers, body: JSON.stringify({ lastClientId }) })).status).toBe(200);
  await fetch(`${API}/api/v1/auth/session`, { method: 'DELETE', headers });
}
