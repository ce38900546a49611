import { setViewport } from '@web/test-runner-commands';
import './define.ts';
import type { PorticoConsole } from './portico-console.ts';
import { $, afterEach, button, beforeEach, cleanupFixtures, deepActiveElement, describe, expectAccessible, it, setLoginFragment, waitFor, type FakeApi, type RecordedCall } from '../internal/testing/helpers.ts';
import { assert, assertEqual, firmApi, firmClients, firmSettings, signedInConsole, staffSession } from '../internal/testing/firm-fakes.ts';

/** A firm at its start: what is done so far, as the settings, clients and contacts say. */
function newFirmApi(opts: { role?: 'owner' | 'admin' | 'member'; branded?: boolean; clients?: boolean; invited?: string | null } = {}) {
  const state = { branded: opts.branded ?? false, clients: opts.clients ?? false, invited: opts.invited ?? null };
  const api = firmApi({
    'GET /auth/session': { body: { ...staffSession, role: opts.role ?? 'owner', token: undefined } },
    // The shell's own list keeps a client, so that the console signs in as usual; the first steps ask with limit=1.
    'GET /firm/clients': (call: RecordedCall) => ({ body: { items: call.query.get('limit') === '1' && !state.clients ? [] : firmClients, nextCursor: null } }),
    'GET /firm/settings': () => ({ body: { ...firmSettings, portalActive: false, branding: state.branded ? { primaryColor: '#aa3300' } : {} } }),
    'GET /firm/contacts': (call: RecordedCall) => ({ body: { items: call.query.get('health') === state.invited ? [{ id: 'con_1' }] : [], nextCursor: null } }),
  });
  return { api, state };
}

const card = (el: PorticoConsole) => $(el, '.first-steps');
const step = (el: PorticoConsole, name: string) => $(el, `[data-step="${name}"]`);
const isDone = (el: PorticoConsole, name: string) => step(el, name)?.classList.contains('done') ?? false;

describe('<portico-console> first steps', () => {
  let api: FakeApi;
  beforeEach(() => {
    sessionStorage.clear();
    localStorage.clear();
    setLoginFragment(null);
  });
  afterEach(async () => {
    cleanupFixtures();
    api?.restore();
    sessionStorage.clear();
    localStorage.clear();
    await setViewport({ width: 1280, height: 800 });
  });

  it('guides a new firm: three steps to do, each opening its screen', async () => {
    ({ api } = newFirmApi());
    const el = await signedInConsole();
    await waitFor(() => card(el), 'the first steps');
    await expectAccessible(el);
    assertEqual([...el.shadowRoot!.querySelectorAll('[data-step] button')].map((b) => b.textContent!.trim()), ['Brand your portal and turn it on', 'Add a client', 'Invite clients'], 'the steps');
    assert(card(el)!.textContent!.includes('0 of 3 done'), 'none done');
    assertEqual(step(el, 'client')!.querySelector('.badge')!.textContent, 'To do', 'said in words');
    assertEqual(api.callsTo('GET /firm/contacts').length, 0, 'no client yet: invitations not asked');
    step(el, 'brand')!.querySelector('button')!.click();
    await waitFor(() => deepActiveElement()?.textContent?.trim() === 'Firm settings', 'the settings screen');
    button(el, 'Back')?.click();
    [...el.shadowRoot!.querySelectorAll<HTMLButtonElement>('.sections button')].find((b) => b.textContent!.trim() === 'Clients')!.click();
    (await waitFor(() => step(el, 'client')?.querySelector('button'), 'the steps again')).click();
    await waitFor(() => deepActiveElement()?.textContent?.trim() === 'New client', 'the new client form');
  });

  it('ticks what is done, asking only for what is not, and says when all is set', async () => {
    const made = newFirmApi({ branded: true, clients: true });
    api = made.api;
    const el = await signedInConsole();
    await waitFor(() => card(el), 'the first steps');
    assert(isDone(el, 'brand') && isDone(el, 'client') && !isDone(el, 'invite'), 'branded, a client, nobody invited');
    assertEqual(api.callsTo('GET /firm/contacts').map((c) => c.query.get('health')), ['active', 'invited', 'link_expired'], 'invitations asked');
    assertEqual(step(el, 'brand')!.querySelector('.badge')!.textContent, 'Done', 'said in words');
    made.state.invited = 'invited';
    const settingsCalls = api.callsTo('GET /firm/settings').length;
    // Back on the clients screen (the Clients section) the steps are checked again.
    [...el.shadowRoot!.querySelectorAll<HTMLButtonElement>('.sections button')].find((b) => b.textContent!.trim() === 'Clients')!.click();
    await waitFor(() => isDone(el, 'invite'), 'invited now');
    assertEqual(api.callsTo('GET /firm/settings').length, settingsCalls, 'a step done is not asked again');
    assert(card(el)!.textContent!.includes('All set'), 'all set');
    await expectAccessible(el);
  });

  it('never shows for a firm that has done everything', async () => {
    ({ api } = newFirmApi({ branded: true, clients: true, invited: 'active' }));
    const el = await signedInConsole();
    await waitFor(() => api.callsTo('GET /firm/contacts').length, 'checked');
    await el.updateComplete;
    assert(!card(el), 'no card');
    assertEqual(api.callsTo('GET /firm/contacts').length, 1, 'stopped at the first found');
  });

  it('hides for good in this browser when dismissed', async () => {
    ({ api } = newFirmApi());
    let el = await signedInConsole();
    await waitFor(() => card(el), 'the first steps');
    [...card(el)!.querySelectorAll('button')].find((b) => b.textContent!.includes('Hide first steps'))!.click();
    await waitFor(() => !card(el), 'hidden');
    await waitFor(() => $(el, '[role="status"]')?.textContent?.trim() === 'First steps are hidden.', 'announced');
    assertEqual(deepActiveElement()?.tagName, 'H1', 'focus on the heading');
    cleanupFixtures();
    const calls = api.calls.length;
    el = await signedInConsole();
    await new Promise((r) => setTimeout(r, 50));
    assert(!card(el), 'still hidden');
    assertEqual(api.calls.slice(calls).filter((c) => c.path === '/firm/settings' || c.path === '/firm/contacts').length, 0, 'nothing asked');
  });

  it('leaves the branding step out for a member', async () => {
    ({ api } = newFirmApi({ role: 'member' }));
    const el = await signedInConsole();
    await waitFor(() => card(el), 'the first steps');
    assert(!step(el, 'brand'), 'no branding step');
    assert(card(el)!.textContent!.includes('0 of 2 done'), 'two steps');
    assertEqual(api.callsTo('GET /firm/settings').length, 0, 'settings not asked');
  });

  it('speaks Estonian and fits 390 px', async () => {
    await setViewport({ width: 390, height: 800 });
    ({ api } = newFirmApi());
    const el = await signedInConsole('et');
    await waitFor(() => card(el), 'the first steps');
    await expectAccessible(el);
    assert(card(el)!.textContent!.includes('Esimesed sammud'), 'the heading');
    assert(card(el)!.textContent!.includes('Lisage klient'), 'a step');
    const base = $(el, '[part="base"]')!;
    const right = base.getBoundingClientRect().right + 0.5;
    const wide = [...base.querySelectorAll<HTMLElement>('*')].filter((n) => n.getBoundingClientRect().right > right);
    assertEqual(wide.map((n) => `${n.tagName}#${n.id}.${n.className}`), [], 'nothing wider than the screen');
  });
});
