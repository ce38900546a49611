import { setViewport } from '@web/test-runner-commands';
import { html } from 'lit';
import './define.ts';
import { staffTokenStore } from '../internal/session-store.ts';
import type { PorticoConsole } from './portico-console.ts';
import { $, afterEach, beforeEach, button, cleanupFixtures, describe, expectAccessible, fixture, it, setLoginFragment, waitFor, type FakeApi, type RecordedCall } from '../internal/testing/helpers.ts';
import { assert, assertEqual, firmApi, firmTask, setChecked, signedInConsole } from '../internal/testing/firm-fakes.ts';
import type { MemberNotification } from './notifications-view.ts';

const notification = (over: Partial<MemberNotification> = {}): MemberNotification => ({
  id: 'ntf_1',
  kind: 'message.client_added',
  clientId: 'cli_north',
  taskId: 'tsk_1',
  requestId: null,
  actorName: 'Kati Klient',
  summary: 'Send March receipts',
  createdAt: 1_700_000_200_000,
  read: false,
  ...over,
});
const older = notification({ id: 'ntf_0', kind: 'request.created', taskId: null, requestId: 'req_1', summary: 'Last year’s report', createdAt: 1_700_000_100_000, read: true });

/** The navigation tab of the notifications, by its visible label. */
const tab = (el: PorticoConsole) => [...el.shadowRoot!.querySelectorAll<HTMLButtonElement>('.sections button')].find((b) => b.textContent!.includes('Notifications'));
const rowOf = (el: PorticoConsole, id: string) => $(el, `[data-notification="${id}"]`);

function notificationsApi(prefs = { requestCreated: true, clientMessage: true, clientCompleted: true, uploadsDone: true }) {
  let unread = 1;
  return firmApi({
    'GET /firm/notifications': () => ({ body: { items: [notification(), older], nextCursor: null, unreadCount: unread } }),
    'POST /firm/notifications/read': () => ((unread = 0), { body: { unreadCount: 0 } }),
    'GET /firm/profile/email-prefs': { body: prefs },
    'PATCH /firm/profile/email-prefs': (call: RecordedCall) => ({ body: { ...prefs, ...(call.body as object) } }),
    'GET /firm/tasks/tsk_1': { body: firmTask() },
    'GET /firm/tasks/tsk_1/history': { body: { items: [], nextCursor: null } },
  });
}

describe('<portico-console> notifications', () => {
  let api: FakeApi;
  beforeEach(() => {
    sessionStorage.clear();
    setLoginFragment(null);
  });
  afterEach(async () => {
    cleanupFixtures();
    api?.restore();
    sessionStorage.clear();
    await setViewport({ width: 1280, height: 800 });
  });

  it('shows the unread count in the navigation, lists newest first with unread bold, and opening one marks it read', async () => {
    api = notificationsApi();
    const el = await signedInConsole();
    await waitFor(() => tab(el)?.querySelector('.badge'), 'the unread count');
    assertEqual(tab(el)!.textContent!.replace(/\s+/g, ' ').trim(), 'Notifications 1(1 unread)', 'the count, read out with its meaning');
    tab(el)!.click();
    await waitFor(() => rowOf(el, 'ntf_1'), 'the notifications');
    await expectAccessible(el);
    const titles = [...el.shadowRoot!.querySelectorAll('[data-notification] .item-title')].map((b) => b.textContent!.trim());
    assertEqual(titles, ['Send March receipts (unread)', 'Last year’s report'], 'newest first; the unread one says so');
    assertEqual(getComputedStyle(rowOf(el, 'ntf_1')!.querySelector('.item-title')!).fontWeight, '700', 'unread is bold');
    assertEqual(getComputedStyle(rowOf(el, 'ntf_0')!.querySelector('.item-title')!).fontWeight, '400', 'read is not bold');
    assert(rowOf(el, 'ntf_1')!.textContent!.includes('Kati Klient wrote a message'), 'says what happened');
    button(el, 'Send March receipts (unread)')!.click();
    await waitFor(() => api.callsTo('POST /firm/notifications/read').length === 1, 'marked read');
    assertEqual(api.callsTo('POST /firm/notifications/read')[0]!.body, { ids: ['ntf_1'] }, 'only the one opened');
    await waitFor(() => api.callsTo('GET /firm/tasks/tsk_1').length > 0, 'the task opened');
    await waitFor(() => !tab(el)!.querySelector('.badge'), 'no count left');
  });

  it('marks all read, and switches which notifications also come by email', async () => {
    api = notificationsApi();
    const el = await signedInConsole();
    await waitFor(() => tab(el)?.querySelector('.badge'), 'the unread count');
    tab(el)!.click();
    (await waitFor(() => button(el, 'Mark all read'), 'Mark all read')).click();
    await waitFor(() => api.callsTo('POST /firm/notifications/read').length === 1, 'all marked read');
    assertEqual(api.callsTo('POST /firm/notifications/read')[0]!.body, { all: true }, 'all of them');
    await waitFor(() => !rowOf(el, 'ntf_1')!.classList.contains('unread'), 'no longer bold');
    const box = await waitFor(() => $<HTMLInputElement>(el, 'input[name="clientMessage"]:not([disabled])'), 'the email settings');
    assert(el.shadowRoot!.querySelector('fieldset legend')!.textContent!.includes('Email me too when'), 'a labelled group');
    setChecked(box, false);
    await waitFor(() => api.callsTo('PATCH /firm/profile/email-prefs').length === 1, 'saved');
    assertEqual(api.callsTo('PATCH /firm/profile/email-prefs')[0]!.body, { clientMessage: false }, 'only the box changed');
    await waitFor(() => el.shadowRoot!.querySelector('[role="status"]')!.textContent!.includes('Email settings saved.'), 'announced');
  });

  it('opens the Notifications view from #notifications in the address (the staff emails\' link) and takes it out of the address', async () => {
    api = notificationsApi();
    history.replaceState(null, '', `${location.pathname}${location.search}#notifications`);
    staffTokenStore.save('', 'demo', 'ses_staff');
    const el = await fixture<PorticoConsole>(html`<portico-console api="" firm="demo" lang="en"></portico-console>`);
    await waitFor(() => rowOf(el, 'ntf_1'), 'the notifications, without a click');
    await expectAccessible(el);
    assertEqual(tab(el)!.getAttribute('aria-current'), 'page', 'the section is current');
    assertEqual($(el, 'h2[data-heading]')!.textContent!.trim(), 'Notifications', 'its heading');
    assertEqual(location.hash, '', 'taken out of the address');
    history.replaceState(null, '', `${location.pathname}${location.search}#notifications`);
    window.dispatchEvent(new HashChangeEvent('hashchange'));
    assertEqual(location.hash, '', 'read again while signed in');
  });

  it('fits 390 px without sideways scrolling', async () => {
    await setViewport({ width: 390, height: 800 });
    api = notificationsApi();
    const el = await signedInConsole();
    tab(el)!.click();
    await waitFor(() => rowOf(el, 'ntf_1') && $(el, 'input[name="uploadsDone"]:not([disabled])'), 'the screen');
    const base = $(el, '[part="base"]')!;
    const right = base.getBoundingClientRect().right + 0.5;
    const wide = [...base.querySelectorAll<HTMLElement>('*')].filter((n) => n.getBoundingClientRect().right > right);
    assertEqual(wide.map((n) => n.tagName), [], 'nothing wider than the screen');
  });
});
