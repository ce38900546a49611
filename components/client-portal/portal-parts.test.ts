// What <client-portal> shows after sign-in beside the tasks: the company last chosen (remembered by the
// server), a staff preview (#preview=, read-only), the firm's welcome video once, its announcements, and
// an email change confirmed from its link (#email-confirm=).
import { html } from 'lit';
import { expect } from 'chai';
import { sendKeys, setViewport } from '@web/test-runner-commands';
import './define.ts';
import '../client-task-list/define.ts';
import type { ClientPortal } from './client-portal.ts';
import type { PortalAnnouncement, PortalProfile, SessionInfo } from '../internal/api-types.ts';
import { sessionStore } from '../internal/session-store.ts';
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
  textOf,
  waitFor,
} from '../internal/testing/helpers.ts';
import { API, FIRM, firm, sessionInfo } from '../internal/testing/fixtures.ts';
import { PortalFake } from '../internal/testing/portal-fake.ts';
import { videoSource } from './welcome-video.ts';

const setFragment = (fragment: string) => history.replaceState(null, '', `${location.pathname}${location.search}${fragment}`);
const profile = (over: Partial<PortalProfile> = {}): PortalProfile => ({
  name: 'Kati Klient',
  email: 'client@demo.test',
  locale: null,
  timezone: null,
  emailPrefs: { assigned: true, messages: true, reminders: true, withdrawn: true, fileRejected: true, digest: false },
  emailUndeliverable: false,
  pin: false,
  welcomeSeen: false,
  phone: null,
  lastClientId: null,
  ...over,
});
const announcement = (id: string, title: string, dismissed = false): PortalAnnouncement => ({
  id,
  title,
  body: `${title}: the details.\nSecond line.`,
  publishedAt: Date.UTC(2026, 10, 20, 9),
  dismissed,
});

const renderPortal = async (lang = 'en', stored: string | null = 'ses_stored') => {
  if (stored) sessionStore.saveToken(API, FIRM, stored);
  return fixture<ClientPortal>(
    html`<client-portal api=${API} firm=${FIRM} lang=${lang}><client-task-list></client-task-list></client-portal>`,
  );
};
const dialog = (el: ClientPortal, id: string) => $<HTMLDialogElement>(el, `dialog#${id}`);

describe('<client-portal> after sign-in', () => {
  let api: FakeApi;
  let session: SessionInfo;

  beforeEach(() => {
    localStorage.clear();
    setFragment('');
    session = { ...sessionInfo };
    api = new FakeApi({
      [`GET /public/firms/${FIRM}`]: { body: firm },
      'GET /auth/session': () => ({ body: session }),
      'DELETE /auth/session': { status: 204 },
      'GET /portal/profile': { body: profile() },
      'PATCH /portal/profile': { body: profile() },
      'GET /portal/announcements': { body: { items: [], nextCursor: null } },
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

  describe('the company last chosen', () => {
    it('opens on the company the server remembers, before this browser’s choice', async () => {
      sessionStore.saveClientId(API, FIRM, 'cli_north');
      session = { ...sessionInfo, lastClientId: 'cli_harbor' };
      const el = await renderPortal();
      const select = await waitFor(() => $<HTMLSelectElement>(el, '#company'), 'the company switch');
      await expectAccessible(el);
      expect(select.value).to.equal('cli_harbor');
      const list = el.querySelector('client-task-list')!;
      await waitFor(() => textOf(list).includes('Confirm your address'), 'the tasks');
    });

    it('falls back to this browser’s choice when the server’s is not one of the contact’s companies', async () => {
      sessionStore.saveClientId(API, FIRM, 'cli_harbor');
      session = { ...sessionInfo, lastClientId: 'cli_gone' };
      const el = await renderPortal();
      const select = await waitFor(() => $<HTMLSelectElement>(el, '#company'), 'the company switch');
      expect(select.value).to.equal('cli_harbor');
    });

    it('tells the server when the contact switches company', async () => {
      const el = await renderPortal();
      const select = await waitFor(() => $<HTMLSelectElement>(el, '#company'), 'the company switch');
      select.value = 'cli_harbor';
      select.dispatchEvent(new Event('change', { bubbles: true }));
      await waitFor(() => api.callsTo('PATCH /portal/profile').length, 'the PATCH');
      expect(api.callsTo('PATCH /portal/profile')[0]!.body).to.deep.equal({ lastClientId: 'cli_harbor' });
      expect(sessionStore.loadClientId(API, FIRM)).to.equal('cli_harbor');
    });
  });

  describe('a staff preview (#preview=)', () => {
    beforeEach(() => {
      session = { ...sessionInfo, preview: { by: 'mem_owner', contactName: 'Kati Klient' } };
    });

    it('uses the token as the session without storing it, takes it out of the address, and says it is read-only', async () => {
      setFragment('#preview=ses_preview');
      const el = await renderPortal('en', null);
      const banner = await waitFor(() => $(el, '[part~="preview"]'), 'the preview banner');
      await expectAccessible(el);
      expect(banner.textContent?.trim()).to.equal('Preview as Kati Klient — read-only; nothing is marked read');
      expect(banner.getAttribute('role')).to.equal('status');
      expect(location.hash).to.equal('');
      expect(api.callsTo('GET /auth/session')[0]!.headers.get('authorization')).to.equal('Bearer ses_preview');
      expect(sessionStore.loadToken(API, FIRM)).to.equal(null);
      // Switching company stays on this page: nothing remembered, nothing sent.
      const select = $<HTMLSelectElement>(el, '#company')!;
      select.value = 'cli_harbor';
      select.dispatchEvent(new Event('change', { bubbles: true }));
      await el.updateComplete;
      expect(api.callsTo('PATCH /portal/profile')).to.have.length(0);
      expect(sessionStore.loadClientId(API, FIRM)).to.equal(null);
    });

    it('leaves a contact’s own stored session alone', async () => {
      sessionStore.saveToken(API, FIRM, 'ses_own');
      setFragment('#preview=ses_preview');
      const el = await renderPortal('en', null);
      await waitFor(() => $(el, '[part~="preview"]'), 'the preview banner');
      expect(api.callsTo('GET /auth/session').map((c) => c.headers.get('authorization'))).to.deep.equal(['Bearer ses_preview']);
      expect(sessionStore.loadToken(API, FIRM)).to.equal('ses_own');
    });

    it('says in words that a write is refused, and shows no welcome video or notice', async () => {
      api.on(`GET /public/firms/${FIRM}`, { body: { ...firm, welcomeVideoUrl: 'https://youtu.be/dQw4w9WgXcQ' } });
      session = { ...session, firm: { ...firm, welcomeVideoUrl: 'https://youtu.be/dQw4w9WgXcQ' } };
      api.on('GET /portal/announcements', { body: { items: [announcement('ann_1', 'Office closed on Friday')], nextCursor: null } });
      api.on('POST /portal/tasks/tsk_loose/complete', { status: 403, body: errorBody('preview_read_only', 'This is a read-only preview') });
      setFragment('#preview=ses_preview');
      const el = await renderPortal('en', null);
      await waitFor(() => $(el, '[part~="announcements"]'), 'the announcements on the home');
      expect(dialog(el, 'welcome-video')).to.equal(null);
      expect(dialog(el, 'announcements-notice')).to.equal(null);
      expect(api.callsTo('GET /portal/profile')).to.have.length(0);
      const list = el.querySelector('client-task-list')!;
      await waitFor(() => textOf(list).includes('Confirm your address'), 'the tasks');
    });

    it('disables marking done, the checklist, uploads and sending a message', async () => {
      setFragment('#preview=ses_preview');
      const el = await renderPortal('en', null);
      await waitFor(() => $(el, '[part~="preview"]'), 'the preview banner');
      const list = el.querySelector('client-task-list')!;
      const row = await waitFor(() => $(list, '[data-task-id="tsk_pay_1"]'), 'the task in the list');
      ((row.matches("a, button") ? row : row.querySelector("a, button")) as HTMLElement).click();
      const done = await waitFor(() => $<HTMLButtonElement>(list, '[part~="mark-done"]'), 'the open task');
      expect(done.disabled).to.equal(true);
      expect($<HTMLInputElement>(list, '#chk-chk_a')!.disabled).to.equal(true);
      const zone = await waitFor(() => list.shadowRoot!.querySelector('upload-zone'), 'the upload zone');
      const choose = await waitFor(() => $<HTMLButtonElement>(zone, '[part~="choose"]'), 'its button');
      expect(choose.disabled).to.equal(true);
      const thread = await waitFor(() => list.shadowRoot!.querySelector('portico-thread'), 'the conversation');
      const send = await waitFor(() => $<HTMLButtonElement>(thread, 'button[type=submit]'), 'its Send button');
      expect(send.disabled).to.equal(true);
      await expectAccessible(el);
    });

    it('in Estonian', async () => {
      setFragment('#preview=ses_preview');
      const el = await renderPortal('et', null);
      await waitFor(
        () => $(el, '[part~="preview"]')?.textContent?.trim() === 'Eelvaade kasutajana Kati Klient — ainult vaatamiseks; midagi ei märgita loetuks',
        'the Estonian banner',
      );
    });
  });

  describe('the welcome video', () => {
    const withVideo = (url: string) => {
      const info = { ...firm, welcomeVideoUrl: url };
      api.on(`GET /public/firms/${FIRM}`, { body: info });
      session = { ...sessionInfo, firm: info };
    };

    it('shows once in a dialog, records it as seen, and Escape closes it with focus back where it was', async () => {
      withVideo('https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=5');
      const el = await renderPortal();
      const shown = await waitFor(() => dialog(el, 'welcome-video'), 'the video dialog');
      await waitFor(() => shown.open, 'open as a modal');
      await expectAccessible(el);
      expect(shown.querySelector('h2')?.textContent?.trim()).to.equal('Welcome to Demo Accounting');
      const frame = shown.querySelector('iframe')!;
      expect(frame.src).to.equal('https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ');
      expect(frame.title).to.equal('Welcome video from Demo Accounting');
      expect(deepActiveElement()?.textContent?.trim()).to.equal('Close');
      await waitFor(() => api.callsTo('PATCH /portal/profile').length, 'recorded as seen');
      expect(api.callsTo('PATCH /portal/profile')[0]!.body).to.deep.equal({ welcomeSeen: true });
      await sendKeys({ press: 'Escape' });
      await waitFor(() => !dialog(el, 'welcome-video'), 'closed');
      await waitFor(() => deepActiveElement() === $(el, '[data-heading]'), 'focus on the portal heading');
    });

    it('is not shown when the profile says it was seen', async () => {
      withVideo('https://vimeo.com/76979871');
      api.on('GET /portal/profile', { body: profile({ welcomeSeen: true }) });
      const el = await renderPortal();
      await waitFor(() => api.callsTo('GET /portal/profile').length, 'the profile read');
      await new Promise((r) => setTimeout(r, 50));
      expect(dialog(el, 'welcome-video')).to.equal(null);
      expect(api.callsTo('PATCH /portal/profile')).to.have.length(0);
    });

    it('plays a video file in <video> and closes with its Close button, fitting a 390 px phone, in Estonian', async () => {
      await setViewport({ width: 390, height: 800 });
      withVideo('https://cdn.example.com/welcome.mp4');
      const el = await renderPortal('et');
      const shown = await waitFor(() => dialog(el, 'welcome-video')?.open && dialog(el, 'welcome-video'), 'the dialog');
      expect(shown.querySelector('video')?.getAttribute('src')).to.equal('https://cdn.example.com/welcome.mp4');
      expect(shown.getBoundingClientRect().width).to.be.at.most(390);
      await expectAccessible(el);
      button(el, 'Sulge')!.click();
      await waitFor(() => !dialog(el, 'welcome-video'), 'closed');
    });

    it('makes embed addresses only from https YouTube and Vimeo pages', () => {
      expect(videoSource('https://youtu.be/dQw4w9WgXcQ')).to.deep.equal({ kind: 'embed', src: 'https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ' });
      expect(videoSource('https://m.youtube.com/shorts/dQw4w9WgXcQ')?.src).to.equal('https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ');
      expect(videoSource('https://player.vimeo.com/video/76979871')?.src).to.equal('https://player.vimeo.com/video/76979871');
      expect(videoSource('https://vimeo.com/channels/staffpicks/76979871')?.src).to.equal('https://player.vimeo.com/video/76979871');
      expect(videoSource('http://youtu.be/dQw4w9WgXcQ')).to.equal(null);
      expect(videoSource('javascript:alert(1)')).to.equal(null);
      expect(videoSource('https://www.youtube.com/watch?v=<script>')).to.deep.equal({ kind: 'link', src: 'https://www.youtube.com/watch?v=%3Cscript%3E' });
      expect(videoSource('https://evil.example/youtube.com/embed/dQw4w9WgXcQ')?.kind).to.equal('link');
    });
  });

  describe('announcements', () => {
    it('lists them above the tasks and shows those not dismissed once at sign-in; "Don’t show again" dismisses', async () => {
      api.on('GET /portal/announcements', {
        body: { items: [announcement('ann_new', 'Office closed on Friday'), announcement('ann_old', 'New VAT rate', true)], nextCursor: null },
      });
      api.on('POST /portal/announcements/ann_new/dismiss', { status: 204 });
      const el = await renderPortal();
      const notice = await waitFor(() => dialog(el, 'announcements-notice')?.open && dialog(el, 'announcements-notice'), 'the notice');
      await expectAccessible(el);
      expect(notice.querySelector('h2')?.textContent?.trim()).to.equal('New from Demo Accounting');
      expect([...notice.querySelectorAll('h3')].map((h) => h.textContent?.trim())).to.deep.equal(['Office closed on Friday']);
      const home = $(el, '[part~="announcements"]')!;
      expect(home.querySelector('h2')?.textContent?.trim()).to.equal('News from Demo Accounting');
      expect([...home.querySelectorAll('h3')].map((h) => h.textContent?.trim())).to.deep.equal(['Office closed on Friday', 'New VAT rate']);
      // Above the tasks, inside the content.
      expect(home.parentElement?.getAttribute('part')).to.equal('content');
      [...notice.querySelectorAll('button')].find((b) => b.textContent?.includes('Don’t show again'))!.click();
      await waitFor(() => !dialog(el, 'announcements-notice'), 'the notice closed');
      expect(api.callsTo('POST /portal/announcements/ann_new/dismiss')).to.have.length(1);
      await waitFor(() => $(el, '[part~="announcements"] [role=status]')?.textContent?.includes('will not be shown at sign-in again'), 'announced');
      await waitFor(() => deepActiveElement() === $(el, '[data-heading]'), 'focus on the portal heading');
    });

    it('shows no notice when all are dismissed, and the Close button leaves them for the next sign-in', async () => {
      api.on('GET /portal/announcements', { body: { items: [announcement('ann_old', 'New VAT rate', true)], nextCursor: null } });
      const el = await renderPortal();
      await waitFor(() => $(el, '[part~="announcements"]'), 'the list');
      await new Promise((r) => setTimeout(r, 50));
      expect(dialog(el, 'announcements-notice')).to.equal(null);
    });

    it('closes the notice by keyboard without dismissing, and says a failed dismissal', async () => {
      api.on('GET /portal/announcements', { body: { items: [announcement('ann_new', 'Office closed on Friday')], nextCursor: null } });
      api.on('POST /portal/announcements/ann_new/dismiss', { status: 500, body: errorBody('internal') });
      const el = await renderPortal();
      const notice = await waitFor(() => dialog(el, 'announcements-notice')?.open && dialog(el, 'announcements-notice'), 'the notice');
      [...notice.querySelectorAll('button')].find((b) => b.textContent?.includes('Don’t show again'))!.click();
      await waitFor(() => notice.querySelector('[role=alert]'), 'the failure');
      expect(notice.querySelector('[role=alert]')!.textContent).to.contain('Something went wrong');
      await sendKeys({ press: 'Escape' });
      await waitFor(() => !dialog(el, 'announcements-notice'), 'closed');
    });

    it('shows nothing while the firm has them off (an empty list) or they cannot be read', async () => {
      const el = await renderPortal();
      await waitFor(() => api.callsTo('GET /portal/announcements').length, 'asked');
      const list = el.querySelector('client-task-list')!;
      await waitFor(() => textOf(list).includes('Confirm your address'), 'the tasks');
      expect($(el, '[part~="announcements"]')).to.equal(null);
      api.on('GET /portal/announcements', { status: 500, body: errorBody('internal') });
      cleanupFixtures();
      const again = await renderPortal();
      await waitFor(() => api.callsTo('GET /portal/announcements').length === 2, 'asked again');
      expect($(again, '[part~="announcements"]')).to.equal(null);
      expect($(again, '[role=alert]')).to.equal(null);
    });

    it('in Estonian', async () => {
      api.on('GET /portal/announcements', { body: { items: [announcement('ann_new', 'Kontor on reedel suletud')], nextCursor: null } });
      const el = await renderPortal('et');
      const notice = await waitFor(() => dialog(el, 'announcements-notice')?.open && dialog(el, 'announcements-notice'), 'the notice');
      expect(notice.textContent).to.contain('Ära näita enam');
      expect(textOf(el)).to.contain('Teated: Demo Accounting');
    });
  });

  describe('an email change confirmed (#email-confirm=)', () => {
    it('confirms the link, says the new address, and shows it in the header', async () => {
      api.on('POST /auth/email/confirm', { body: profile({ email: 'kati@new.test' }) });
      setFragment('#email-confirm=ect_1');
      const el = await renderPortal();
      await waitFor(() => textOf(el).includes('Your email is now kati@new.test.'), 'the confirmation');
      await expectAccessible(el);
      expect(api.callsTo('POST /auth/email/confirm')[0]!.body).to.deep.equal({ token: 'ect_1' });
      expect(location.hash).to.equal('');
      await waitFor(() => $(el, '.who')?.textContent?.includes('kati@new.test'), 'the header');
    });

    it('says an expired or used link in words, signed out too', async () => {
      api.on('POST /auth/email/confirm', { status: 401, body: errorBody('invalid_token') });
      setFragment('#email-confirm=ect_old');
      const el = await renderPortal('en', null);
      const alert = await waitFor(() => [...el.shadowRoot!.querySelectorAll('[role=alert]')].find((a) => a.textContent?.includes('expired')), 'the alert');
      expect(alert.textContent?.trim()).to.equal('This link has expired or was used; request a new one from your profile.');
    });

    it('in Estonian', async () => {
      api.on('POST /auth/email/confirm', { status: 400, body: errorBody('invalid_token') });
      setFragment('#email-confirm=ect_old');
      const el = await renderPortal('et');
      await waitFor(() => textOf(el).includes('See link on aegunud või juba kasutatud'), 'the alert');
    });
  });
});
