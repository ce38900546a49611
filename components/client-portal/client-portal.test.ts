import { html } from 'lit';
import { expect } from 'chai';
import { sendKeys } from '@web/test-runner-commands';
import './define.ts';
import '../client-task-list/define.ts';
import type { ClientPortal } from './client-portal.ts';
import { sessionStore } from '../internal/session-store.ts';
import {
  $,
  FakeApi,
  afterEach,
  beforeEach,
  button,
  cleanupFixtures,
  deepActiveElement,
  deferred,
  describe,
  errorBody,
  expectAccessible,
  fixture,
  it,
  setLoginFragment,
  textOf,
  waitFor,
} from '../internal/testing/helpers.ts';
import { API, FIRM, firm, inspection, sessionCreated, sessionInfo, taskSummaries } from '../internal/testing/fixtures.ts';

const statusText = (el: Element) => $(el, '[role=status]')?.textContent?.trim();
const hashChangeTo = (token: string) => {
  setLoginFragment(token);
  window.dispatchEvent(new HashChangeEvent('hashchange'));
};

const renderPortal = (lang?: string) =>
  fixture<ClientPortal>(html`<client-portal api=${API} firm=${FIRM} lang=${lang ?? 'en'}></client-portal>`);

describe('<client-portal>', () => {
  let api: FakeApi;

  beforeEach(() => {
    localStorage.clear();
    setLoginFragment(null);
    api = new FakeApi({
      [`GET /public/firms/${FIRM}`]: { body: firm },
      'POST /auth/link': { status: 202, body: { ok: true } },
      'POST /auth/link/inspect': { body: inspection },
      'POST /auth/session': { body: sessionCreated },
      'GET /auth/session': { body: sessionInfo },
      'DELETE /auth/session': { status: 204 },
    });
  });

  afterEach(() => {
    api.restore();
    cleanupFixtures();
    setLoginFragment(null);
    localStorage.clear();
  });

  it('is accessible when signed out and labels the email field', async () => {
    const el = await renderPortal();
    const input = await waitFor(() => $<HTMLInputElement>(el, 'input[type=email]'), 'email input');
    await expectAccessible(el);
    const label = $<HTMLLabelElement>(el, `label[for="${input.id}"]`);
    expect(label?.textContent?.trim()).to.equal('Email address');
  });

  it('sends a sign-in link for the typed address and says to check email', async () => {
    const el = await renderPortal();
    const input = await waitFor(() => $<HTMLInputElement>(el, 'input[type=email]'), 'email input');
    input.focus();
    await sendKeys({ type: 'client@demo.test' });
    await sendKeys({ press: 'Enter' });

    const heading = await waitFor(
      () => [...el.shadowRoot!.querySelectorAll('h2')].find((h) => h.textContent?.includes('Check your email')),
      'check-your-email heading',
    );
    expect(api.callsTo('POST /auth/link')[0]?.body).to.deep.equal({ firm: FIRM, email: 'client@demo.test', as: 'client' });
    expect(textOf(el)).to.contain('client@demo.test');
    expect(deepActiveElement()).to.equal(heading);
    await expectAccessible(el);
  });

  it('does not send a link for an invalid address', async () => {
    const el = await renderPortal();
    const input = await waitFor(() => $<HTMLInputElement>(el, 'input[type=email]'), 'email input');
    input.focus();
    await sendKeys({ type: 'not-an-email' });
    button(el, 'Send sign-in link')!.click();
    await el.updateComplete;
    expect(api.callsTo('POST /auth/link')).to.have.length(0);
    expect(input.validity.valid).to.equal(false);
  });

  it('shows "Continue as" for a #login link and consumes it only on click', async () => {
    setLoginFragment('tok_123');
    const signedIn: CustomEvent[] = [];
    document.addEventListener('portico-signed-in', (e) => signedIn.push(e), { once: true });
    const el = await renderPortal();

    const continueButton = await waitFor(() => button(el, 'Continue as client@demo.test'), 'continue button');
    expect(api.callsTo('POST /auth/link/inspect')[0]?.body).to.deep.equal({ token: 'tok_123', device: sessionStore.deviceToken(API, FIRM) });
    expect(api.callsTo('POST /auth/session')).to.have.length(0);
    await expectAccessible(el);

    continueButton.click();
    await waitFor(() => $(el, '[part=header]'), 'signed-in header');
    await el.updateComplete;

    expect(api.callsTo('POST /auth/session')[0]?.body).to.deep.equal({ token: 'tok_123', device: sessionStore.deviceToken(API, FIRM) });
    expect(location.hash).to.equal('');
    expect(sessionStore.loadToken(API, FIRM)).to.equal('ses_fresh');
    expect(textOf(el)).to.contain('client@demo.test');
    expect(signedIn[0]?.detail).to.deep.equal({ email: 'client@demo.test', firm: FIRM });
    expect(signedIn[0]?.bubbles && signedIn[0]?.composed).to.equal(true);
    const heading = $(el, '[part=header] h2');
    expect(heading?.textContent?.trim()).to.equal('Demo Accounting');
    expect(deepActiveElement()).to.equal(heading);
    await expectAccessible(el);
  });

  it('explains an invalid or expired link and offers the email form', async () => {
    setLoginFragment('tok_dead');
    api.on('POST /auth/link/inspect', { status: 401, body: errorBody('invalid_token') });
    const el = await renderPortal();
    const alert = await waitFor(() => $(el, '[role=alert]'), 'alert');
    expect(alert.textContent).to.contain('invalid, already used or expired');
    expect($(el, 'input[type=email]')).to.exist;
    expect(location.hash).to.equal('');
    expect(api.callsTo('POST /auth/session')).to.have.length(0);
  });

  it('keeps the session across a reload from storage', async () => {
    sessionStore.saveToken(API, FIRM, 'ses_stored');
    const el = await renderPortal();
    await waitFor(() => $(el, '[part=header]'), 'signed-in header');
    expect(api.callsTo('GET /auth/session')[0]?.headers.get('authorization')).to.equal('Bearer ses_stored');
    expect(textOf(el)).to.contain('client@demo.test');
  });

  it('returns to sign-in when the stored session is stale (401)', async () => {
    sessionStore.saveToken(API, FIRM, 'ses_stale');
    api.on('GET /auth/session', { status: 401, body: errorBody('unauthorized') });
    const el = await renderPortal();
    const alert = await waitFor(() => $(el, '[role=alert]'), 'alert');
    expect(alert.textContent).to.contain('Your session has ended');
    expect($(el, 'input[type=email]')).to.exist;
    expect(sessionStore.loadToken(API, FIRM)).to.equal(null);
  });

  it('offers a labelled company switch that remembers the choice', async () => {
    sessionStore.saveToken(API, FIRM, 'ses_stored');
    const el = await renderPortal();
    const select = await waitFor(() => $<HTMLSelectElement>(el, 'select'), 'company select');
    expect($(el, `label[for="${select.id}"]`)?.textContent?.trim()).to.equal('Company');
    expect(select.value).to.equal('cli_north');

    const changes: CustomEvent[] = [];
    el.addEventListener('portico-client-change', (e) => changes.push(e));
    select.focus();
    select.value = 'cli_harbor';
    select.dispatchEvent(new Event('change', { bubbles: true }));
    await el.updateComplete;

    expect(changes.map((e) => e.detail)).to.deep.equal([{ clientId: 'cli_harbor' }]);
    expect(sessionStore.loadClientId(API, FIRM)).to.equal('cli_harbor');
  });

  it('has no company switch for a contact of one company', async () => {
    sessionStore.saveToken(API, FIRM, 'ses_stored');
    api.on('GET /auth/session', { body: { ...sessionInfo, clients: [sessionInfo.clients[0]] } });
    const el = await renderPortal();
    await waitFor(() => $(el, '[part=header]'), 'signed-in header');
    expect($(el, 'select')).to.equal(null);
    expect(textOf(el)).to.contain('Northwind Bakery OÜ');
  });

  it('signs out: revokes the session, forgets it and shows the form', async () => {
    sessionStore.saveToken(API, FIRM, 'ses_stored');
    const el = await renderPortal();
    const signOut = await waitFor(() => button(el, 'Sign out'), 'sign-out button');
    const events: CustomEvent[] = [];
    el.addEventListener('portico-signed-out', (e) => events.push(e));
    signOut.click();
    await waitFor(() => $(el, 'input[type=email]'), 'email form');

    expect(api.callsTo('DELETE /auth/session')[0]?.headers.get('authorization')).to.equal('Bearer ses_stored');
    expect(sessionStore.loadToken(API, FIRM)).to.equal(null);
    expect(events).to.have.length(1);
    expect(textOf(el)).to.contain('You have signed out.');
  });

  it('applies the firm branding unless the page sets the token itself', async () => {
    const el = await renderPortal();
    const primary = (e: Element) => getComputedStyle($(e, '[part=base]')!).getPropertyValue('--portico-color-primary').trim();
    await waitFor(() => primary(el) === '#7a1fa2', 'branding');

    cleanupFixtures();
    const own = await fixture<ClientPortal>(
      html`<client-portal api=${API} firm=${FIRM} style="--portico-color-primary: #005500"></client-portal>`,
    );
    await waitFor(() => $(own, 'input'), 'form');
    await own.updateComplete;
    expect(primary(own)).to.equal('#005500');
  });

  it('speaks Estonian when lang="et"', async () => {
    const el = await renderPortal('et');
    await waitFor(() => textOf(el).includes('E-posti aadress'), 'Estonian email form (its strings arrive on use)');
    expect(button(el, 'Saada sisselogimislink')).to.exist;
    el.setAttribute('lang', 'en');
    await waitFor(() => button(el, 'Send sign-in link'), 'English after lang change');
  });

  it('says so when the firm does not exist', async () => {
    api.on(`GET /public/firms/${FIRM}`, { status: 404, body: errorBody('not_found') });
    const el = await renderPortal();
    const alert = await waitFor(() => $(el, '[role=alert]'), 'alert');
    expect(alert.textContent).to.contain('This portal could not be found.');
  });

  it('switching firm while signed in starts over for that firm and leaves both stored sessions alone', async () => {
    const acme = { ...firm, slug: 'acme', name: 'Acme Books' };
    sessionStore.saveToken(API, FIRM, 'ses_stored');
    sessionStore.saveToken(API, 'acme', 'ses_acme');
    api.on('GET /public/firms/acme', { body: acme });
    api.on('GET /auth/session', (call) => {
      const auth = call.headers.get('authorization');
      if (auth === 'Bearer ses_stored') return { body: sessionInfo };
      if (auth === 'Bearer ses_acme') return { body: { ...sessionInfo, firm: acme } };
      return { status: 401, body: errorBody('unauthorized') };
    });
    api.on('GET /portal/tasks', (call) =>
      call.headers.get('authorization')
        ? { body: { items: taskSummaries() } }
        : { status: 401, body: errorBody('unauthorized') },
    );
    const el = await fixture<ClientPortal>(
      html`<client-portal api=${API} firm=${FIRM} lang="en"><client-task-list></client-task-list></client-portal>`,
    );
    const list = el.querySelector('client-task-list')!;
    await waitFor(() => $(list, '[part~=list]'), 'the first firm’s tasks');

    el.firm = 'acme';
    await waitFor(() => $(el, '[part=header] h2')?.textContent?.includes('Acme Books'), 'signed in to the other firm');
    await waitFor(() => api.callsTo('GET /portal/tasks').length === 2 && $(list, '[part~=list]'), 'its tasks');
    expect(api.callsTo('GET /portal/tasks').map((c) => c.headers.get('authorization'))).to.deep.equal([
      'Bearer ses_stored',
      'Bearer ses_acme',
    ]);
    expect(sessionStore.loadToken(API, FIRM)).to.equal('ses_stored');
    expect(sessionStore.loadToken(API, 'acme')).to.equal('ses_acme');
  });

  it('finishes the session check when it is moved in the page meanwhile', async () => {
    sessionStore.saveToken(API, FIRM, 'ses_stored');
    const answer = deferred();
    api.on('GET /auth/session', async () => {
      await answer.promise;
      return { body: sessionInfo };
    });
    const el = await renderPortal();
    await waitFor(() => api.callsTo('GET /auth/session').length, 'the session check');
    const elsewhere = document.createElement('div');
    el.parentElement!.append(elsewhere);
    elsewhere.append(el);
    answer.resolve();
    await waitFor(() => $(el, '[part=header]'), 'signed-in header');
  });

  it('signs in when moved in the page while "Continue" is on its way (the link is used only once)', async () => {
    setLoginFragment('tok_123');
    const answer = deferred();
    api.on('POST /auth/session', async () => {
      await answer.promise;
      return { body: sessionCreated };
    });
    const el = await renderPortal();
    (await waitFor(() => button(el, 'Continue as client@demo.test'), 'continue button')).click();
    await waitFor(() => api.callsTo('POST /auth/session').length, 'the session exchange');
    const elsewhere = document.createElement('div');
    el.parentElement!.append(elsewhere);
    elsewhere.append(el);
    answer.resolve();
    await waitFor(() => $(el, '[part=header]'), 'signed-in header');
    expect(sessionStore.loadToken(API, FIRM)).to.equal('ses_fresh');
  });

  it('"Use another email address" on a link while signed in ends that session for good', async () => {
    sessionStore.saveToken(API, FIRM, 'ses_stored');
    const el = await renderPortal();
    await waitFor(() => $(el, '[part=header]'), 'signed-in header');
    const events: CustomEvent[] = [];
    el.addEventListener('portico-signed-out', (e) => events.push(e));
    hashChangeTo('tok_123');
    (await waitFor(() => button(el, 'Use another email address'), 'the confirm view')).click();
    await waitFor(() => $(el, 'input[type=email]'), 'email form');

    expect(sessionStore.loadToken(API, FIRM)).to.equal(null);
    await waitFor(() => api.callsTo('DELETE /auth/session').length, 'the revocation');
    expect(api.callsTo('DELETE /auth/session')[0]?.headers.get('authorization')).to.equal('Bearer ses_stored');
    expect(events).to.have.length(1);
    expect(api.callsTo('POST /auth/session')).to.have.length(0);
  });

  it('takes the link token out of the address at once and keeps it in memory for "Try again" and "Continue"', async () => {
    setLoginFragment('tok_123');
    let down = true;
    api.on('POST /auth/link/inspect', () => (down ? { status: 0 } : { body: inspection }));
    const el = await renderPortal();
    const retry = await waitFor(() => button(el, 'Try again'), 'the retry button');
    expect(location.hash).to.equal('');

    down = false;
    retry.click();
    const cont = await waitFor(() => button(el, 'Continue as client@demo.test'), 'continue button');
    expect(location.hash).to.equal('');
    expect(api.callsTo('POST /auth/link/inspect').map((c) => c.body)).to.deep.equal([
      { token: 'tok_123', device: sessionStore.deviceToken(API, FIRM) },
      { token: 'tok_123', device: sessionStore.deviceToken(API, FIRM) },
    ]);
    cont.click();
    await waitFor(() => $(el, '[part=header]'), 'signed-in header');
    expect(api.callsTo('POST /auth/session').map((c) => c.body)).to.deep.equal([{ token: 'tok_123', device: sessionStore.deviceToken(API, FIRM) }]);
  });

  it('shows the firm logo only from an https address', async () => {
    for (const logoUrl of ['http://tracker.example/logo.png', 'data:image/svg+xml,<svg/>', 'http://localhost.evil.test/x.png']) {
      api.on(`GET /public/firms/${FIRM}`, { body: { ...firm, branding: { logoUrl } } });
      const el = await renderPortal();
      await waitFor(() => textOf(el).includes('Demo Accounting'), 'the firm name');
      expect(Boolean($(el, '[part=logo]')), `logo shown for ${logoUrl}`).to.equal(false);
      cleanupFixtures();
    }
    api.on(`GET /public/firms/${FIRM}`, { body: { ...firm, branding: { logoUrl: 'https://cdn.portico.test/logo.png' } } });
    const el = await renderPortal();
    const logo = await waitFor(() => $<HTMLImageElement>(el, '[part=logo]'), 'the logo');
    expect(logo.getAttribute('src')).to.equal('https://cdn.portico.test/logo.png');
  });

  it('puts focus back in the email field when the link could not be sent', async () => {
    api.on('POST /auth/link', { status: 0 });
    const el = await renderPortal();
    const input = await waitFor(() => $<HTMLInputElement>(el, 'input[type=email]'), 'email input');
    input.focus();
    await sendKeys({ type: 'client@demo.test' });
    button(el, 'Send sign-in link')!.focus();
    await sendKeys({ press: 'Enter' });
    const alert = await waitFor(() => $(el, '[role=alert]'), 'alert');
    expect(alert.textContent).to.contain('could not be reached');
    await waitFor(() => deepActiveElement() === input, 'focus in the email field');
  });

  it('moves focus to the sign-in heading when the session ends while in use', async () => {
    sessionStore.saveToken(API, FIRM, 'ses_stored');
    api.on('GET /portal/tasks', { status: 401, body: errorBody('unauthorized') });
    const el = await fixture<ClientPortal>(
      html`<client-portal api=${API} firm=${FIRM} lang="en"><client-task-list></client-task-list></client-portal>`,
    );
    const heading = await waitFor(
      () => [...el.shadowRoot!.querySelectorAll('h2')].find((h) => h.textContent?.trim() === 'Sign in'),
      'sign-in heading',
    );
    expect(textOf(el)).to.contain('Your session has ended');
    await waitFor(() => deepActiveElement() === heading, 'focus on the heading');
  });

  it('announces "Loading…" and "Checking your sign-in link…" in the status region', async () => {
    sessionStore.saveToken(API, FIRM, 'ses_stored');
    const session = deferred();
    api.on('GET /auth/session', async () => {
      await session.promise;
      return { body: sessionInfo };
    });
    const el = await renderPortal();
    expect(statusText(el)).to.equal('Loading…');
    session.resolve();
    await waitFor(() => $(el, '[part=header]'), 'signed-in header');
    expect(statusText(el)).to.equal('');

    const check = deferred();
    api.on('POST /auth/link/inspect', async () => {
      await check.promise;
      return { body: inspection };
    });
    hashChangeTo('tok_123');
    await waitFor(() => statusText(el) === 'Checking your sign-in link…', 'the link check announced');
    check.resolve();
    await waitFor(() => button(el, 'Continue as client@demo.test'), 'continue button');
    expect(statusText(el)).to.equal('');
  });

  it('signOut() does nothing when nobody is signed in, and signs out without the user event otherwise', async () => {
    const out = await renderPortal();
    await waitFor(() => $(out, 'input[type=email]'), 'email form');
    const events: CustomEvent[] = [];
    const record = (e: CustomEvent) => events.push(e);
    document.addEventListener('portico-signed-out', record);
    try {
      await out.signOut();
      await out.updateComplete;
      expect(events).to.have.length(0);
      expect(statusText(out)).to.equal('');
      expect(api.callsTo('DELETE /auth/session')).to.have.length(0);
      cleanupFixtures();

      sessionStore.saveToken(API, FIRM, 'ses_stored');
      const el = await renderPortal();
      await waitFor(() => $(el, '[part=header]'), 'signed-in header');
      await el.signOut();
      await waitFor(() => $(el, 'input[type=email]'), 'email form');
      expect(api.callsTo('DELETE /auth/session')).to.have.length(1);
      expect(sessionStore.loadToken(API, FIRM)).to.equal(null);
      expect(events).to.have.length(0);
    } finally {
      document.removeEventListener('portico-signed-out', record);
    }
  });

  it('keeps its height from the first render until the sign-in form with the firm’s name has loaded', async () => {
    const firmAnswer = deferred();
    api.on(`GET /public/firms/${FIRM}`, async () => {
      await firmAnswer.promise;
      return { body: { ...firm, branding: { ...firm.branding, logoUrl: 'https://cdn.portico.test/logo.png' } } };
    });
    const el = await renderPortal();
    await expectAccessible(el);
    const pending = el.getBoundingClientRect().height;
    expect(pending).to.be.greaterThan(0);
    firmAnswer.resolve();
    await waitFor(() => textOf(el).includes(firm.name), 'the firm’s name');
    await waitFor(() => $(el, 'input[type=email]'), 'the email form');
    expect(el.getBoundingClientRect().height).to.equal(pending);
    // The same room a host page's `client-portal:not(:defined) { min-height: 24rem }` keeps.
    expect(pending).to.equal(24 * parseFloat(getComputedStyle(document.documentElement).fontSize));
  });

  it('writes no style attribute anywhere, branding included (a strict style-src CSP refuses them)', async () => {
    sessionStore.saveToken(API, FIRM, 'ses_stored');
    api.on('GET /portal/tasks', { body: { items: taskSummaries() } });
    const el = await fixture<ClientPortal>(
      html`<client-portal api=${API} firm=${FIRM} lang="en"><client-task-list></client-task-list></client-portal>`,
    );
    const list = el.querySelector('client-task-list')!;
    await waitFor(() => $(list, '[part~=list]'), 'the task list');
    await expectAccessible(el);
    const primary = getComputedStyle($(el, '[part=base]')!).getPropertyValue('--portico-color-primary').trim();
    expect(primary, 'the firm’s colour still applies').to.equal('#7a1fa2');
    const styled: string[] = [];
    const visit = (root: Element | ShadowRoot): void => {
      for (const node of root.querySelectorAll('*')) {
        if (node.hasAttribute('style')) styled.push(node.outerHTML.slice(0, 80));
        if (node.shadowRoot) visit(node.shadowRoot);
      }
    };
    const elements = [el, ...el.shadowRoot!.querySelectorAll('*'), list, ...list.shadowRoot!.querySelectorAll('*')];
    expect(elements.length).to.be.greaterThan(10);
    for (const node of [el, list]) if (node.hasAttribute('style')) styled.push(node.localName);
    visit(el.shadowRoot!);
    visit(list.shadowRoot!);
    expect(styled).to.deep.equal([]);
  });

  it('says on the page when this page’s origin is not allowed for the firm, and logs it once for the developer', async () => {
    // CORS refuses the real request (a TypeError, as a browser reports it), but the no-cors health check gets through.
    api.on(`GET /public/firms/${FIRM}`, { status: 0 });
    api.on('GET /health', { body: { ok: true } });
    const logged: unknown[][] = [];
    const original = console.error;
    console.error = (...args: unknown[]) => void logged.push(args);
    try {
      const el = await renderPortal();
      const alert = await waitFor(() => $(el, '[role=alert]'), 'the alert');
      await expectAccessible(el);
      expect(alert.textContent?.trim()).to.equal(
        `This page's address, ${location.origin}, is not allowed for this firm's portal. Add it to the allowed origins in the firm's settings.`,
      );
      expect($(el, 'input[type=email]'), 'no sign-in form that cannot work').to.equal(null);
      expect(api.callsTo('GET /health')).to.have.length(1);
      expect(logged).to.have.length(1);
      expect(String(logged[0]?.[0])).to.contain(location.origin).and.contain('CORS');

      cleanupFixtures();
      const again = await renderPortal('et');
      const estonian = await waitFor(() => $(again, '[role=alert]'), 'the Estonian alert');
      expect(estonian.textContent).to.contain(`Selle lehe aadress, ${location.origin}, ei ole`);
      expect(logged, 'logged once').to.have.length(1);
    } finally {
      console.error = original;
    }
  });

  it('says the portal server cannot be reached when the health check fails too, and Try again recovers', async () => {
    let down = true;
    api.on(`GET /public/firms/${FIRM}`, () => (down ? { status: 0 } : { body: firm }));
    api.on('GET /health', () => (down ? { status: 0 } : { body: { ok: true } }));
    const el = await renderPortal();
    const alert = await waitFor(() => $(el, '[role=alert]'), 'the alert');
    await expectAccessible(el);
    expect(alert.textContent?.trim()).to.equal('The server could not be reached. Check your connection and try again.');
    expect($(el, 'input[type=email]')).to.equal(null);
    down = false;
    button(el, 'Try again')!.click();
    await waitFor(() => $(el, 'input[type=email]'), 'the email form');
    await waitFor(() => textOf(el).includes(firm.name), 'the firm’s name');
    expect($(el, '[role=alert]')).to.equal(null);
  });
});
