/**
 * Signing a client in from the firm's own site, no email (README, "Signing
 * clients in from your own site"): the owner makes the firm's embed secret
 * (`POST /firm/settings/embed-secret`), the firm's server signs an HS256
 * identity token with it for client@demo.test (here: the test, with jose, as
 * a firm's server would), and a page on another origin puts it on
 * `<client-portal identity-token>`. The portal exchanges it
 * (`POST /auth/identity`) and shows the client's tasks: no email form, no
 * sign-in email. A token used once is refused the second time, and the
 * email form shows then.
 */
import { SignJWT } from 'jose';
import { expect, test, type Page } from '@playwright/test';
import { API, signInLink } from './sign-in.ts';

const STATIC = `http://127.0.0.1:${process.env.PORTICO_E2E_STATIC_PORT ?? 8798}`;
const CLIENT = 'client@demo.test';
const STAFF = 'owner@demo.test';

async function call<T>(method: string, path: string, body?: unknown, bearer?: string): Promise<{ status: number; json: T }> {
  const res = await fetch(`${API}/api/v1${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...(bearer ? { authorization: `Bearer ${bearer}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, json: (await res.json().catch(() => null)) as T };
}

/** The owner's bearer token, signed in through the API with an emailed link. */
async function ownerToken(): Promise<string> {
  const link = await signInLink(STAFF, async () => {
    expect((await call('POST', '/auth/link', { firm: 'demo', email: STAFF, as: 'staff' })).status).toBe(202);
  });
  const token = decodeURIComponent(/(?:^#|[?&#])login=([^&]+)/.exec(link.hash)![1]!);
  const session = await call<{ token: string }>('POST', '/auth/session', { token });
  expect(session.status).toBe(200);
  return session.json.token;
}

/** What the firm's server does for a signed-in visitor: a five-minute, single-use HS256 token naming them. */
const identityToken = (secret: string, email: string) =>
  new SignJWT({ email })
    .setProtectedHeader({ alg: 'HS256' })
    .setAudience('demo')
    .setJti(crypto.randomUUID())
    .setIssuedAt()
    .setExpirationTime('5m')
    .sign(new TextEncoder().encode(secret));

/**
 * The firm's own page on another origin (the second origin's blank page,
 * see global-setup.ts), built in the browser as the firm's server would
 * render it: the loader, and the token its server signed in the element's attribute.
 */
async function openHostPage(page: Page, token: string): Promise<void> {
  await page.goto(`${STATIC}/blank`);
  await page.evaluate(
    ({ api, token }) => {
      const loader = document.createElement('script');
      loader.type = 'module';
      loader.src = `${api}/embed/portico.js`;
      document.head.append(loader);
      document.querySelector('main')!.innerHTML = `<h1>My account</h1>
        <client-portal api="${api}" firm="demo" identity-token="${token}"><client-task-list></client-task-list></client-portal>`;
    },
    { api: API, token },
  );
}

const mailsTo = async (to: string): Promise<number> => {
  const res = await fetch(`${API}/dev/mail.json`);
  return ((await res.json()) as { to: string }[]).filter((m) => m.to === to).length;
};

test('a page on another origin signs the client in with an identity token, without any email', async ({ browser }) => {
  const owner = await ownerToken();
  const made = await call<{ secret: string }>('POST', '/firm/settings/embed-secret', undefined, owner);
  expect(made.status).toBe(201);
  const secret = made.json.secret;
  const mailsBefore = await mailsTo(CLIENT);

  const context = await browser.newContext();
  const page = await context.newPage();
  const token = await identityToken(secret, CLIENT);
  const exchanged = page.waitForResponse((res) => res.url() === `${API}/api/v1/auth/identity`);
  await openHostPage(page, token);
  expect((await exchanged).status()).toBe(200);

  const portal = page.locator('client-portal');
  await expect(portal).toContainText(`Signed in as ${CLIENT}`);
  await expect(portal.getByRole('button', { name: 'Sign out' })).toBeVisible();
  await expect(portal.getByLabel('Email address')).toHaveCount(0);
  const list = page.locator('client-task-list');
  await expect(list.getByText(/Send March receipts|Upload Q1 bank statements/).first()).toBeVisible();
  expect(await mailsTo(CLIENT)).toBe(mailsBefore);

  // The page again (a reload): the session the token opened is kept, and the used token is not sent again.
  let identityCalls = 0;
  page.on('request', (req) => {
    if (req.url() === `${API}/api/v1/auth/identity`) identityCalls++;
  });
  await openHostPage(page, token);
  await expect(portal.getByRole('button', { name: 'Sign out' })).toBeVisible();
  expect(identityCalls).toBe(0);

  // Signed out, the same (used) token is refused: the email form shows instead, and the page hears why.
  await portal.getByRole('button', { name: 'Sign out' }).click();
  await expect(portal.getByLabel('Email address')).toBeVisible();
  const fresh = await context.newPage();
  const refused = fresh.waitForResponse((res) => res.url() === `${API}/api/v1/auth/identity`);
  await openHostPage(fresh, token);
  const answer = await refused;
  expect(answer.status()).toBe(401);
  expect(((await answer.json()) as { error: { code: string } }).error.code).toBe('identity_token_used');
  await expect(fresh.locator('client-portal').getByLabel('Email address')).toBeVisible();
  await context.close();
});
