import { setViewport } from '@web/test-runner-commands';
import './define.ts';
import type { PorticoConsole } from './portico-console.ts';
import type { Member } from '../internal/api-types.ts';
import { $, afterEach, beforeEach, button, cleanupFixtures, deepActiveElement, describe, errorBody, expectAccessible, it, setLoginFragment, textOf, waitFor, type FakeApi, type RecordedCall } from '../internal/testing/helpers.ts';
import { assert, assertEqual, firmApi, firmMembers, openSection, setValue, signedInConsole, staffSession } from '../internal/testing/firm-fakes.ts';

/** The members API: the list, invitations (409 for an address on the team), role changes and removals kept. */
function teamApi(role: 'owner' | 'admin' | 'member' = 'owner') {
  let members: Member[] = firmMembers.map((m) => ({ ...m }));
  members[1]!.invitedAt = 1_700_000_000_000;
  members[2]!.lastSignInAt = 1_700_000_500_000;
  const perMember = (method: string, route: (call: RecordedCall) => { status?: number; body?: unknown }) =>
    Object.fromEntries(['mem_owner', 'mem_mari', 'mem_jaan', 'mem_new'].map((id) => [`${method} /firm/members/${id}`, route]));
  return firmApi({
    'GET /auth/session': { body: { ...staffSession, role, token: undefined } },
    'GET /firm/members': () => ({ body: { items: members, nextCursor: null } }),
    'POST /firm/members': (call: RecordedCall) => {
      const body = call.body as { name: string; email: string; role: Member['role'] };
      if (members.some((m) => m.email === body.email)) return { status: 409, body: { error: { code: 'member_exists', message: 'This address is on the team already', issues: [{ path: 'email', message: 'Already a member' }], requestId: 'r' } } };
      members = [...members, { id: 'mem_new', ...body, invitedAt: 1_700_000_900_000, lastSignInAt: null }];
      return { status: 201, body: { id: 'mem_new', ...body } };
    },
    ...perMember('PATCH', (call: RecordedCall) => {
      const id = call.path.split('/').pop();
      members = members.map((m) => (m.id === id ? { ...m, ...(call.body as Partial<Member>) } : m));
      return { status: 204 };
    }),
    ...perMember('DELETE', (call: RecordedCall) => {
      members = members.filter((m) => m.id !== call.path.split('/').pop());
      return { status: 204 };
    }),
  });
}

const row = (el: PorticoConsole, id: string) => $(el, `[data-member="${id}"]`);
const rowButton = (el: PorticoConsole, id: string, label: string) =>
  [...(row(el, id)?.querySelectorAll('button') ?? [])].find((b) => b.textContent!.trim().startsWith(label)) ?? null;
const status = (el: PorticoConsole) => $(el, '[role="status"]')?.textContent?.trim() ?? '';

describe('<portico-console> team', () => {
  let api: FakeApi;
  beforeEach(() => {
    sessionStorage.clear();
    localStorage.clear();
    setLoginFragment(null);
  });
  afterEach(async () => {
    cleanupFixtures();
    api?.restore();
    sessionStorage.clear();
    await setViewport({ width: 1280, height: 800 });
  });

  it('lists the team with roles and sign-in, and invites a member', async () => {
    api = teamApi('owner');
    const el = await signedInConsole();
    await openSection(el, 'Team');
    await waitFor(() => row(el, 'mem_mari'), 'the team');
    await expectAccessible(el);
    assertEqual(deepActiveElement()?.textContent?.trim(), 'Team', 'focus on the heading');
    assert(row(el, 'mem_owner')!.textContent!.includes('(you)'), 'the signed-in member is “you”');
    assert(row(el, 'mem_owner')!.textContent!.includes('Owner'), 'with the role');
    assert(row(el, 'mem_mari')!.textContent!.includes('not signed in yet'), 'an invitation waits');
    assert(row(el, 'mem_jaan')!.textContent!.includes('Last signed in'), 'when they last signed in');
    assertEqual(rowButton(el, 'mem_owner', 'Change role'), null, 'the owner’s role does not change');

    button(el, 'Send the invitation')!.click();
    await waitFor(() => $(el, '#invite-name-error'), 'the empty form refused');
    assertEqual(api.callsTo('POST /firm/members').length, 0, 'nothing sent');
    setValue($<HTMLInputElement>(el, '#invite-name'), 'Mari Again');
    setValue($<HTMLInputElement>(el, '#invite-email'), 'mari@demo.test');
    button(el, 'Send the invitation')!.click();
    await waitFor(() => $(el, '#invite-email-error')?.textContent === 'This address is on the team already.', 'the address on the team refused at the field');
    assertEqual(api.callsTo('POST /firm/members').length, 1, 'asked once');
    assertEqual(deepActiveElement()?.id, 'invite-email', 'focus on it');

    setValue($<HTMLInputElement>(el, '#invite-name'), 'Liis Lepp');
    setValue($<HTMLInputElement>(el, '#invite-email'), 'liis@demo.test');
    setValue($<HTMLSelectElement>(el, '#invite-role'), 'admin');
    button(el, 'Send the invitation')!.click();
    await waitFor(() => row(el, 'mem_new'), 'the new member listed');
    assertEqual(api.callsTo('POST /firm/members').at(-1)!.body, { name: 'Liis Lepp', email: 'liis@demo.test', role: 'admin' }, 'the invitation');
    assertEqual(status(el), 'Liis Lepp is invited: a sign-in link went to liis@demo.test.', 'announced');
  });

  it('changes a role and removes a member only after a confirmation', async () => {
    api = teamApi('admin');
    const el = await signedInConsole();
    await openSection(el, 'Team');
    await waitFor(() => row(el, 'mem_mari'), 'the team');
    setValue(row(el, 'mem_mari')!.querySelector('select'), 'admin');
    rowButton(el, 'mem_mari', 'Change role')!.click();
    await waitFor(() => api.callsTo('PATCH /firm/members/mem_mari').length, 'the change');
    assertEqual(api.callsTo('PATCH /firm/members/mem_mari')[0]!.body, { role: 'admin' }, 'the new role');
    await waitFor(() => status(el) === 'Mari Tamm is now: Admin.', 'announced');
    assert(row(el, 'mem_mari')!.querySelector('.badge')!.textContent!.includes('Admin'), 'shown');

    rowButton(el, 'mem_jaan', 'Remove')!.click();
    await waitFor(() => deepActiveElement()?.id === 'member-remove-confirm', 'the confirmation, focused');
    assert(textOf(el).includes('Remove Jaan Kask from the team?'), 'asks');
    await expectAccessible(el);
    button(el, 'Cancel')!.click();
    await waitFor(() => rowButton(el, 'mem_jaan', 'Remove'), 'cancelled');
    assertEqual(api.callsTo('DELETE /firm/members/mem_jaan').length, 0, 'nobody removed');
    rowButton(el, 'mem_jaan', 'Remove')!.click();
    (await waitFor(() => button(el, 'Yes, remove'), 'the confirmation')).click();
    await waitFor(() => !row(el, 'mem_jaan'), 'gone');
    assertEqual(status(el), 'Jaan Kask is removed from the team.', 'announced');
  });

  it('shows an error and a retry when the list cannot load', async () => {
    api = teamApi('owner');
    const el = await signedInConsole();
    api.on('GET /firm/members', { status: 500, body: errorBody('internal') });
    await openSection(el, 'Team');
    await waitFor(() => button(el, 'Try again'), 'a retry');
    assert($(el, '.screen [role="alert"]'), 'an alert');
  });

  it('shows a member the team read-only', async () => {
    api = teamApi('member');
    const el = await signedInConsole();
    await openSection(el, 'Team');
    await waitFor(() => row(el, 'mem_jaan'), 'the team');
    await expectAccessible(el);
    assert(textOf(el).includes('Only the owner or an admin invites'), 'says who does');
    assert(!$(el, '.invite-form'), 'no invitation');
    assertEqual([...el.shadowRoot!.querySelectorAll('[data-member] button')].length, 0, 'no changes');
  });

  it('speaks Estonian', async () => {
    api = teamApi('owner');
    const el = await signedInConsole('et');
    await openSection(el, 'Meeskond');
    await waitFor(() => row(el, 'mem_mari'), 'the team');
    await expectAccessible(el);
    assert(button(el, 'Saada kutse'), 'invite');
    assert(row(el, 'mem_jaan')!.textContent!.includes('Administraator'), 'a role');
  });

  it('fits 390 px without sideways scrolling', async () => {
    await setViewport({ width: 390, height: 800 });
    api = teamApi('owner');
    const el = await signedInConsole();
    await openSection(el, 'Team');
    await waitFor(() => row(el, 'mem_mari'), 'the team');
    const base = $(el, '[part="base"]')!;
    const right = base.getBoundingClientRect().right + 0.5;
    const wide = [...base.querySelectorAll<HTMLElement>('*')].filter((n) => n.getBoundingClientRect().right > right);
    assertEqual(wide.map((n) => `${n.tagName}#${n.id}.${n.className}`), [], 'nothing wider than the screen');
  });
});
