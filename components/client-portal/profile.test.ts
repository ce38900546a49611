// The contact's email settings in <client-portal>: which emails, single or a morning summary, the time
// zone; saved with progress and the outcome announced, a refused value marked at its field, #profile.
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
  deferred,
  describe,
  errorBody,
  expectAccessible,
  it,
  textOf,
  waitFor,
  type RecordedCall,
} from '../internal/testing/helpers.ts';
import { FIRM, firm, sessionInfo } from '../internal/testing/fixtures.ts';
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
  welcomeSeen: false,
  ...over,
});

const setFragment = (fragment: string) => history.replaceState(null, '', `${location.pathname}${location.search}${fragment}`);
const box = (portal: ClientPortal, name: string) => $<HTMLInputElement>(portal, `input[name="${name}"]`);
const radio = (portal: ClientPortal, value: string) => $<HTMLInputElement>(portal, `input[name="digest"][value="${value}"]`);
const zone = (portal: ClientPortal) => $<HTMLSelectElement>(portal, '#profile-timezone');
const statusOf = (portal: ClientPortal) => $(portal, '.profile [role=status]')?.textContent?.trim() ?? '';
const labelOf = (input: HTMLInputElement) => input.closest('label')?.textContent?.replace(/\s+/g, ' ').trim();
const choose = (select: HTMLSelectElement, value: string) => {
  select.value = value;
  select.dispatchEvent(new Event('change', { bubbles: true }));
};

async function openSettings(lang = 'en'): Promise<ClientPortal> {
  const { portal } = await renderInPortal(lang);
  (await waitFor(() => $<HTMLButtonElement>(portal, '[part~="email-settings"]'), 'the Email settings button')).click();
  await waitFor(() => box(portal, 'assigned'), 'the settings form');
  return portal;
}

describe('<client-portal> email settings', () => {
  let api: FakeApi;
  let saved: PortalProfile;

  beforeEach(() => {
    localStorage.clear();
    setFragment('');
    saved = profile();
    api = new FakeApi({
      [`GET /public/firms/${FIRM}`]: { body: firm },
      'GET /auth/session': { body: sessionInfo },
      'GET /portal/profile': () => ({ body: saved }),
      'PATCH /portal/profile': (call: RecordedCall) => {
        const patch = call.body as { emailPrefs?: object; timezone?: string | null };
        saved = { ...saved, emailPrefs: { ...saved.emailPrefs, ...patch.emailPrefs }, timezone: patch.timezone ?? null };
        return { body: saved };
      },
    });
    new PortalFake(api);
  });

  afterEach(async () => {
    api.restore();
    cleanupFixtures();
    setFragment('');
    localStorage.clear();
    await setViewport({ width: 800, height: 600 });
  });

  it('opens from the header with focus on its heading, each kind a labelled checkbox, and saves what the contact chose', async () => {
    const portal = await openSettings();
    await expectAccessible(portal);
    expect(deepActiveElement()).to.equal($(portal, '#profile-heading'));
    expect($(portal, '#profile-heading')?.textContent?.trim()).to.equal('Your profile');
    expect(textOf(portal)).to.contain('Choose which emails Demo Accounting sends you');
    expect(labelOf(box(portal, 'reminders')!)).to.equal('a task is due or overdue (reminders)');
    expect($(portal, 'fieldset legend')?.textContent?.trim()).to.equal('Email me when');
    expect(radio(portal, 'single')!.checked).to.equal(true);
    expect(zone(portal)!.value).to.equal('');
    expect(zone(portal)!.selectedOptions[0]!.textContent!.trim()).to.equal('The firm’s time zone');
    expect(zone(portal)!.querySelector('option[value="Europe/Tallinn"]')).to.exist;
    // The slotted tasks are out of the way meanwhile.
    expect($(portal, '[part~="content"]')!.hidden).to.equal(true);

    box(portal, 'reminders')!.click();
    radio(portal, 'digest')!.click();
    choose(zone(portal)!, 'Europe/Helsinki');
    const held = deferred();
    const answer = api.routes.get('PATCH /portal/profile')!;
    api.on('PATCH /portal/profile', async (call) => {
      await held.promise;
      return typeof answer === 'function' ? answer(call) : answer;
    });
    button(portal, 'Save')!.click();
    await waitFor(() => statusOf(portal) === 'Saving…', 'saving announced');
    expect(button(portal, 'Saving…')!.disabled).to.equal(true);
    held.resolve();
    await waitFor(() => statusOf(portal) === 'Your email settings are saved.', 'saved announced');
    expect(api.callsTo('PATCH /portal/profile')[0]!.body).to.deep.equal({
      emailPrefs: { assigned: true, messages: true, reminders: false, withdrawn: true, fileRejected: true, digest: true },
      timezone: 'Europe/Helsinki',
    });
    expect(box(portal, 'reminders')!.checked).to.equal(false);
    expect(button(portal, 'Save')!.disabled).to.equal(false);
    await expectAccessible(portal);
  });

  it('marks a time zone the server refuses at its field, with focus there, and saves nothing', async () => {
    api.on('PATCH /portal/profile', {
      status: 400,
      body: { error: { code: 'validation_failed', message: 'The request body is not valid', issues: [{ path: 'timezone', message: 'Use an IANA timezone such as Europe/Tallinn' }], requestId: 'req_test' } },
    });
    const portal = await openSettings();
    choose(zone(portal)!, 'Europe/Riga');
    button(portal, 'Save')!.click();
    await waitFor(() => zone(portal)!.getAttribute('aria-invalid') === 'true', 'the field marked');
    expect(deepActiveElement()).to.equal(zone(portal));
    expect($(portal, '#timezone-error')?.textContent?.trim()).to.equal('Choose a time zone from the list.');
    expect(zone(portal)!.getAttribute('aria-describedby')).to.contain('timezone-error');
    expect($(portal, '.profile [role=alert]')?.textContent).to.contain('were not saved');
    expect(statusOf(portal)).to.equal('');
    expect(saved.timezone).to.equal(null);
    await expectAccessible(portal);
    // Choosing again clears the mark.
    choose(zone(portal)!, 'Europe/Tallinn');
    await waitFor(() => zone(portal)!.getAttribute('aria-invalid') === 'false', 'the mark cleared');
  });

  it('keeps the choices and says why when the server cannot be reached', async () => {
    api.on('PATCH /portal/profile', { status: 0 });
    const portal = await openSettings();
    box(portal, 'messages')!.click();
    button(portal, 'Save')!.click();
    await waitFor(() => $(portal, '.profile [role=alert]'), 'the error');
    expect($(portal, '.profile [role=alert]')!.textContent).to.not.contain('were not saved');
    expect(box(portal, 'messages')!.checked).to.equal(false);
    expect(button(portal, 'Save')!.disabled).to.equal(false);
  });

  it('offers to try again when the settings cannot be loaded', async () => {
    let fail = true;
    api.on('GET /portal/profile', () => (fail ? { status: 500, body: errorBody('internal') } : { body: saved }));
    const { portal } = await renderInPortal();
    (await waitFor(() => $<HTMLButtonElement>(portal, '[part~="email-settings"]'), 'the button')).click();
    await waitFor(() => textOf(portal).includes('Your settings could not be loaded.'), 'the failure');
    fail = false;
    button(portal, 'Try again')!.click();
    await waitFor(() => box(portal, 'assigned'), 'the form');
  });

  it('says when emails to the address bounced', async () => {
    saved = profile({ emailUndeliverable: true });
    const portal = await openSettings();
    expect(textOf(portal)).to.contain('Emails to client@demo.test could not be delivered');
  });

  it('goes back to the portal with focus on the Email settings button', async () => {
    const portal = await openSettings();
    button(portal, 'Back to the portal')!.click();
    await waitFor(() => !$(portal, '[part~="content"]')!.hidden, 'the content again');
    expect($(portal, '.profile')).to.equal(null);
    expect(deepActiveElement()).to.equal($(portal, '[part~="email-settings"]'));
  });

  it('opens from #profile in the address (an email footer) once signed in, and takes it out of the address', async () => {
    setFragment('#profile');
    const { portal } = await renderInPortal();
    await waitFor(() => box(portal, 'assigned'), 'the settings form');
    await waitFor(() => deepActiveElement() === $(portal, '#profile-heading'), 'focus on the heading');
    expect(location.hash).to.equal('');
    expect(api.callsTo('GET /portal/profile')).to.have.length(1);
  });

  it('goes back to the tasks when a task link opens one', async () => {
    const portal = await openSettings();
    setFragment('#task=tsk_vat');
    window.dispatchEvent(new HashChangeEvent('hashchange'));
    await waitFor(() => !$(portal, '[part~="content"]')!.hidden, 'the content again');
    const list = portal.querySelector('client-task-list')!;
    await waitFor(() => $(list, '#detail-heading')?.textContent?.trim() === 'Send purchase invoices', 'the task');
  });

  it('fits a 390 px phone and works by keyboard, in Estonian', async () => {
    await setViewport({ width: 390, height: 800 });
    const portal = await openSettings('et');
    await waitFor(() => $(portal, '#profile-heading')?.textContent?.trim() === 'Sinu profiil', 'the Estonian strings');
    const base = $(portal, '[part~="base"]')!;
    expect(base.scrollWidth).to.be.at.most(base.clientWidth);
    expect(labelOf(box(portal, 'assigned')!)).to.equal('saan uue ülesande');
    box(portal, 'withdrawn')!.focus();
    await sendKeys({ press: 'Space' });
    expect(box(portal, 'withdrawn')!.checked).to.equal(false);
    button(portal, 'Salvesta')!.focus();
    await sendKeys({ press: 'Enter' });
    await waitFor(() => statusOf(portal) === 'Sinu e-kirjade seaded on salvestatud.', 'saved, in Estonian');
    expect(saved.emailPrefs.withdrawn).to.equal(false);
    await expectAccessible(portal);
  });
});
