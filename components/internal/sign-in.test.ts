/**
 * The sign-in both `<client-portal>` and `<portico-console>` run through the
 * one SignInController: a dead link (used, or expired meanwhile) must end the
 * same way in both.
 */
import { html, type TemplateResult } from 'lit';
import { expect } from 'chai';
import '../client-portal/define.ts';
import '../console/define.ts';
import { en } from '../translations/en.ts';
import type { Audience, LinkInspection, SessionCreated } from './api-types.ts';
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
} from './testing/helpers.ts';
import { API, FIRM, firm, sessionCreated } from './testing/fixtures.ts';

interface Case {
  tag: string;
  audience: Audience;
  render: () => TemplateResult;
}

const cases: Case[] = [
  { tag: 'client-portal', audience: 'client', render: () => html`<client-portal api=${API} firm=${FIRM} lang="en"></client-portal>` },
  { tag: 'portico-console', audience: 'staff', render: () => html`<portico-console api=${API} firm=${FIRM} lang="en"></portico-console>` },
];

const inspectionFor = (audience: Audience): LinkInspection => ({
  email: 'person@demo.test',
  audience,
  firm: { slug: FIRM, name: firm.name },
  purpose: 'sign_in',
  pinRequired: false,
});

const sessionFor = (audience: Audience): SessionCreated => ({
  ...sessionCreated,
  audience,
  user: { id: 'usr_1', email: 'person@demo.test', name: 'Pat Person' },
});

/** What a person sees once a dead link was refused. */
async function expectBackAtEmailForm(el: Element, api: FakeApi, audience: Audience): Promise<void> {
  const alert = await waitFor(() => $(el, '[role=alert]'), 'the alert');
  expect(alert.textContent?.trim()).to.equal(en.linkInvalid);
  expect(button(el, 'Continue as')).to.equal(null);
  const input = $<HTMLInputElement>(el, 'input[type=email]');
  expect(input, 'the email field').to.exist;
  expect(location.hash).to.equal('');
  await expectAccessible(el);

  // The way back: ask for a new link right there.
  input!.value = 'person@demo.test';
  $<HTMLFormElement>(el, 'form')!.requestSubmit();
  await waitFor(() => api.callsTo('POST /auth/link').length, 'the link request');
  expect(api.callsTo('POST /auth/link')[0]?.body).to.deep.equal({ firm: FIRM, email: 'person@demo.test', as: audience });
  const heading = await waitFor(
    () => [...el.shadowRoot!.querySelectorAll('[data-heading]')].find((h) => h.textContent?.includes('Check your email')),
    'the check-your-email heading',
  );
  expect(deepActiveElement()).to.equal(heading);
}

for (const { tag, audience, render } of cases) {
  describe(`<${tag}> and a dead sign-in link`, () => {
    let api: FakeApi;

    beforeEach(() => {
      localStorage.clear();
      sessionStorage.clear();
      api = new FakeApi({
        [`GET /public/firms/${FIRM}`]: { body: firm },
        'GET /auth/session': { status: 401, body: errorBody('unauthorized') },
        'POST /auth/link': { status: 202, body: { ok: true } },
        'POST /auth/link/inspect': { body: inspectionFor(audience) },
        'POST /auth/session': { body: sessionFor(audience) },
      });
    });

    afterEach(() => {
      api.restore();
      cleanupFixtures();
      setLoginFragment(null);
      localStorage.clear();
      sessionStorage.clear();
    });

    it('a used link: says so, shows no "Continue", and asks for an email to send a new one', async () => {
      api.on('POST /auth/link/inspect', { status: 401, body: errorBody('invalid_token') });
      setLoginFragment('tok_used');
      const el = await fixture(render());
      await expectBackAtEmailForm(el, api, audience);
      expect(api.callsTo('POST /auth/session')).to.have.length(0);
    });

    it('a link that expired before "Continue" was clicked: the same message and the same way back', async () => {
      api.on('POST /auth/session', { status: 401, body: errorBody('invalid_token') });
      setLoginFragment('tok_expiring');
      const el = await fixture(render());
      const cont = await waitFor(() => button(el, 'Continue as person@demo.test'), 'the Continue button');
      await expectAccessible(el);
      cont.click();
      await expectBackAtEmailForm(el, api, audience);
      expect(api.callsTo('POST /auth/session').map((c) => (c.body as { token: string }).token)).to.deep.equal(['tok_expiring']);
    });
  });
}
