// The contact's own details in <client-portal>'s profile: name and phone saved, a refused value said at its
// field, and a new email address sent a confirmation link (409 email_taken, 400 email_unchanged at the field).
import { expect } from 'chai';
import { sendKeys, setViewport } from '@web/test-runner-commands';
import './define.ts';
import '../client-task-list/define.ts';
import type { ClientPortal } from './client-portal.ts';
import type { PortalProfile } from '../internal/api-types.ts';
import { renderInPortal } from '../internal/testing/portal-fixture.ts';
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
  it,
  waitFor,
  type RecordedCall,
} from '../internal/testing/helpers.ts';
import { FIRM, firm, sessionInfo } from '../internal/testing/fixtures.ts';
import { PortalFake } from '../internal/testing/portal-fake.ts';

const profile = (over: Partial<PortalProfile> = {}): PortalProfile => ({
  name: 'Kati Klient',
  email: 'client@demo.test',
  locale: null,
  timezone: null,
  emailPrefs: { assigned: true, messages: true, reminders: true, withdrawn: true, fileRejected: true, digest: false },
  emailUndeliverable: false,
  pin: false,
  welcomeSeen: true,
  phone: '+372 5555 0000',
  lastClientId: null,
  ...over,
});

const input = (portal: ClientPortal, id: string) => $<HTMLInputElement>(portal, `#profile-${id}`)!;
const statusOf = (portal: ClientPortal) => $(portal, '.profile [role=status]')?.textContent?.trim() ?? '';
const type = (el: HTMLInputElement, value: string) => {
  el.value = value;
  el.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
};

async function openProfile(lang = 'en'): Promise<ClientPortal> {
  const { portal } = await renderInPortal(lang);
  (await waitFor(() => $<HTMLButtonElement>(portal, '[part~="email-settings"]'), 'the profile button')).click();
  await waitFor(() => $(portal, '#profile-name'), 'the details form');
  return portal;
}

describe('<client-portal> profile details', () => {
  let api: FakeApi;
  let saved: PortalProfile;

  beforeEach(() => {
    localStorage.clear();
    saved = profile();
    api = new FakeApi({
      [`GET /public/firms/${FIRM}`]: { body: firm },
      'GET /auth/session': { body: sessionInfo },
      'GET /portal/announcements': { body: { items: [], nextCursor: null } },
      'GET /portal/profile': () => ({ body: saved }),
      'PATCH /portal/profile': (call: RecordedCall) => {
        saved = { ...saved, ...(call.body as Partial<PortalProfile>) };
        return { body: saved };
      },
      'POST /portal/profile/email': { status: 202, body: { ok: true } },
    });
    new PortalFake(api);
  });

  afterEach(async () => {
    api.restore();
    cleanupFixtures();
    localStorage.clear();
    await setViewport({ width: 800, height: 600 });
  });

  it('shows the name and phone in labelled fields and saves them', async () => {
    const portal = await openProfile();
    await expectAccessible(portal);
    expect($(portal, '[part~="email-settings"]')).to.equal(null);
    expect($(portal, '#profile-heading')?.textContent?.trim()).to.equal('Your profile');
    expect($(portal, 'label[for="profile-name"]')?.textContent?.trim()).to.equal('Name');
    expect($(portal, 'label[for="profile-phone"]')?.textContent?.trim()).to.equal('Phone (optional)');
    expect(input(portal, 'name').value).to.equal('Kati Klient');
    expect(input(portal, 'phone').value).to.equal('+372 5555 0000');
    type(input(portal, 'name'), '  Kati Kask ');
    type(input(portal, 'phone'), '');
    button(portal, 'Update my details')!.click();
    await waitFor(() => statusOf(portal) === 'Your details are saved.', 'saved announced');
    expect(api.callsTo('PATCH /portal/profile')[0]!.body).to.deep.equal({ name: 'Kati Kask', phone: null });
  });

  it('sends only what changed, so a number the firm wrote its own way is not judged again', async () => {
    saved = profile({ phone: '5123.4567 (work)' });
    const portal = await openProfile();
    type(input(portal, 'name'), 'Kati Kask');
    button(portal, 'Update my details')!.click();
    await waitFor(() => statusOf(portal) === 'Your details are saved.', 'saved announced');
    expect(api.callsTo('PATCH /portal/profile')[0]!.body).to.deep.equal({ name: 'Kati Kask' });
  });

  it('shows a staff preview the details and settings with nothing to change', async () => {
    api.on('GET /auth/session', { body: { ...sessionInfo, preview: { by: 'Olivia Owner', contactName: 'Kati Klient' } } });
    const portal = await openProfile();
    expect(input(portal, 'name').matches(':disabled')).to.equal(true);
    expect(button(portal, 'Update my details')!.matches(':disabled')).to.equal(true);
    expect($(portal, '.profile .back')!.matches(':disabled')).to.equal(false);
    await expectAccessible(portal);
  });

  it('says a phone the server refuses at its field, with focus there', async () => {
    api.on('PATCH /portal/profile', {
      status: 400,
      body: { error: { code: 'validation_failed', message: 'Invalid', issues: [{ path: 'phone', message: 'Not a phone number' }], requestId: 'req_test' } },
    });
    const portal = await openProfile();
    type(input(portal, 'phone'), 'call me');
    button(portal, 'Update my details')!.click();
    await waitFor(() => input(portal, 'phone').getAttribute('aria-invalid') === 'true', 'the field marked');
    expect(deepActiveElement()).to.equal(input(portal, 'phone'));
    expect($(portal, '#profile-phone-error')?.textContent?.trim()).to.equal('Enter a phone number such as +372 5123 4567.');
    expect(input(portal, 'phone').getAttribute('aria-describedby')).to.equal('profile-phone-error');
    expect(saved.phone).to.equal('+372 5555 0000');
    await expectAccessible(portal);
    type(input(portal, 'phone'), '+372 5123 4567');
    await waitFor(() => input(portal, 'phone').getAttribute('aria-invalid') === 'false', 'the mark cleared');
  });

  it('does not send an empty name', async () => {
    const portal = await openProfile();
    type(input(portal, 'name'), '');
    button(portal, 'Update my details')!.click();
    await waitFor(() => $(portal, '#profile-name-error'), 'the field error');
    expect(deepActiveElement()).to.equal(input(portal, 'name'));
    expect(api.callsTo('PATCH /portal/profile')).to.have.length(0);
  });

  it('sends a confirmation link to a new email address and says so', async () => {
    const portal = await openProfile();
    expect($(portal, '.profile')!.textContent).to.contain('Portico emails you at client@demo.test.');
    type(input(portal, 'email'), 'kati@new.test');
    button(portal, 'Change the email address')!.click();
    await waitFor(() => statusOf(portal) === 'We sent a confirmation link to kati@new.test. Your address changes once you open it.', 'sent announced');
    expect(api.callsTo('POST /portal/profile/email')[0]!.body).to.deep.equal({ email: 'kati@new.test' });
    expect(input(portal, 'email').value).to.equal('');
  });

  for (const [code, status, text] of [
    ['email_taken', 409, 'Someone else uses this address with this firm. Choose another.'],
    ['email_unchanged', 400, 'This is your address already.'],
  ] as const) {
    it(`says ${code} at the email field`, async () => {
      api.on('POST /portal/profile/email', { status, body: errorBody(code) });
      const portal = await openProfile();
      type(input(portal, 'email'), 'someone@demo.test');
      button(portal, 'Change the email address')!.click();
      await waitFor(() => $(portal, '#profile-email-error'), 'the field error');
      expect($(portal, '#profile-email-error')!.textContent?.trim()).to.equal(text);
      expect(deepActiveElement()).to.equal(input(portal, 'email'));
      expect(input(portal, 'email').value).to.equal('someone@demo.test');
      expect(statusOf(portal)).to.equal('');
    });
  }

  it('does not send an address that is not one', async () => {
    const portal = await openProfile();
    type(input(portal, 'email'), 'not-an-address');
    button(portal, 'Change the email address')!.click();
    await waitFor(() => $(portal, '#profile-email-error'), 'the field error');
    expect(api.callsTo('POST /portal/profile/email')).to.have.length(0);
  });

  it('says a refused write of a staff preview in words', async () => {
    api.on('POST /portal/profile/email', { status: 403, body: errorBody('preview_read_only') });
    const portal = await openProfile();
    type(input(portal, 'email'), 'kati@new.test');
    button(portal, 'Change the email address')!.click();
    await waitFor(() => $(portal, '.profile [role=alert]'), 'the alert');
    expect($(portal, '.profile [role=alert]')!.textContent?.trim()).to.equal('This is a preview of the portal: nothing can be changed here.');
  });

  it('fits a 390 px phone and works by keyboard, in Estonian', async () => {
    await setViewport({ width: 390, height: 800 });
    const portal = await openProfile('et');
    await waitFor(() => $(portal, 'label[for="profile-name"]')?.textContent?.trim() === 'Nimi', 'the Estonian strings');
    const base = $(portal, '[part~="base"]')!;
    expect(base.scrollWidth).to.be.at.most(base.clientWidth);
    input(portal, 'email').focus();
    await sendKeys({ type: 'kati@new.test' });
    await sendKeys({ press: 'Enter' });
    await waitFor(() => statusOf(portal).startsWith('Saatsime kinnituslingi aadressile kati@new.test.'), 'sent, in Estonian');
    await expectAccessible(portal);
  });
});
