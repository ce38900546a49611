import { html } from 'lit';
import { setViewport } from '@web/test-runner-commands';
import './define.ts';
import type { PorticoConsole } from './portico-console.ts';
import type { LinkInspection } from '../internal/api-types.ts';
import { $, afterEach, beforeEach, button, cleanupFixtures, deepActiveElement, describe, errorBody, expectAccessible, FakeApi, fixture, it, setLoginFragment, textOf, waitFor, type RecordedCall } from '../internal/testing/helpers.ts';
import { assert, assertEqual, setValue, staffSession } from '../internal/testing/firm-fakes.ts';

/** A signed-out console: the sign-in form, `POST /public/firms` answering as `signUp` says. */
function signedOutApi(signUp: (call: RecordedCall) => { status?: number; body?: unknown } = () => ({ status: 201, body: { slug: 'oun-parn-ou', name: 'Õun & Pärn OÜ' } })) {
  return new FakeApi({
    'GET /auth/session': { status: 401, body: errorBody('unauthorized') },
    'POST /public/firms': signUp,
  });
}

async function signedOutConsole(lang = 'en'): Promise<PorticoConsole> {
  const el = await fixture<PorticoConsole>(html`<portico-console api="" firm="demo" lang=${lang}></portico-console>`);
  await waitFor(() => $(el, '#email'), 'the sign-in form');
  return el;
}

const field = (el: PorticoConsole, name: string) => $<HTMLInputElement>(el, `#signup-${name}`);
const alertText = (el: PorticoConsole) => $(el, '.signup-form')?.parentElement?.querySelector('[role="alert"]')?.textContent?.trim() ?? '';

async function openSignUp(el: PorticoConsole): Promise<void> {
  button(el, 'Sign up')!.click();
  await waitFor(() => field(el, 'name'), 'the sign-up form');
}

function fill(el: PorticoConsole, values: { name?: string; ownerName?: string; email?: string }): void {
  for (const [key, value] of Object.entries(values)) setValue(field(el, key), value);
}

describe('<portico-console> firm sign-up', () => {
  let api: FakeApi;
  beforeEach(() => {
    sessionStorage.clear();
    setLoginFragment(null);
  });
  afterEach(async () => {
    cleanupFixtures();
    api?.restore();
    sessionStorage.clear();
    setLoginFragment(null);
    await setViewport({ width: 1280, height: 800 });
  });

  it('signs a firm up from the sign-in screen and says to check the email', async () => {
    api = signedOutApi();
    const el = await signedOutConsole();
    assert(textOf(el).includes('New firm? Sign up'), 'offered under the sign-in form');
    await openSignUp(el);
    await expectAccessible(el);
    assertEqual(deepActiveElement()?.textContent?.trim(), 'Sign your firm up', 'focus on the heading');
    assertEqual(field(el, 'email')!.autocomplete, 'email', 'the email autocompletes');
    assertEqual(field(el, 'ownerName')!.autocomplete, 'name', 'the name autocompletes');
    fill(el, { name: 'Õun & Pärn OÜ', ownerName: 'Kadri Õun', email: 'kadri@oun.example' });
    button(el, 'Sign up')!.click();
    await waitFor(() => textOf(el).includes('Check your email for the sign-in link'), 'the check-email view');
    const sent = api.callsTo('POST /public/firms')[0]!.body as Record<string, string>;
    assertEqual([sent.name, sent.ownerName, sent.email, sent.locale], ['Õun & Pärn OÜ', 'Kadri Õun', 'kadri@oun.example', 'en'], 'what was sent');
    assert(typeof sent.timezone === 'string' && sent.timezone.length > 0, 'with the browser’s timezone');
    assert(textOf(el).includes('kadri@oun.example'), 'names the address');
    await waitFor(() => deepActiveElement()?.textContent?.trim() === 'Check your email', 'focus on the new heading');
    await expectAccessible(el);
    button(el, 'Back to sign-in')!.click();
    await waitFor(() => $(el, '#email'), 'back at sign-in');
  });

  it('refuses empty fields and a bad address at the field, sending nothing', async () => {
    api = signedOutApi();
    const el = await signedOutConsole();
    await openSignUp(el);
    fill(el, { name: 'Firm', email: 'not-an-email' });
    button(el, 'Sign up')!.click();
    await waitFor(() => $(el, '#signup-ownerName-error'), 'the empty name refused');
    assertEqual($(el, '#signup-ownerName-error')!.textContent, 'Please fill this in.', 'says why');
    assertEqual($(el, '#signup-email-error')!.textContent, 'Enter an email address like name@firm.example.', 'the address');
    assertEqual(field(el, 'ownerName')!.getAttribute('aria-invalid'), 'true', 'marked');
    assertEqual(deepActiveElement()?.id, 'signup-ownerName', 'focus on the first refused field');
    assertEqual(api.callsTo('POST /public/firms').length, 0, 'nothing sent');
    await expectAccessible(el);
  });

  it('shows the server’s refusal of a field beside it', async () => {
    api = signedOutApi(() => ({ status: 400, body: { error: { code: 'validation_failed', message: 'Invalid input', issues: [{ path: 'name', message: 'One line, please' }], requestId: 'r' } } }));
    const el = await signedOutConsole();
    await openSignUp(el);
    fill(el, { name: 'Firm', ownerName: 'Kadri', email: 'kadri@oun.example' });
    button(el, 'Sign up')!.click();
    await waitFor(() => $(el, '#signup-name-error'), 'the refusal at the field');
    assertEqual($(el, '#signup-name-error')!.textContent, 'One line, please', 'the server’s words');
    assertEqual(field(el, 'ownerName')!.value, 'Kadri', 'what was typed is kept');
  });

  it('says in words when sign-up is closed or too frequent', async () => {
    let reply = { status: 403, body: errorBody('signup_closed', 'This server does not take new firms') };
    api = signedOutApi(() => reply);
    const el = await signedOutConsole();
    await openSignUp(el);
    fill(el, { name: 'Firm', ownerName: 'Kadri', email: 'kadri@oun.example' });
    button(el, 'Sign up')!.click();
    await waitFor(() => alertText(el), 'the refusal');
    assertEqual(alertText(el), 'This server does not take new firms: its operator makes them. Ask them for yours.', 'closed');
    reply = { status: 404, body: errorBody('not_found') };
    button(el, 'Sign up')!.click();
    await el.updateComplete;
    await waitFor(() => api.callsTo('POST /public/firms').length === 2 && alertText(el), 'answered');
    assertEqual(alertText(el), 'This server does not take new firms: its operator makes them. Ask them for yours.', 'no such route: closed too');
    reply = { status: 429, body: errorBody('rate_limited') };
    button(el, 'Sign up')!.click();
    await waitFor(() => alertText(el).startsWith('Too many'), 'rate limited');
    assertEqual(alertText(el), 'Too many sign-ups from here in the last hour. Try again later.', 'too many');
    await expectAccessible(el);
  });

  it('follows a new firm’s staff link from the console of another firm, and tells the page', async () => {
    const inspection: LinkInspection = { email: 'kadri@oun.example', audience: 'staff', firm: { slug: 'oun-parn-ou', name: 'Õun & Pärn OÜ' }, purpose: 'sign_in', pinRequired: false };
    api = new FakeApi({
      'GET /auth/session': { status: 401, body: errorBody('unauthorized') },
      'POST /auth/link/inspect': { body: inspection },
      'POST /auth/session': { body: { ...staffSession, role: 'owner', user: { id: 'mem_k', email: 'kadri@oun.example', name: 'Kadri Õun' }, firm: { ...staffSession.firm, slug: 'oun-parn-ou', name: 'Õun & Pärn OÜ', portalActive: false } } },
      'GET /firm/clients': { body: { items: [], nextCursor: null } },
      'GET /firm/settings': { body: { portalActive: false, branding: {} } },
      'GET /firm/contacts': { body: { items: [], nextCursor: null } },
    });
    setLoginFragment('tok_new');
    const changes: string[] = [];
    const el = await fixture<PorticoConsole>(html`<portico-console api="" firm="demo" @portico-firm-change=${(e: CustomEvent<{ firm: string }>) => changes.push(e.detail.firm)}></portico-console>`);
    const go = await waitFor(() => button(el, 'Continue as kadri@oun.example'), 'Continue for the new firm');
    assertEqual(el.firm, 'oun-parn-ou', 'the console turned to the link’s firm');
    assertEqual(changes, ['oun-parn-ou'], 'and said so');
    go.click();
    await waitFor(() => textOf(el).includes('Signed in as kadri@oun.example'), 'signed in');
    assert(textOf(el).includes('Õun & Pärn OÜ'), 'to the new firm');
  });

  it('speaks Estonian', async () => {
    api = signedOutApi();
    const el = await signedOutConsole('et');
    assert(textOf(el).includes('Uus büroo? Liitu'), 'offered');
    button(el, 'Liitu')!.click();
    await waitFor(() => field(el, 'name'), 'the form');
    await expectAccessible(el);
    assert(textOf(el).includes('Liida oma büroo'), 'the heading');
    fill(el, { name: 'Õun OÜ', ownerName: 'Kadri', email: 'kadri@oun.example' });
    [...el.shadowRoot!.querySelectorAll<HTMLButtonElement>('.signup-form button[type="submit"]')][0]!.click();
    await waitFor(() => textOf(el).includes('Vaadake oma e-posti'), 'check your email');
    assertEqual((api.callsTo('POST /public/firms')[0]!.body as { locale: string }).locale, 'et', 'the firm speaks Estonian');
  });

  it('fits 390 px without sideways scrolling', async () => {
    await setViewport({ width: 390, height: 800 });
    api = signedOutApi();
    const el = await signedOutConsole();
    await openSignUp(el);
    const base = $(el, '[part="base"]')!;
    const right = base.getBoundingClientRect().right + 0.5;
    const wide = [...base.querySelectorAll<HTMLElement>('*')].filter((n) => n.getBoundingClientRect().right > right);
    assertEqual(wide.map((n) => `${n.tagName}#${n.id}.${n.className}`), [], 'nothing wider than the screen');
  });
});
