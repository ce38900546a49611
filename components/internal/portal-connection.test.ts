import { LitElement, html } from 'lit';
import { expect } from 'chai';
import '../client-portal/define.ts';
import type { ClientPortal } from '../client-portal/client-portal.ts';
import { ApiError } from './api-client.ts';
import { PortalConnection } from './portal-connection.ts';
import { sessionStore } from './session-store.ts';
import {
  $,
  FakeApi,
  afterEach,
  beforeEach,
  cleanupFixtures,
  describe,
  expectAccessible,
  fixture,
  it,
  waitFor,
} from './testing/helpers.ts';
import { API, FIRM, firm, sessionInfo } from './testing/fixtures.ts';

/** The smallest element a connection can serve: it shows what it would call the API with. */
class ConnectedProbe extends LitElement {
  static override properties = { api: {}, firm: {}, clientId: { attribute: 'client-id' } };
  readonly connection = new PortalConnection(this);
  api = '';
  firm = '';
  clientId: string | null = null;

  override render() {
    const api = this.connection.api;
    return html`<p>${api ? `${api.base} ${api.token}` : 'signed out'} · ${this.connection.clientId ?? 'all'}</p>`;
  }
}
customElements.define('connected-probe', ConnectedProbe);

const shown = (el: Element) => $(el, 'p')?.textContent?.trim();

describe('PortalConnection', () => {
  let api: FakeApi;

  beforeEach(() => {
    localStorage.clear();
    api = new FakeApi({
      [`GET /public/firms/${FIRM}`]: { body: firm },
      'GET /auth/session': { body: sessionInfo },
    });
  });

  afterEach(() => {
    api.restore();
    cleanupFixtures();
    localStorage.clear();
  });

  it('alone, uses its own api and firm with the session stored for them, and its own client-id', async () => {
    const el = await fixture<ConnectedProbe>(html`<connected-probe api=${API} firm=${FIRM}></connected-probe>`);
    await expectAccessible(el);
    expect(shown(el)).to.equal('signed out · all');

    sessionStore.saveToken(API, FIRM, 'ses_alone');
    document.dispatchEvent(new CustomEvent('portico-signed-in'));
    await el.updateComplete;
    expect(shown(el)).to.equal(`${API} ses_alone · all`);

    el.clientId = 'cli_harbor';
    await el.updateComplete;
    expect(shown(el)).to.equal(`${API} ses_alone · cli_harbor`);

    // Another firm: that firm's stored session (none) applies.
    el.firm = 'acme';
    await el.updateComplete;
    expect(shown(el)).to.equal('signed out · cli_harbor');
  });

  it('alone, forgets the stored session when a call answers 401', async () => {
    sessionStore.saveToken(API, FIRM, 'ses_revoked');
    const el = await fixture<ConnectedProbe>(html`<connected-probe api=${API} firm=${FIRM}></connected-probe>`);
    await expectAccessible(el);
    expect(shown(el)).to.equal(`${API} ses_revoked · all`);
    el.connection.unauthorized(new ApiError(401, 'unauthorized', 'no'));
    await el.updateComplete;
    expect(shown(el)).to.equal('signed out · all');
  });

  it('inside <client-portal>, takes the portal’s session and company, not its own attributes, and follows a company switch', async () => {
    sessionStore.saveToken(API, FIRM, 'ses_portal');
    const portal = await fixture<ClientPortal>(
      html`<client-portal api=${API} firm=${FIRM} lang="en"><connected-probe api="https://elsewhere.test" firm="acme"></connected-probe></client-portal>`,
    );
    const el = portal.querySelector<ConnectedProbe>('connected-probe')!;
    const select = await waitFor(() => $<HTMLSelectElement>(portal, 'select'), 'the company select');
    await expectAccessible(portal);
    expect(shown(el)).to.equal(`${API} ses_portal · cli_north`);

    select.value = 'cli_harbor';
    select.dispatchEvent(new Event('change'));
    await waitFor(() => shown(el)?.endsWith('cli_harbor'), 'the switched company');
    expect(shown(el)).to.equal(`${API} ses_portal · cli_harbor`);
  });

  it('inside <client-portal>, tells the portal when a call answers 401, and the portal signs out', async () => {
    sessionStore.saveToken(API, FIRM, 'ses_portal');
    const portal = await fixture<ClientPortal>(
      html`<client-portal api=${API} firm=${FIRM} lang="en"><connected-probe></connected-probe></client-portal>`,
    );
    const el = portal.querySelector<ConnectedProbe>('connected-probe')!;
    await waitFor(() => shown(el)?.includes('ses_portal'), 'the portal session');
    await expectAccessible(portal);
    el.connection.unauthorized(new ApiError(401, 'unauthorized', 'no'));
    await waitFor(() => $(portal, 'input[type=email]'), 'the portal’s sign-in form');
    expect(shown(el)).to.equal('signed out · all');
    expect(sessionStore.loadToken(API, FIRM)).to.equal(null);
  });
});
