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
