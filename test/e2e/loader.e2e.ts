/**
 * The embed loader `/embed/portico.js` on a firm's page (another origin than
 * the API, as in production): it fetches an element's chunk only when that
 * element's tag is on the page, also when the tag arrives after load; what
 * only one state needs only in that state (the sign-in views while signed
 * out, the task detail once tasks are listed); and a locale's strings only
 * when the page is in that language.
 *
 * The firm's pages are built in the browser on an empty page of the second
 * origin (which the API allows, see playwright.config.ts); the loader and its
 * chunks come from the real server.
 */
import { expect, test, type Page } from '@playwright/test';

const API = process.env.PORTICO_E2E_API ?? 'http://localhost:8799';
const STATIC = `http://127.0.0.1:${process.env.PORTICO_E2E_STATIC_PORT ?? 8798}`;
const CLIENT = 'client@demo.test';

/**
 * Opens a page of the firm's site (the second origin), puts `body` in it and
 * then the embed's script tag, as a firm's page would have them.
 */
async function openFirmPage(page: Page, body: string, lang = 'en'): Promise<void> {
  await page.goto(`${STATIC}/blank`);
  await page.evaluate(
    ([api, body, lang]) => {
      document.documentElement.lang = lang;
      document.querySelector('main')!.innerHTML = body;
      const script = document.createElement('script');
      script.type = 'module';
      script.src = `${api}/embed/portico.js`;
      document.head.append(script);
    },
    [API, body, lang] as const,
  );
}

/** Every file the page fetched from `/embed/`, by name, with its CORS header. */
function embedFetches(page: Page): Map<string, string | undefined> {
  const files = new Map<string, string | undefined>();
  page.on('response', (res) => {
    const url = new URL(res.url());
    if (url.origin === API && url.pathname.startsWith('/embed/')) {
      files.set(url.pathname.slice('/embed/'.length), res.headers()['access-control-allow-origin']);
    }
  });
  return files;
}

/** A bearer token for the demo client, signed in through the API as the portal would. */
async function clientToken(): Promise<string> {
  const mails = async () => (await (await fetch(`${API}/dev/mail.json`)).json()) as { to: string; text: string }[];
  const links = async () =>
    (await mails()).filter((m) => m.to === CLIENT).flatMap((m) => [...m.text.matchAll(/#login=([^\s"'<>]+)/g)].map((x) => x[1]!));
  const before = new Set(await links());
  const asked = await fetch(`${API}/api/v1/auth/link`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ firm: 'demo', email: CLIENT }),
  });
  expect(asked.status).toBe(202);
  let token: string | undefined;
  await expect.poll(async () => (token = (await links()).find((t) => !before.has(t))), { timeout: 20_000 }).toBeTruthy();
  const session = await fetch(`${API}/api/v1/auth/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ token }),
  });
  expect(session.status).toBe(200);
  return ((await session.json()) as { token: string }).token;
}

const chunk = (files: Map<string, unknown>, element: string) => [...files.keys()].find((f) => f.startsWith(`${element}-`));

test.describe('the embed loader', () => {
  test('signed out: the loader, the portal’s chunk and the sign-in views, nothing else', async ({ browser }) => {
    const context = await browser.newContext();
    try {
      const page = await context.newPage();
      const files = embedFetches(page);
      await openFirmPage(page, `<client-portal api="${API}" firm="demo"><client-task-list></client-task-list></client-portal>`);
      await expect(page.locator('client-portal').getByLabel('Email address')).toBeVisible();
      await page.waitForLoadState('networkidle');

      const names = [...files.keys()].sort();
      expect(names, 'the loader').toContain('portico.js');
      expect(chunk(files, 'client-portal'), 'the portal’s chunk').toBeTruthy();
      expect(chunk(files, 'sign-in-views'), 'the sign-in views').toBeTruthy();
      expect(names, `only these: ${names.join(', ')}`).toHaveLength(3);
      expect(chunk(files, 'task-detail'), 'no tasks listed, no task detail').toBeUndefined();
      expect(chunk(files, 'et'), 'an English page fetches no Estonian').toBeUndefined();
      for (const [name, allowOrigin] of files) expect(allowOrigin, `${name} may be imported cross-origin`).toBe('*');
    } finally {
      await context.close();
    }
  });

  test('signed in: no sign-in views; a <client-task-list> added after load upgrades, then the task detail comes when idle', async ({ browser }) => {
    const context = await browser.newContext({ locale: 'en-GB', timezoneId: 'Europe/Tallinn' });
    try {
      const token = await clientToken();
      // Signed in already: the session the portal keeps for this API and firm.
      await context.addInitScript(([key, value]) => localStorage.setItem(key, value), [`portico:session:${API}:demo`, token] as const);
      const page = await context.newPage();
      const files = embedFetches(page);
      await openFirmPage(page, `<client-portal api="${API}" firm="demo"></client-portal>`);
      await expect(page.locator('client-portal').getByRole('button', { name: 'Sign out' })).toBeVisible();
      await page.waitForTimeout(1_000);
      expect(chunk(files, 'task-detail'), 'no tasks listed yet, no task detail').toBeUndefined();

      await page.locator('client-portal').evaluate((portal) => portal.append(document.createElement('client-task-list')));
      const list = page.locator('client-task-list');
      await expect(list.getByRole('heading', { name: 'Your tasks' })).toBeVisible();
      await expect(list.getByRole('list').getByRole('button').first()).toBeVisible();
      await expect.poll(() => chunk(files, 'task-detail'), { message: 'the task detail, fetched when idle' }).toBeTruthy();
      await list.getByRole('list').getByRole('button').first().click();
      await expect(list.getByRole('button', { name: /Mark as done|Back to tasks/ }).first()).toBeVisible();
      await expect(list.locator('[part=detail] dl')).toBeVisible();
      expect(chunk(files, 'sign-in-views'), 'signed in: the sign-in views are never fetched').toBeUndefined();
    } finally {
      await context.close();
    }
  });

  test('a host page that keeps a <client-portal> in its own shadow root upgrades it with discover()', async ({ browser }) => {
    const context = await browser.newContext();
    try {
      const page = await context.newPage();
      await openFirmPage(page, '<firm-widget-host></firm-widget-host>');
      await page.evaluate(async (api) => {
        const root = document.querySelector('firm-widget-host')!.attachShadow({ mode: 'open' });
        root.innerHTML = `<client-portal api="${api}" firm="demo"></client-portal>`;
        const loader = (await import(/* @vite-ignore */ `${api}/embed/portico.js`)) as { discover: (root: ParentNode) => Promise<unknown> };
        await loader.discover(root);
      }, API);
      await expect(page.locator('firm-widget-host client-portal').getByLabel('Email address')).toBeVisible();
    } finally {
      await context.close();
    }
  });

  test('an Estonian page fetches the Estonian strings and shows them', async ({ browser }) => {
    const context = await browser.newContext();
    try {
      const page = await context.newPage();
      const files = embedFetches(page);
      await openFirmPage(page, `<client-portal api="${API}" firm="demo"></client-portal>`, 'et');
      await expect(page.locator('client-portal').getByLabel('E-posti aadress')).toBeVisible();
      expect(chunk(files, 'et'), 'the Estonian chunk').toBeTruthy();
    } finally {
      await context.close();
    }
  });
});
