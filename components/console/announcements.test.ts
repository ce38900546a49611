import { setViewport } from '@web/test-runner-commands';
import './define.ts';
import type { PorticoConsole } from './portico-console.ts';
import { $, afterEach, beforeEach, button, cleanupFixtures, describe, expectAccessible, it, setLoginFragment, textOf, waitFor, type FakeApi, type RecordedCall } from '../internal/testing/helpers.ts';
import { assert, assertEqual, firmApi, firmSettings, openSection, setValue, signedInConsole, staffSession } from '../internal/testing/firm-fakes.ts';
import type { Announcement } from './announcements-view.ts';

const announcement = (over: Partial<Announcement> = {}): Announcement => ({
  id: 'ann_1',
  title: 'Office closed on 24 December',
  body: 'We are back on 27 December.',
  publishedAt: 1_700_000_100_000,
  endsAt: null,
  createdAt: 1_700_000_100_000,
  updatedAt: 1_700_000_100_000,
  ...over,
});
const draft = announcement({ id: 'ann_0', title: 'New price list', body: 'From January.', publishedAt: null, createdAt: 1_700_000_000_000 });
const older = announcement({ id: 'ann_old', title: 'Summer hours', createdAt: 1_600_000_000_000 });

/** The same route for every announcement the tests meet (the stand-in matches whole paths). */
const perAnnouncement = (method: string, route: (call: RecordedCall) => { status?: number; body?: unknown }) =>
  Object.fromEntries(['ann_0', 'ann_1', 'ann_old', 'ann_new1', 'ann_new2'].map((id) => [`${method} /firm/announcements/${id}`, route]));
/** Calls of `method` to one announcement, in order. */
const writes = (api: FakeApi, method: string) => api.calls.filter((c) => c.method === method && c.path.startsWith('/firm/announcements/'));

/** A stand-in of the announcements API: pages of two, `q` searching titles, writes kept. */
function announcementsApi(role: 'owner' | 'admin' | 'member' = 'owner', announcementsEnabled = true) {
  let items = [announcement(), draft, older];
  let made = 0;
  return firmApi({
    'GET /auth/session': { body: { ...staffSession, role, token: undefined } },
    'GET /firm/settings': { body: { ...firmSettings, announcementsEnabled } },
    'GET /firm/announcements': (call: RecordedCall) => {
      const q = call.query.get('q')?.toLowerCase() ?? '';
      const found = items.filter((a) => a.title.toLowerCase().includes(q));
      const start = call.query.get('cursor') ? 2 : 0;
      return { body: { items: found.slice(start, start + 2), nextCursor: start === 0 && found.length > 2 ? 'next' : null } };
    },
    'POST /firm/announcements': (call: RecordedCall) => {
      const body = call.body as { title: string; body: string; published: boolean; endsAt: number | null };
      const created = announcement({ id: `ann_new${++made}`, title: body.title, body: body.body, endsAt: body.endsAt, publishedAt: body.published ? 1_700_000_900_000 : null, createdAt: 1_700_000_900_000 });
      items = [created, ...items];
      return { status: 201, body: created };
    },
    ...perAnnouncement('PATCH', (call: RecordedCall) => {
      const id = call.path.split('/').pop()!;
      const patch = call.body as Partial<Announcement> & { published?: boolean };
      items = items.map((a) => {
        if (a.id !== id) return a;
        const { published, ...fields } = patch;
        return { ...a, ...fields, ...(published === undefined ? {} : { publishedAt: published ? a.publishedAt ?? 1_700_000_950_000 : null }) };
      });
      return { body: items.find((a) => a.id === id) };
    }),
    ...perAnnouncement('DELETE', (call: RecordedCall) => {
      items = items.filter((a) => a.id !== call.path.split('/').pop());
      return { status: 204 };
    }),
  });
}

const status = (el: PorticoConsole) => $(el, '[role="status"]')?.textContent?.trim() ?? '';
const row = (el: PorticoConsole, id: string) => $(el, `[data-announcement="${id}"]`);
const titles = (el: PorticoConsole) => [...el.shadowRoot!.querySelectorAll('[data-announcement] .item-title')].map((n) => n.textContent!.trim());
const rowButton = (el: PorticoConsole, id: string, label: string) =>
  [...(row(el, id)?.querySelectorAll('button') ?? [])].find((b) => b.textContent!.trim().startsWith(label)) ?? null;

describe('<portico-console> announcements', () => {
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

  it('lists the announcements newest first with draft or published, pages on and searches titles', async () => {
    api = announcementsApi('owner', false);
    const el = await signedInConsole();
    await openSection(el, 'Announcements');
    await waitFor(() => row(el, 'ann_1'), 'the list');
    await expectAccessible(el);
    assertEqual(titles(el), ['Office closed on 24 December', 'New price list'], 'the first page, newest first');
    assert(row(el, 'ann_0')!.textContent!.includes('Draft'), 'a draft says so');
    assert(row(el, 'ann_1')!.textContent!.includes('Published'), 'a published one says so');
    assert(textOf(el).includes('Announcements are off for the portal'), 'says the portal does not show them');
    button(el, 'Show more')!.click();
    await waitFor(() => row(el, 'ann_old'), 'the next page');
    assertEqual(api.callsTo('GET /firm/announcements')[1]!.query.get('cursor'), 'next', 'with the cursor');
    setValue($<HTMLInputElement>(el, '#announcements-q'), 'price');
    button(el, 'Search')!.click();
    await waitFor(() => titles(el).length === 1, 'the search');
    assertEqual(titles(el), ['New price list'], 'only what matches');
    assertEqual(api.callsTo('GET /firm/announcements').at(-1)!.query.get('q'), 'price', 'q sent');
    await waitFor(() => status(el) === '1 announcement shown.', 'announced');
  });

  it('writes one (refusing an empty title), publishes it now or saves a draft with an end date', async () => {
    api = announcementsApi('admin');
    const el = await signedInConsole();
    await openSection(el, 'Announcements');
    await waitFor(() => row(el, 'ann_1'), 'the list');
    button(el, 'Write an announcement')!.click();
    await waitFor(() => el.shadowRoot!.activeElement?.id === 'announcement-title', 'focus in the form');
    await expectAccessible(el);
    setValue($<HTMLTextAreaElement>(el, '#announcement-body'), 'Bring your receipts by Friday.');
    button(el, 'Publish now')!.click();
    await waitFor(() => $(el, '#announcement-title-error'), 'the empty title refused');
    assertEqual($(el, '#announcement-title')!.getAttribute('aria-invalid'), 'true', 'marked');
    assertEqual(api.callsTo('POST /firm/announcements').length, 0, 'nothing sent');

    setValue($<HTMLInputElement>(el, '#announcement-title'), 'Receipts by Friday');
    button(el, 'Publish now')!.click();
    await waitFor(() => row(el, 'ann_new1'), 'the new one listed');
    assertEqual(api.callsTo('POST /firm/announcements')[0]!.body, { title: 'Receipts by Friday', body: 'Bring your receipts by Friday.', endsAt: null, published: true }, 'published now');
    assertEqual(status(el), '“Receipts by Friday” is published.', 'announced');
    assert(!$(el, '.announcement-form'), 'the form closed');

    button(el, 'Write an announcement')!.click();
    await waitFor(() => $(el, '#announcement-title'), 'the form');
    setValue($<HTMLInputElement>(el, '#announcement-title'), 'Holiday hours');
    setValue($<HTMLTextAreaElement>(el, '#announcement-body'), 'Shorter days in December.');
    setValue($<HTMLInputElement>(el, '#announcement-ends'), '2030-12-31');
    button(el, 'Save as draft')!.click();
    await waitFor(() => row(el, 'ann_new2'), 'the draft listed');
    const sent = api.callsTo('POST /firm/announcements')[1]!.body as { published: boolean; endsAt: number };
    assertEqual(sent.published, false, 'a draft');
    assertEqual(sent.endsAt, new Date(2031, 0, 1).getTime(), 'shown until the end of that day');
    assert(row(el, 'ann_new2')!.textContent!.includes('Draft'), 'listed as a draft');
  });

  it('edits, publishes and unpublishes, and deletes only after a confirmation', async () => {
    api = announcementsApi('owner');
    const el = await signedInConsole();
    await openSection(el, 'Announcements');
    await waitFor(() => row(el, 'ann_0'), 'the list');

    rowButton(el, 'ann_0', 'Publish')!.click();
    await waitFor(() => writes(api, 'PATCH').length === 1, 'published');
    assertEqual(writes(api, 'PATCH')[0]!.body, { published: true }, 'publish');
    await waitFor(() => rowButton(el, 'ann_0', 'Unpublish'), 'now it can be unpublished');
    assertEqual(status(el), '“New price list” is published.', 'announced');
    rowButton(el, 'ann_0', 'Unpublish')!.click();
    await waitFor(() => writes(api, 'PATCH').length === 2, 'unpublished');
    assertEqual(writes(api, 'PATCH')[1]!.body, { published: false }, 'unpublish');
    await waitFor(() => row(el, 'ann_0')!.textContent!.includes('Draft'), 'a draft again');

    rowButton(el, 'ann_1', 'Edit')!.click();
    await waitFor(() => $<HTMLInputElement>(el, '#announcement-title')?.value === 'Office closed on 24 December', 'the form with its text');
    setValue($<HTMLInputElement>(el, '#announcement-title'), 'Office closed on 24 and 25 December');
    button(el, 'Save')!.click();
    await waitFor(() => titles(el).includes('Office closed on 24 and 25 December'), 'saved and listed');
    assertEqual(writes(api, 'PATCH')[2]!.body, { title: 'Office closed on 24 and 25 December', body: 'We are back on 27 December.', endsAt: null }, 'the fields, publication untouched');

    rowButton(el, 'ann_1', 'Delete')!.click();
    await waitFor(() => el.shadowRoot!.activeElement?.id === 'announcement-delete-confirm', 'the confirmation, focused');
    assert(textOf(el).includes('cannot be brought back'), 'says what it does');
    await expectAccessible(el);
    button(el, 'Cancel')!.click();
    await waitFor(() => rowButton(el, 'ann_1', 'Delete'), 'cancelled');
    assertEqual(writes(api, 'DELETE').length, 0, 'nothing deleted');
    rowButton(el, 'ann_1', 'Delete')!.click();
    (await waitFor(() => button(el, 'Yes, delete'), 'the confirmation')).click();
    await waitFor(() => !row(el, 'ann_1'), 'gone from the list');
    assertEqual(writes(api, 'DELETE').length, 1, 'deleted once');
    assertEqual(status(el), '“Office closed on 24 and 25 December” is deleted.', 'announced');
  });

  it('shows a member the list read-only', async () => {
    api = announcementsApi('member');
    const el = await signedInConsole();
    await openSection(el, 'Announcements');
    await waitFor(() => row(el, 'ann_1'), 'the list');
    await expectAccessible(el);
    assert(textOf(el).includes('Only the owner or an admin writes announcements.'), 'says who does');
    assert(!button(el, 'Write an announcement'), 'no writing');
    assertEqual([...row(el, 'ann_1')!.querySelectorAll('button')].length, 0, 'no edit, publish or delete');
  });

  it('speaks Estonian', async () => {
    api = announcementsApi('owner');
    const el = await signedInConsole('et');
    await openSection(el, 'Teadaanded');
    await waitFor(() => row(el, 'ann_0'), 'the list');
    await expectAccessible(el);
    assert(button(el, 'Kirjuta teadaanne'), 'write');
    assert(row(el, 'ann_0')!.textContent!.includes('Mustand'), 'a draft');
    assert(rowButton(el, 'ann_1', 'Võta avaldamiselt maha'), 'unpublish');
  });

  it('fits 390 px without sideways scrolling, the form open', async () => {
    await setViewport({ width: 390, height: 800 });
    api = announcementsApi('owner');
    const el = await signedInConsole();
    await openSection(el, 'Announcements');
    await waitFor(() => row(el, 'ann_1'), 'the list');
    button(el, 'Write an announcement')!.click();
    await waitFor(() => $(el, '#announcement-ends'), 'the form');
    const base = $(el, '[part="base"]')!;
    const right = base.getBoundingClientRect().right + 0.5;
    const wide = [...base.querySelectorAll<HTMLElement>('*')].filter((n) => n.getBoundingClientRect().right > right);
    assertEqual(wide.map((n) => `${n.tagName}#${n.id}.${n.className}`), [], 'nothing wider than the screen');
  });
});
