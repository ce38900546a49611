// The PIN section of the portal's profile: set, change with the current PIN, remove; wrong_pin and pin_locked at the field.
import { expect } from 'chai';
import { sendKeys, setViewport } from '@web/test-runner-commands';
import './define.ts';
import '../client-task-list/define.ts';
import type { ClientPortal } from './client-portal.ts';
import type { PortalProfile } from '../internal/api-types.ts';
import { sessionStore } from '../internal/session-store.ts';
import { renderInPortal } from '../internal/testing/portal-fixture.ts';
import { enProfile, etProfile } from './profile-strings.ts';
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
} from '../internal/testing/helpers.ts';
import { API, FIRM, firm, sessionInfo } from '../internal/testing/fixtures.ts';
import { PortalFake } from '../internal/testing/portal-fake.ts';

const profile = (over: Partial<PortalProfile> = {}): PortalProfile => ({
  name: 'Kati Klient',
  email: 'client@demo.test',
  phone: null,
  lastClientId: null,
  locale: null,
  timezone: null,
  emailPrefs: { assigned: true, messages: true, reminders: true, withdrawn: true, fileRejected: true, digest: false },
  emailUndeliverable: false,
  pin: false,
  welcomeSeen: true,
  ...over,
});
const field = (portal: ClientPortal, id: string) => $<HTMLInputElement>(portal, `#${id}`);
const statusOf = (portal: ClientPortal) => $(portal, '.profile [role=status]')?.textContent?.trim() ?? '';

async function openSettings(lang = 'en'): Promise<ClientPortal> {
  const { portal } = await renderInPortal(lang);
  (await waitFor(() => $<HTMLButtonElement>(portal, '[part~="email-settings"]'), 'the Email settings button')).click();
  await waitFor(() => field(portal, 'new-pin'), 'the PIN section');
  return portal;
}

async function type(input: HTMLInputElement, text: string): Promise<void> {
  input.focus();
  await sendKeys({ type: text });
}

describe('<client-portal> profile: the PIN', () => {
  let api: FakeApi;
  let saved: PortalProfile;

  beforeEach(() => {
    localStorage.clear();
    saved = profile();
    api = new FakeApi({
      [`GET /public/firms/${FIRM}`]: { body: firm },
      'GET /auth/session': { body: sessionInfo },
      'GET /portal/profile': () => ({ body: saved }),
      'PUT /portal/profile/pin': () => ({ body: (saved = { ...saved, pin: true }) }),
      'DELETE /portal/profile/pin': () => ({ body: (saved = { ...saved, pin: false }) }),
    });
    new PortalFake(api);
  });

  afterEach(async () => {
    api.restore();
    cleanupFixtures();
    localStorage.clear();
    await setViewport({ width: 800, height: 600 });
  });

  it('is accessible; sets a PIN (typed twice, 4 digits) with this device, and says it is saved', async () => {
    const portal = await openSettings();
    await expectAccessible(portal);
    const fresh = field(portal, 'new-pin')!;
    expect([fresh.type, fresh.inputMode, fresh.getAttribute('autocomplete')]).to.deep.equal(['password', 'numeric', 'off']);
    expect($(portal, 'label[for="new-pin"]')?.textContent?.trim()).to.equal(enProfile.pinNew);
    expect(field(portal, 'current-pin')).to.equal(null);
    await type(fresh, '12a4');
    await type(field(portal, 'repeat-pin')!, '1234');
    button(portal, enProfile.pinSet)!.click();
    expect(fresh.validationMessage).to.equal(enProfile.pinFormat);
    fresh.value = '';
    await type(fresh, '1235');
    button(portal, enProfile.pinSet)!.click();
    expect(field(portal, 'repeat-pin')!.validationMessage).to.equal(enProfile.pinMismatch);
    expect(api.callsTo('PUT /portal/profile/pin'), 'nothing sent for bad input').to.have.length(0);
    fresh.value = '';
    await type(fresh, '1234');
    button(portal, enProfile.pinSet)!.click();
    await waitFor(() => statusOf(portal) === enProfile.pinSaved, 'the saved status');
    expect(api.callsTo('PUT /portal/profile/pin')[0]?.body).to.deep.equal({ pin: '1234', device: sessionStore.deviceToken(API, FIRM) });
    await waitFor(() => field(portal, 'current-pin'), 'the current-PIN field, now that one is set');
    await expectAccessible(portal);
  });

  it('changes the PIN with the current one; a wrong current PIN is said at the field, which takes focus', async () => {
    saved = profile({ pin: true });
    api.on('PUT /portal/profile/pin', { status: 403, body: errorBody('wrong_pin') });
    const portal = await openSettings();
    await type(field(portal, 'current-pin')!, '0000');
    await type(field(portal, 'new-pin')!, '4321');
    await type(field(portal, 'repeat-pin')!, '4321');
    button(portal, enProfile.pinChange)!.click();
    await waitFor(() => $(portal, '#current-pin-error')?.textContent?.trim() === enProfile.pinWrong, 'the wrong-PIN message');
    expect(field(portal, 'current-pin')!.getAttribute('aria-invalid')).to.equal('true');
    expect(deepActiveElement()).to.equal(field(portal, 'current-pin'));
    expect(statusOf(portal)).to.equal(enProfile.pinWrong);
    expect(api.callsTo('PUT /portal/profile/pin')[0]?.body).to.deep.include({ pin: '4321', currentPin: '0000' });
    await expectAccessible(portal);
  });

  it('removes the PIN with the current one; a locked PIN explains the way out', async () => {
    saved = profile({ pin: true });
    api.on('DELETE /portal/profile/pin', { status: 403, body: errorBody('pin_locked') });
    const portal = await openSettings();
    await type(field(portal, 'current-pin')!, '1111');
    button(portal, enProfile.pinRemove)!.click();
    await waitFor(() => $(portal, '#current-pin-error')?.textContent?.trim() === enProfile.pinLocked, 'the locked message');
    api.on('DELETE /portal/profile/pin', () => ({ body: (saved = { ...saved, pin: false }) }));
    field(portal, 'current-pin')!.value = '';
    await type(field(portal, 'current-pin')!, '2222');
    button(portal, enProfile.pinRemove)!.click();
    await waitFor(() => statusOf(portal) === enProfile.pinRemoved, 'the removed status');
    expect(api.callsTo('DELETE /portal/profile/pin')[1]?.body).to.deep.equal({ currentPin: '2222' });
  });

  it('in Estonian at 390 px', async () => {
    await setViewport({ width: 390, height: 844 });
    const portal = await openSettings('et');
    await waitFor(() => $(portal, 'label[for="new-pin"]')?.textContent?.trim() === etProfile.pinNew, 'the Estonian label');
    expect(button(portal, etProfile.pinSet)).to.exist;
    await expectAccessible(portal);
  });
});
