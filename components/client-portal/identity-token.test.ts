/** `<client-portal identity-token>`: a contact signed in on the firm's own site needs no email. */
import { html } from 'lit';
import { expect } from 'chai';
import './define.ts';
import type { ClientPortal, IdentityErrorDetail } from './client-portal.ts';
import { sessionStore } from '../internal/session-store.ts';
import { en } from '../translations/en.ts';
import {
  $,
  FakeApi,
  afterEach,
  beforeEach,
  cleanupFixtures,
  deferred,
  describe,
  errorBody,
  expectAccessible,
  fixture,
  it,
  setLoginFragment,
  waitFor,
} from '../internal/testing/helpers.ts';
import { API, FIRM, firm, sessionCreated, sessionInfo } from '../internal/testing/fixtures.ts';

const renderPortal = (token: string, lang = 'en') =>
  fixture<ClientPortal>(html`<client-portal api=${API} firm=${FIRM} lang=${lang} identity-token=${token}></client-portal>`);

describe('<client-portal identity-token>', () => {
  let api: FakeApi;

  beforeEach(() => {
    localStorage.clear();
    setLoginFragment(null);
    api = new FakeApi({
      [`GET /public/firms/${FIRM}`]: { body: firm },
      'GET /auth/session': { status: 401, body: errorBody('unauthorized') },
      'POST /auth/identity': { body: sessionCreated },
    });
  });

  afterEach(() => {
    api.restore();
    cleanupFixtures();
    localStorage.clear();
  });

  it('is accessible, exchanges the token for a session kept like any other, and never shows the email form meanwhile', async () => {
    const held = deferred();
    api.on('POST /auth/identity', async () => {
      await held.promise;
      return { body: sessionCreated };
    });
    const el = await renderPortal('jwt.header.sig');
    await waitFor(() => api.callsTo('POST /auth/identity').length, 'the exchange');
    await expectAccessible(el);
    // Time for the signed-out views' chunk to arrive, were it asked for.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect($(el, 'input[type=email]'), 'no email form while it runs').to.equal(null);
    expect(api.callsTo('POST /auth/identity')[0]?.body).to.deep.equal({ firm: FIRM, token: 'jwt.header.sig' });
    held.resolve();
    await waitFor(() => el.shadowRoot!.querySelector('.signed-in'), 'the signed-in view');
    expect(sessionStore.loadToken(API, FIRM)).to.equal(sessionCreated.token);
    await expectAccessible(el);
  });

  it('with a session already kept: no exchange', async () => {
    sessionStore.saveToken(API, FIRM, 'ses_kept');
    api.on('GET /auth/session', { body: sessionInfo });
    const el = await renderPortal('jwt.header.sig');
    await waitFor(() => el.shadowRoot!.querySelector('.signed-in'), 'the signed-in view');
    expect(api.callsTo('POST /auth/identity')).to.have.length(0);
  });

  for (const code of ['identity_token_expired', 'identity_unknown_contact', 'portal_inactive']) {
    it(`refused (${code}): fires portico-identity-error with the code, bubbling and composed, and shows the email form`, async () => {
      api.on('POST /auth/identity', { status: 401, body: errorBody(code) });
      const events: CustomEvent<IdentityErrorDetail>[] = [];
      const listener = (e: Event) => events.push(e as CustomEvent<IdentityErrorDetail>);
      document.addEventListener('portico-identity-error', listener);
      try {
        const el = await renderPortal('jwt.refused');
        await waitFor(() => $(el, 'input[type=email]'), 'the email form');
        expect(events.map((e) => [e.detail.code, e.bubbles, e.composed])).to.deep.equal([[code, true, true]]);
        expect(sessionStore.loadToken(API, FIRM)).to.equal(null);
        expect(el.shadowRoot!.textContent).to.contain(en.signInHeading);
        await expectAccessible(el);
      } finally {
        document.removeEventListener('portico-identity-error', listener);
      }
    });
  }

  it('a token set later, while the email form shows, is exchanged then', async () => {
    const el = await fixture<ClientPortal>(html`<client-portal api=${API} firm=${FIRM} lang="en"></client-portal>`);
    await waitFor(() => $(el, 'input[type=email]'), 'the email form');
    el.setAttribute('identity-token', 'jwt.later');
    await waitFor(() => el.shadowRoot!.querySelector('.signed-in'), 'the signed-in view');
    expect(api.callsTo('POST /auth/identity')[0]?.body).to.deep.equal({ firm: FIRM, token: 'jwt.later' });
  });
});
