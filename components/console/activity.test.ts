import { setViewport } from '@web/test-runner-commands';
import './define.ts';
import type { PorticoConsole } from './portico-console.ts';
import type { FirmActivityEntry } from '../internal/api-types.ts';
import { $, afterEach, beforeEach, cleanupFixtures, describe, expectAccessible, it, button, setLoginFragment, waitFor, type FakeApi, type RecordedCall } from '../internal/testing/helpers.ts';
import { assert, assertEqual, firmApi, openSection, setValue, signedInConsole, staffSession } from '../internal/testing/firm-fakes.ts';

const olivia = { type: 'member' as const, id: 'mem_owner', name: 'Olivia Owner' };
const entry = (id: string, action: string, data: FirmActivityEntry['data'] = null, actor: FirmActivityEntry['actor'] = olivia): FirmActivityEntry => ({ id, action, actor, data, at: 1_700_000_000_000 });

const entries: FirmActivityEntry[] = [
  entry('act_1', 'firm.settings_changed', { fields: ['description', 'welcomeVideoUrl'] }),
  entry('act_2', 'firm.slug_changed', { from: 'demo', to: 'demo-partners' }),
  entry('act_3', 'firm.member_invited', { name: 'Liis Lepp', role: 'admin' }),
  entry('act_4', 'firm.api_key_revoked', { name: 'Bookkeeping sync' }, { type: 'apikey', id: 'key_1', name: null }),
  entry('act_5', 'firm.logo_changed'),
  entry('act_6', 'firm.something_new', null, { type: 'system', id: null, name: null }),
  entry('act_7', 'firm.announcement_published', { title: 'Office closed' }),
];

/** The activity API: pages of 4 (newest first as given), `action` filtering exactly. */
function activityApi(role: 'owner' | 'admin' | 'member' = 'owner') {
  return firmApi({
    'GET /auth/session': { body: { ...staffSession, role, token: undefined } },
    'GET /firm/activity': (call: RecordedCall) => {
      const action = call.query.get('action');
      const found = action ? entries.filter((e) => e.action === action) : entries;
      const start = call.query.get('cursor') ? 4 : 0;
      return { body: { items: found.slice(start, start + 4), nextCursor: start === 0 && found.length > 4 ? 'next' : null } };
    },
  });
}

const sentence = (el: PorticoConsole, id: string) => $(el, `[data-activity="${id}"] .activity-sentence`)?.textContent?.trim() ?? '';

describe('<portico-console> activity', () => {
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

  it('tells who did what and when, newest first, a page at a time', async () => {
    api = activityApi('owner');
    const el = await signedInConsole();
    await openSection(el, 'Activity');
    await waitFor(() => sentence(el, 'act_1'), 'the first page');
    await expectAccessible(el);
    assertEqual(sentence(el, 'act_1'), 'Olivia Owner changed the settings: description, welcomeVideoUrl', 'settings');
    assertEqual(sentence(el, 'act_2'), 'Olivia Owner changed the portal’s address from demo to demo-partners', 'address');
    assertEqual(sentence(el, 'act_3'), 'Olivia Owner invited Liis Lepp (Admin)', 'invitation');
    assertEqual(sentence(el, 'act_4'), 'An API key revoked an API key (Bookkeeping sync)', 'by an API key');
    assert($(el, '[data-activity="act_1"] time')!.textContent!.includes('2023'), 'when');
    button(el, 'Show more')!.click();
    await waitFor(() => sentence(el, 'act_6'), 'the next page');
    assertEqual(api.callsTo('GET /firm/activity')[1]!.query.get('cursor'), 'next', 'with the cursor');
    assertEqual(sentence(el, 'act_5'), 'Olivia Owner changed the logo', 'logo');
    assertEqual(sentence(el, 'act_6'), 'Portico: something new', 'an unknown action, generically');
    assertEqual(sentence(el, 'act_7'), 'Olivia Owner published an announcement: Office closed', 'announcement');
  });

  it('reads the earlier short action names, names members by id and says a removed logo', async () => {
    api = activityApi('admin');
    api.on('GET /firm/activity', {
      body: {
        items: [
          entry('old_1', 'firm.settings', { changed: ['portalActive'] }),
          entry('old_2', 'firm.settings', { changed: ['slug'], slug: ['demo', 'demo-2'] }),
          entry('old_3', 'firm.embed_secret', { regenerated: true }),
          entry('old_4', 'firm.announcement', { id: 'ann_1', deleted: true }),
          entry('new_1', 'firm.member_role_changed', { memberId: 'mem_mari', fields: ['role'], role: 'admin' }),
          entry('new_2', 'firm.logo_changed', { removed: true }),
          entry('new_3', 'firm.member_removed', { memberId: 'mem_gone' }),
        ],
        nextCursor: null,
      },
    });
    const el = await signedInConsole();
    await openSection(el, 'Activity');
    await waitFor(() => sentence(el, 'old_1'), 'the list');
    assertEqual(sentence(el, 'old_1'), 'Olivia Owner changed the settings: portalActive', 'settings');
    assertEqual(sentence(el, 'old_2'), 'Olivia Owner changed the portal’s address from demo to demo-2', 'address');
    assertEqual(sentence(el, 'old_3'), 'Olivia Owner made a new embed secret', 'secret');
    assertEqual(sentence(el, 'old_4'), 'Olivia Owner deleted an announcement', 'deleted');
    await waitFor(() => sentence(el, 'new_1').includes('Mari'), 'the member named from the team');
    assertEqual(sentence(el, 'new_1'), 'Olivia Owner changed the role of Mari Tamm (Admin)', 'named by id');
    assertEqual(sentence(el, 'new_2'), 'Olivia Owner removed the logo', 'removed');
    assertEqual(sentence(el, 'new_3'), 'Olivia Owner removed a member from the team', 'someone no longer on the team');
  });

  it('filters by kind', async () => {
    api = activityApi('owner');
    const el = await signedInConsole();
    await openSection(el, 'Activity');
    await waitFor(() => sentence(el, 'act_1'), 'the list');
    setValue($<HTMLSelectElement>(el, '#activity-kind'), 'firm.member_invited');
    await waitFor(() => !sentence(el, 'act_1') && sentence(el, 'act_3'), 'only invitations');
    assertEqual(api.callsTo('GET /firm/activity').at(-1)!.query.get('action'), 'firm.member_invited', 'asked with the action');
    await waitFor(() => $(el, '[role="status"]')?.textContent?.trim() === '1 entry shown.', 'announced');
    setValue($<HTMLSelectElement>(el, '#activity-kind'), 'firm.icon_changed');
    await waitFor(() => el.shadowRoot!.textContent!.includes('Nothing here yet.'), 'none of that kind');
  });

  it('is not offered to a member', async () => {
    api = activityApi('member');
    const el = await signedInConsole();
    const tabs = [...el.shadowRoot!.querySelectorAll('.sections button')].map((b) => b.textContent!.trim());
    assert(tabs.includes('Team'), 'the team is');
    assert(!tabs.includes('Activity'), 'the activity is not');
  });

  it('speaks Estonian', async () => {
    api = activityApi('owner');
    const el = await signedInConsole('et');
    await openSection(el, 'Tegevused');
    await waitFor(() => sentence(el, 'act_1'), 'the list');
    await expectAccessible(el);
    assertEqual(sentence(el, 'act_5'), '', 'second page not yet');
    assertEqual(sentence(el, 'act_3'), 'Olivia Owner kutsus: Liis Lepp (Administraator)', 'invitation');
  });

  it('fits 390 px without sideways scrolling', async () => {
    await setViewport({ width: 390, height: 800 });
    api = activityApi('owner');
    const el = await signedInConsole();
    await openSection(el, 'Activity');
    await waitFor(() => sentence(el, 'act_1'), 'the list');
    const base = $(el, '[part="base"]')!;
    const right = base.getBoundingClientRect().right + 0.5;
    const wide = [...base.querySelectorAll<HTMLElement>('*')].filter((n) => n.getBoundingClientRect().right > right);
    assertEqual(wide.map((n) => `${n.tagName}#${n.id}.${n.className}`), [], 'nothing wider than the screen');
  });
});
