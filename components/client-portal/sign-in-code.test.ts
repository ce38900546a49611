/**
 * Signing in without the link: the 6-digit code from the email, the PIN a
 * new device is asked for, "Forgot PIN?", and a forgotten-PIN link's
 * "Choose a new PIN".
 */
import { html } from 'lit';
import { expect } from 'chai';
import { sendKeys, setViewport } from '@web/test-runner-commands';
import './define.ts';
import type { ClientPortal } from './client-portal.ts';
import { sessionStore } from '../internal/session-store.ts';
import { en } from '../translations/en.ts';
import { et } from '../translations/et.ts';
import {
  $,
  FakeApi,
  afterEach,
  beforeEach,
  button,
  cleanupFixtures,
  deepActiveElement,
  describe,
  errorBody,
  expectAccessible,
  fixture,
  it,
  setLoginFragment,
  waitFor,
} from '../internal/testing/helpers.ts';
import { API, FIRM, firm, inspection, sessionCreated } from '../internal/testing/fixtures.ts';

const renderPortal = (lang = 'en') =>
  fixture<ClientPortal>(html`<client-portal api=${API} firm=${FIRM} lang=${lang}></client-portal>`);
const alertText = (el: Element) => $(el, '[role=alert]')?.textContent?.trim();
const input = (el: Element, id: string) => $<HTMLInputElement>(el, `#${id}`);
const labelOf = (el: Element, id: string) => $(el, `label[for="${id}"]`)?.textContent?.trim();

/** Types an email and sends the link: the "Check your email" view with the code entry. */
async function toCheckEmail(el: ClientPortal): Promise<HTMLInputElement> {
  const email = await waitFor(() => input(el, 'email'), 'the email field');
  email.focus();
  await sendKeys({ type: 'client@demo.test' });
  await sendKeys({ press: 'Enter' });
  return waitFor(() => input(el, 'code'), 'the code field');
}

async function typeInto(field: HTMLInputElement, text: string): Promise<void> {
  field.focus();
  field.value = '';
  await sendKeys({ type: text });
  await sendKeys({ press: 'Enter' });
}

describe('<client-portal> sign-in code and PIN', () => {
  let api: FakeApi;

  beforeEach(() => {
    localStorage.clear();
    setLoginFragment(null);
    api = new FakeApi({
      [`GET /public/firms/${FIRM}`]: { body: firm },
      'GET /auth/session': { status: 401, body: errorBody('unauthorized') },
      'POST /auth/link': { status: 202, body: { ok: true } },
      'POST /auth/link/inspect': { body: inspection },
      'POST /auth/session': { body: sessionCreated },
      'POST /auth/pin/forgot': { status: 202, body: { ok: true } },
    });
  });

  afterEach(async () => {
    api.restore();
    cleanupFixtures();
    setLoginFragment(null);
    localStorage.clear();
    await setViewport({ width: 800, height: 600 });
  });

  it('is accessible with the code entry, whose field is labelled, numeric and one-time-code; the email field autofills', async () => {
    const el = await renderPortal();
    const email = await waitFor(() => input(el, 'email'), 'the email field');
    expect(email.getAttribute('autocomplete')).to.equal('email');
    expect(labelOf(el, 'email')).to.equal(en.emailLabel);
    const code = await toCheckEmail(el);
    await expectAccessible(el);
    expect(el.shadowRoot!.textContent).to.contain(en.codeIntro);
    expect(labelOf(el, 'code')).to.equal(en.codeLabel);
    expect(code.inputMode).to.equal('numeric');
    expect(code.getAttribute('autocomplete')).to.equal('one-time-code');
  });

  it('signs in with the typed code: firm, email and code (and this browser’s device) are sent', async () => {
    const el = await renderPortal();
    const code = await toCheckEmail(el);
    await typeInto(code, '123 456');
    await waitFor(() => el.shadowRoot!.querySelector('.signed-in'), 'the signed-in view');
    expect(api.callsTo('POST /auth/session')[0]?.body).to.deep.equal({
      firm: FIRM,
      email: 'client@demo.test',
      code: '123456',
      device: sessionStore.deviceToken(API, FIRM),
    });
    expect(sessionStore.loadToken(API, FIRM)).to.equal(sessionCreated.token);
  });

  it('a wrong code: says so in the alert and puts focus back on the code field', async () => {
    api.on('POST /auth/session', { status: 401, body: errorBody('invalid_code') });
    const el = await renderPortal();
    const code = await toCheckEmail(el);
    await typeInto(code, '000000');
    await waitFor(() => alertText(el) === en.codeInvalid, 'the wrong-code alert');
    expect(deepActiveElement()).to.equal(input(el, 'code'));
    expect(sessionStore.loadToken(API, FIRM)).to.equal(null);
    await expectAccessible(el);
  });

  it('a code locked by wrong tries: says to ask for a new link and offers to send it', async () => {
    api.on('POST /auth/session', { status: 401, body: errorBody('code_locked') });
    const el = await renderPortal();
    const code = await toCheckEmail(el);
    await typeInto(code, '111111');
    await waitFor(() => alertText(el) === en.codeLocked, 'the locked-code alert');
    expect(input(el, 'code')!.disabled).to.equal(true);
    button(el, en.sendNewLink)!.click();
    await waitFor(() => api.callsTo('POST /auth/link').length === 2, 'a second link request');
    expect(api.callsTo('POST /auth/link')[1]?.body).to.deep.equal({ firm: FIRM, email: 'client@demo.test', as: 'client' });
  });

  it('too many tries (429): the rate-limit message, focus on the code field', async () => {
    api.on('POST /auth/session', { status: 429, body: errorBody('rate_limited') });
    const el = await renderPortal();
    const code = await toCheckEmail(el);
    await typeInto(code, '222222');
    await waitFor(() => alertText(el) === en.errorRateLimited, 'the rate-limit alert');
    expect(deepActiveElement()).to.equal(input(el, 'code'));
  });

  it('keeps one random device token per browser and firm, across sign-outs', () => {
    const first = sessionStore.deviceToken(API, FIRM);
    expect(first).to.match(/^[A-Za-z0-9_-]{43}$/);
    sessionStore.clear(API, FIRM);
    expect(sessionStore.deviceToken(API, FIRM)).to.equal(first);
    expect(sessionStore.deviceToken(API, 'acme')).to.not.equal(first);
  });

  it('a link on a new device asks for the PIN (password, numeric, no autofill) and sends it with the device', async () => {
    api.on('POST /auth/link/inspect', { body: { ...inspection, pinRequired: true } });
    setLoginFragment('tok_pin');
    const el = await renderPortal();
    const pin = await waitFor(() => input(el, 'pin'), 'the PIN field');
    await expectAccessible(el);
    expect(labelOf(el, 'pin')).to.equal(en.pinLabel);
    expect([pin.type, pin.inputMode, pin.getAttribute('autocomplete')]).to.deep.equal(['password', 'numeric', 'off']);
    expect(api.callsTo('POST /auth/link/inspect')[0]?.body).to.deep.equal({ token: 'tok_pin', device: sessionStore.deviceToken(API, FIRM) });
    await typeInto(pin, '1234');
    await waitFor(() => el.shadowRoot!.querySelector('.signed-in'), 'the signed-in view');
    expect(api.callsTo('POST /auth/session')[0]?.body).to.deep.equal({ token: 'tok_pin', pin: '1234', device: sessionStore.deviceToken(API, FIRM) });
  });

  it('a PIN of letters or three digits is refused at the field, and nothing is sent', async () => {
    api.on('POST /auth/link/inspect', { body: { ...inspection, pinRequired: true } });
    setLoginFragment('tok_pin');
    const el = await renderPortal();
    const pin = await waitFor(() => input(el, 'pin'), 'the PIN field');
    await typeInto(pin, 'abcd');
    expect(pin.validationMessage).to.equal(en.pinFormat);
    await typeInto(pin, '123');
    expect(pin.validationMessage).to.equal(en.pinFormat);
    expect(api.callsTo('POST /auth/session')).to.have.length(0);
  });

  it('a code on a new device: the session asks for the PIN, and the code is sent again with it', async () => {
    api.on('POST /auth/session', (call) =>
      (call.body as { pin?: string }).pin ? { body: sessionCreated } : { status: 401, body: errorBody('pin_required') },
    );
    const el = await renderPortal();
    await typeInto(await toCheckEmail(el), '123456');
    const pin = await waitFor(() => input(el, 'pin'), 'the PIN field');
    expect(deepActiveElement()).to.equal(pin);
    await typeInto(pin, '4321');
    await waitFor(() => el.shadowRoot!.querySelector('.signed-in'), 'the signed-in view');
    expect(api.callsTo('POST /auth/session')[1]?.body).to.deep.equal({
      firm: FIRM,
      email: 'client@demo.test',
      code: '123456',
      pin: '4321',
      device: sessionStore.deviceToken(API, FIRM),
    });
  });

  it('a wrong PIN: "not right", focus on the field; a locked PIN explains the way out and "Forgot PIN?" sends a link', async () => {
    api.on('POST /auth/link/inspect', { body: { ...inspection, pinRequired: true } });
    api.on('POST /auth/session', { status: 401, body: errorBody('wrong_pin') });
    setLoginFragment('tok_pin');
    const el = await renderPortal();
    const pin = await waitFor(() => input(el, 'pin'), 'the PIN field');
    await typeInto(pin, '9999');
    await waitFor(() => alertText(el) === en.pinWrong, 'the wrong-PIN alert');
    expect(deepActiveElement()).to.equal(input(el, 'pin'));

    api.on('POST /auth/session', { status: 401, body: errorBody('pin_locked') });
    await typeInto(input(el, 'pin')!, '8888');
    await waitFor(() => alertText(el) === en.pinLocked, 'the locked-PIN alert');
    await expectAccessible(el);

    button(el, en.forgotPin)!.click();
    await waitFor(() => $(el, '[role=status]')?.textContent?.trim() === en.pinResetSent, 'the link-sent status');
    expect(api.callsTo('POST /auth/pin/forgot')[0]?.body).to.deep.equal({ firm: FIRM, email: 'client@demo.test' });
  });

  it('a forgotten-PIN link: "Choose a new PIN", the two must match, then signs in with newPin', async () => {
    api.on('POST /auth/link/inspect', { body: { ...inspection, purpose: 'pin_reset' } });
    setLoginFragment('tok_reset');
    const el = await renderPortal();
    const heading = await waitFor(() => [...el.shadowRoot!.querySelectorAll('h2')].find((h) => h.textContent?.trim() === en.newPinHeading), 'the heading');
    expect(heading).to.exist;
    await expectAccessible(el);
    const fresh = input(el, 'new-pin')!;
    const repeat = input(el, 'repeat-pin')!;
    fresh.focus();
    await sendKeys({ type: '2468' });
    repeat.focus();
    await sendKeys({ type: '2469' });
    await sendKeys({ press: 'Enter' });
    expect(repeat.validationMessage).to.equal(en.pinMismatch);
    expect(api.callsTo('POST /auth/session')).to.have.length(0);
    repeat.value = '';
    await sendKeys({ type: '2468' });
    await sendKeys({ press: 'Enter' });
    await waitFor(() => el.shadowRoot!.querySelector('.signed-in'), 'the signed-in view');
    expect(api.callsTo('POST /auth/session')[0]?.body).to.deep.equal({ token: 'tok_reset', newPin: '2468', device: sessionStore.deviceToken(API, FIRM) });
  });

  it('in Estonian at 390 px: the code entry and the PIN read in Estonian and fit', async () => {
    await setViewport({ width: 390, height: 844 });
    api.on('POST /auth/session', { status: 401, body: errorBody('pin_required') });
    const el = await renderPortal('et');
    await waitFor(() => el.shadowRoot!.textContent?.includes(et.signInHeading) && input(el, 'email'), 'the Estonian form');
    const code = await toCheckEmail(el);
    await waitFor(() => labelOf(el, 'code') === et.codeLabel, 'the Estonian code label');
    await expectAccessible(el);
    await typeInto(code, '123456');
    await waitFor(() => labelOf(el, 'pin') === et.pinLabel, 'the Estonian PIN label');
    expect(button(el, et.forgotPin)).to.exist;
    const base = $(el, '[part=base]')!;
    expect(base.scrollWidth).to.be.at.most(390);
  });
});

describe('<client-portal> and the firm’s portal settings', () => {
  let api: FakeApi;

  beforeEach(() => {
    localStorage.clear();
    setLoginFragment(null);
    api = new FakeApi({
      [`GET /public/firms/${FIRM}`]: { body: { ...firm, description: 'Bookkeeping for bakers since 1999.' } },
      'GET /auth/session': { status: 401, body: errorBody('unauthorized') },
    });
  });

  afterEach(() => {
    api.restore();
    cleanupFixtures();
  });

  it('is accessible and shows the firm’s description above the sign-in form', async () => {
    const el = await renderPortal();
    await waitFor(() => input(el, 'email'), 'the email field');
    await expectAccessible(el);
    expect($(el, '[part=description]')?.textContent?.trim()).to.equal('Bookkeeping for bakers since 1999.');
  });

  it('a portal not open yet: says so in English and Estonian, with no email form', async () => {
    api.on(`GET /public/firms/${FIRM}`, { body: { ...firm, portalActive: false } });
    const el = await renderPortal();
    await waitFor(() => el.shadowRoot!.textContent?.includes(en.portalNotOpen), 'the not-open message');
    await expectAccessible(el);
    expect(input(el, 'email')).to.equal(null);
    cleanupFixtures();
    const estonian = await renderPortal('et');
    await waitFor(() => estonian.shadowRoot!.textContent?.includes(et.portalNotOpen), 'the Estonian not-open message');
  });
});
