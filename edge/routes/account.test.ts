import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, PUBLIC_URL, type TestApp } from '../../test/fixtures/test-app.ts';
import { jpeg, pdf, png, webp } from '../../test/fixtures/file-samples.ts';

let t: TestApp;
let owner: string;
beforeEach(async () => {
  t = await createTestApp();
  owner = (await t.signIn('demo', 'owner@demo.test', 'staff')).token;
});
afterEach(() => t.cleanup());

const contactId = async (email = 'client@demo.test') => String((await t.db.$client.execute({ sql: 'select id from contacts where email = ?', args: [email] })).rows[0]!.id);
const history = async (id: string) => (await t.db.$client.execute({ sql: 'select action, actor_type, data from activity where subject_id = ? order by rowid', args: [id] })).rows;

describe('PATCH /portal/profile: name, phone and the company to open on', () => {
  it('changes name and phone, answers them, and records what the contact changed', async () => {
    const client = await t.signIn('demo', 'client@demo.test');
    const res = await t.request('PATCH', '/api/v1/portal/profile', { token: client.token, body: { name: '  Kadri Kask-Tamm ', phone: '+372 (5) 123-4567' } });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ name: 'Kadri Kask-Tamm', phone: '+372 (5) 123-4567', lastClientId: null });
    expect((await t.request('GET', '/api/v1/portal/profile', { token: client.token })).json.phone).toBe('+372 (5) 123-4567');
    const rows = await history(client.user.id);
    expect(rows.map((r) => [r.action, r.actor_type, JSON.parse(String(r.data))])).toContainEqual(['contact.profile_changed', 'contact', { fields: ['name', 'phone'] }]);
    // null clears the phone; the same value again records nothing new.
    expect((await t.request('PATCH', '/api/v1/portal/profile', { token: client.token, body: { phone: null } })).json.phone).toBeNull();
    const before = await t.count('activity');
    await t.request('PATCH', '/api/v1/portal/profile', { token: client.token, body: { name: 'Kadri Kask-Tamm' } });
    expect(await t.count('activity')).toBe(before);
  });

  it('remembers the company to open on, in the profile and the session answer', async () => {
    const client = await t.signIn('demo', 'client@demo.test');
    const second = client.clients[1]!.id;
    const res = await t.request('PATCH', '/api/v1/portal/profile', { token: client.token, body: { lastClientId: second } });
    expect(res.json.lastClientId).toBe(second);
    const session = await t.request('GET', '/api/v1/auth/session', { token: client.token });
    expect(session.json).toMatchObject({ lastClientId: second, preview: null });
    const again = await t.signIn('demo', 'client@demo.test');
    expect((again as unknown as { lastClientId: string }).lastClientId).toBe(second);
    // Staff answers carry neither.
    expect((await t.request('GET', '/api/v1/auth/session', { token: owner })).json).not.toHaveProperty('lastClientId');
  });

  it.each([
    ['an empty name', { name: '   ' }],
    ['a name over 200 characters', { name: 'x'.repeat(201) }],
    ['a phone with letters', { phone: '555-CALL-ME' }],
    ['a phone with no digit', { phone: '+ ( ) -' }],
    ['a phone of 51 characters', { phone: '1'.repeat(51) }],
    ['a company of another firm', { lastClientId: 'cli_nosuchcompany' }],
  ])('refuses %s with 400 validation_failed, writing nothing', async (_what, body) => {
    const client = await t.signIn('demo', 'client@demo.test');
    const activity = await t.count('activity');
    const res = await t.request('PATCH', '/api/v1/portal/profile', { token: client.token, body });
    expect([res.status, res.json.error.code]).toEqual([400, 'validation_failed']);
    const row = (await t.db.$client.execute({ sql: 'select name, phone, last_client_id from contacts where id = ?', args: [client.user.id] })).rows[0]!;
    expect([row.name, row.phone, row.last_client_id]).toEqual(['Kadri Kask', null, null]);
    expect(await t.count('activity')).toBe(activity);
  });

  it("refuses another firm's company as the one to open on", async () => {
    const acme = await t.signIn('acme', 'client@acme.test');
    const client = await t.signIn('demo', 'client@demo.test');
    const res = await t.request('PATCH', '/api/v1/portal/profile', { token: client.token, body: { lastClientId: acme.clients[0]!.id } });
    expect([res.status, res.json.error.code]).toEqual([400, 'validation_failed']);
  });
});

describe("the contact's own history", () => {
  it('notes each sign-in and each PIN set or removed', async () => {
    const client = await t.signIn('demo', 'client@demo.test');
    await t.request('PUT', '/api/v1/portal/profile/pin', { token: client.token, body: { pin: '1234' } });
    await t.request('DELETE', '/api/v1/portal/profile/pin', { token: client.token, body: { currentPin: '1234' } });
    const rows = (await history(client.user.id)).map((r) => [r.action, r.actor_type, r.data === null ? null : JSON.parse(String(r.data))]);
    expect(rows).toEqual([
      ['contact.signed_in', 'contact', null],
      ['contact.pin_set', 'contact', null],
      ['contact.pin_set', 'contact', { removed: true }],
    ]);
  });
});

describe('POST /firm/contacts/:id/preview', () => {
  async function preview(token = owner, email = 'client@demo.test') {
    return t.request('POST', `/api/v1/firm/contacts/${await contactId(email)}/preview`, { token });
  }

  it('opens a read-only portal session as the contact for 15 minutes, for the owner or an admin', async () => {
    const before = t.clock.now();
    const res = await preview(owner);
    expect(res.status).toBe(201);
    expect(res.json.expiresAt - before).toBeGreaterThanOrEqual(15 * 60_000);
    expect(res.json.expiresAt - t.clock.now()).toBeLessThanOrEqual(15 * 60_000);
    // The firm's portal page (the seed's demo firm has its own).
    expect(res.json.url).toBe(`${PUBLIC_URL}/portal#preview=${res.json.token}`);
    const session = await t.request('GET', '/api/v1/auth/session', { token: res.json.token });
    expect(session.json).toMatchObject({ audience: 'client', user: { email: 'client@demo.test' }, preview: { contactName: 'Kadri Kask' } });
    expect(session.json.preview.by).toBeTruthy();
    expect(session.json.clients).toHaveLength(2);
    expect((await t.request('GET', '/api/v1/portal/tasks', { token: res.json.token })).status).toBe(200);
    const rows = await history(await contactId());
    expect(rows.at(-1)).toMatchObject({ action: 'contact.previewed', actor_type: 'member' });
    // No sign-in is recorded for the contact.
    expect((await t.db.$client.execute("select last_sign_in_at from contacts where email = 'client@demo.test'")).rows[0]!.last_sign_in_at).toBeNull();
    t.clock.advance(15 * 60_000 + 1);
    expect((await t.request('GET', '/api/v1/portal/tasks', { token: res.json.token })).status).toBe(401);
  });

  it('refuses every change with 403 preview_read_only, writing nothing; signing out works', async () => {
    const { token } = (await preview()).json;
    const tasks = (await t.request('GET', '/api/v1/portal/tasks', { token })).json.items;
    const task = tasks[0];
    const before = [await t.count('activity'), await t.count('messages'), await t.count('requests'), await t.count('task_reads')];
    for (const [method, path, body] of [
      ['PATCH', '/api/v1/portal/profile', { name: 'Someone else' }],
      ['POST', `/api/v1/portal/tasks/${task.id}/complete`, undefined],
      ['POST', `/api/v1/portal/tasks/${task.id}/messages`, { body: 'hello' }],
      ['POST', '/api/v1/portal/requests', { subject: 'Hi', body: 'there' }],
      ['PUT', '/api/v1/portal/profile/pin', { pin: '1234' }],
      ['POST', '/api/v1/portal/profile/email', { email: 'new@demo.test' }],
    ] as const) {
      const res = await t.request(method, path, { token, ...(body ? { body } : {}) });
      expect([path, res.status, res.json.error.code]).toEqual([path, 403, 'preview_read_only']);
    }
    const put = await t.app.request(`/api/v1/portal/tasks/${task.id}/files/a.pdf`, { method: 'PUT', headers: { authorization: `Bearer ${token}` }, body: pdf });
    expect(put.status).toBe(403);
    expect(await t.count('files')).toBe(0);
    // Reading a task or its messages marks nothing read for the contact.
    expect((await t.request('GET', `/api/v1/portal/tasks/${task.id}`, { token })).status).toBe(200);
    expect((await t.request('GET', `/api/v1/portal/tasks/${task.id}/messages`, { token })).status).toBe(200);
    expect([await t.count('activity'), await t.count('messages'), await t.count('requests'), await t.count('task_reads')]).toEqual(before);
    expect(await t.count('thread_reads')).toBe(0);
    expect((await t.request('DELETE', '/api/v1/auth/session', { token })).status).toBe(204);
    expect((await t.request('GET', '/api/v1/portal/tasks', { token })).status).toBe(401);
  });

  it('ends when the admin who opened it is removed or made a plain member', async () => {
    for (const change of ['remove', 'demote'] as const) {
      const email = `admin-${change}@demo.test`;
      const invited = await t.request('POST', '/api/v1/firm/members', { token: owner, body: { email, name: 'An Admin', role: 'admin' } });
      expect(invited.status).toBe(201);
      const admin = (await t.signIn('demo', email, 'staff')).token;
      const { token } = (await preview(admin)).json;
      expect((await t.request('GET', '/api/v1/portal/tasks', { token })).status).toBe(200);
      if (change === 'remove') await t.request('DELETE', `/api/v1/firm/members/${invited.json.id}`, { token: owner });
      else await t.request('PATCH', `/api/v1/firm/members/${invited.json.id}`, { token: owner, body: { role: 'member' } });
      expect([change, (await t.request('GET', '/api/v1/portal/tasks', { token })).status]).toEqual([change, 401]);
    }
  });

  it("answers 404 for another firm's contact, and refuses contacts and API keys, opening nothing", async () => {
    const sessions = await t.count('sessions');
    const res = await t.request('POST', `/api/v1/firm/contacts/${await contactId('client@acme.test')}/preview`, { token: owner });
    expect([res.status, res.json.error.code]).toEqual([404, 'not_found']);
    const client = await t.signIn('demo', 'client@demo.test');
    expect((await preview(client.token)).status).toBe(403);
    const key = (await t.request('POST', '/api/v1/firm/api-keys', { token: owner, body: { name: 'server' } })).json.secret;
    expect((await preview(key)).status).toBe(403);
    // A plain member may not see every request the contact sees.
    const member = (await t.signIn('demo', 'mari@demo.test', 'staff')).token;
    expect([(await preview(member)).status]).toEqual([403]);
    expect(await t.count('sessions')).toBe(sessions + 2);
    expect((await t.request('POST', '/api/v1/firm/contacts/not-an-id/preview', { token: owner })).status).toBe(400);
  });
});

describe('GET /firm/activity', () => {
  it("lists the firm's settings, team, key and announcement changes newest first, with actor names, a page at a time", async () => {
    await t.request('PATCH', '/api/v1/firm/settings', { token: owner, body: { name: 'Demo Books', branding: { primaryColor: '#123456' }, slug: 'demo-books' } });
    await t.request('POST', '/api/v1/firm/settings/embed-secret', { token: owner });
    const key = await t.request('POST', '/api/v1/firm/api-keys', { token: owner, body: { name: 'server' } });
    await t.request('DELETE', `/api/v1/firm/api-keys/${key.json.id}`, { token: owner });
    await t.request('POST', '/api/v1/firm/announcements', { token: owner, body: { title: 'Closed on Friday', body: 'Holiday', published: true } });
    const res = await t.request('GET', '/api/v1/firm/activity?limit=100', { token: owner });
    expect(res.status).toBe(200);
    const actions = res.json.items.map((e: { action: string }) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['firm.settings_changed', 'firm.branding_changed', 'firm.slug_changed', 'firm.embed_secret_made', 'firm.api_key_created', 'firm.api_key_revoked', 'firm.announcement_published']));
    expect(actions[0]).toBe('firm.announcement_published');
    expect(res.json.items[0].actor).toMatchObject({ type: 'member', name: 'Olivia Owner' });
    expect(res.json.items.find((e: { action: string }) => e.action === 'firm.slug_changed').data).toEqual({ from: 'demo', to: 'demo-books' });
    expect(res.json.items.find((e: { action: string }) => e.action === 'firm.settings_changed').data).toEqual({ fields: ['name'] });

    const first = await t.request('GET', '/api/v1/firm/activity?limit=2', { token: owner });
    expect(first.json.items).toHaveLength(2);
    const second = await t.request('GET', `/api/v1/firm/activity?limit=100&cursor=${first.json.nextCursor}`, { token: owner });
    expect([...first.json.items, ...second.json.items].map((e: { id: string }) => e.id)).toEqual(res.json.items.map((e: { id: string }) => e.id));
    const only = await t.request('GET', '/api/v1/firm/activity?action=firm.api_key_created', { token: owner });
    expect(only.json.items.map((e: { action: string }) => e.action)).toEqual(['firm.api_key_created']);
  });

  it('is for the owner and admins only, shows only the firm\'s own entries, and refuses bad queries', async () => {
    await t.request('POST', '/api/v1/firm/settings/embed-secret', { token: owner });
    const member = (await t.signIn('demo', 'mari@demo.test', 'staff')).token;
    const refused = await t.request('GET', '/api/v1/firm/activity', { token: member });
    expect([refused.status, refused.json.error.code]).toEqual([403, 'forbidden']);
    const acme = (await t.signIn('acme', 'owner@acme.test', 'staff')).token;
    expect((await t.request('GET', '/api/v1/firm/activity', { token: acme })).json.items).toEqual([]);
    expect((await t.request('GET', '/api/v1/firm/activity?cursor=nonsense', { token: owner })).status).toBe(400);
    expect((await t.request('GET', '/api/v1/firm/activity?action=DROP%20TABLE', { token: owner })).status).toBe(400);
    expect((await t.request('GET', '/api/v1/firm/activity?limit=0', { token: owner })).status).toBe(400);
  });

  it('records team changes', async () => {
    const invited = await t.request('POST', '/api/v1/firm/members', { token: owner, body: { email: 'new@demo.test', name: 'New Person', role: 'member' } });
    expect(invited.status).toBe(201);
    await t.request('PATCH', `/api/v1/firm/members/${invited.json.id}`, { token: owner, body: { role: 'admin' } });
    await t.request('DELETE', `/api/v1/firm/members/${invited.json.id}`, { token: owner });
    const actions = (await t.request('GET', '/api/v1/firm/activity', { token: owner })).json.items.map((e: { action: string }) => e.action);
    expect(actions).toEqual(['firm.member_removed', 'firm.member_role_changed', 'firm.member_invited']);
  });
});

describe('the firm logo and icon', () => {
  const put = (which: string, body: Uint8Array | string, token = owner) =>
    t.app.request(`/api/v1/firm/settings/${which}`, { method: 'PUT', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/octet-stream' }, body: body as BodyInit });

  it('stores an uploaded logo, serves it publicly with its type, and points the branding at it', async () => {
    const res = await put('logo', png);
    expect(res.status).toBe(200);
    const branding = await res.json();
    expect(branding.logoUrl).toMatch(new RegExp(`^${PUBLIC_URL}/api/v1/public/firms/demo/logo\\?v=[a-z0-9]+$`));
    const pub = (await t.request('GET', '/api/v1/public/firms/demo')).json;
    expect(pub.branding.logoUrl).toBe(branding.logoUrl);
    expect((await t.request('GET', '/api/v1/firm/settings', { token: owner })).json.branding.logoUrl).toBe(branding.logoUrl);
    const served = await t.app.request(new URL(branding.logoUrl).pathname);
    expect(served.status).toBe(200);
    expect(served.headers.get('content-type')).toBe('image/png');
    expect(served.headers.get('x-content-type-options')).toBe('nosniff');
    expect(served.headers.get('cache-control')).toMatch(/public/);
    expect(new Uint8Array(await served.arrayBuffer())).toEqual(png);
    expect((await t.request('GET', '/api/v1/firm/activity?action=firm.logo_changed', { token: owner })).json.items).toHaveLength(1);
  });

  it('replaces the old image (removed from the store) and removes it on DELETE', async () => {
    const first = await (await put('icon', png)).json();
    const oldKey = String((await t.db.$client.execute("select icon_key from firms where slug = 'demo'")).rows[0]!.icon_key);
    const second = await (await put('icon', webp)).json();
    expect(second.iconUrl).not.toBe(first.iconUrl);
    await expect(t.deps.blobs.get(oldKey)).rejects.toThrow();
    const served = await t.app.request(new URL(second.iconUrl).pathname);
    expect(served.headers.get('content-type')).toBe('image/webp');
    const newKey = String((await t.db.$client.execute("select icon_key from firms where slug = 'demo'")).rows[0]!.icon_key);
    const removed = await t.app.request('/api/v1/firm/settings/icon', { method: 'DELETE', headers: { authorization: `Bearer ${owner}` } });
    expect(removed.status).toBe(200);
    expect(await removed.json()).not.toHaveProperty('iconUrl');
    await expect(t.deps.blobs.get(newKey)).rejects.toThrow();
    expect((await t.app.request('/api/v1/public/firms/demo/icon')).status).toBe(404);
    expect((await t.request('GET', '/api/v1/firm/activity?action=firm.icon_changed', { token: owner })).json.items.map((e: { data: unknown }) => e.data)).toEqual([{ removed: true }, { type: 'image/webp' }, { type: 'image/png' }]);
  });

  it("shows the uploaded logo in the firm's emails", async () => {
    const { logoUrl } = await (await put('logo', png)).json();
    await t.request('POST', '/api/v1/auth/link', { body: { firm: 'demo', email: 'client@demo.test' } });
    const mail = (await t.mailbox()).find((m) => m.to === 'client@demo.test')!;
    expect(mail.html).toContain(logoUrl.replace('&', '&amp;'));
  });

  it('takes JPEG too', async () => {
    expect((await put('logo', jpeg)).status).toBe(200);
  });

  it.each([
    ['an SVG', 'logo', '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>', 415, 'type_not_allowed'],
    ['a PDF', 'logo', pdf, 415, 'type_not_allowed'],
    ['an empty body', 'icon', new Uint8Array(), 400, 'empty_file'],
    ['a logo over 512 KB', 'logo', new Uint8Array([...png, ...new Uint8Array(512 * 1024)]), 413, 'file_too_large'],
    ['an icon over 128 KB', 'icon', new Uint8Array([...png, ...new Uint8Array(128 * 1024)]), 413, 'file_too_large'],
  ])('refuses %s, storing nothing', async (_what, which, body, status, code) => {
    const blobs = (await t.deps.blobs.list('branding/')).length;
    const res = await put(which, body);
    expect(res.status).toBe(status);
    expect((await res.json()).error.code).toBe(code);
    const row = (await t.db.$client.execute("select logo_key, icon_key from firms where slug = 'demo'")).rows[0]!;
    expect([row.logo_key, row.icon_key]).toEqual([null, null]);
    expect(await t.deps.blobs.list('branding/')).toHaveLength(blobs);
    expect(await t.count("activity where action like 'firm.%'")).toBe(0);
  });

  it('is for the owner and admins: a member is refused with 403, and another firm cannot touch it', async () => {
    const member = (await t.signIn('demo', 'mari@demo.test', 'staff')).token;
    const res = await put('logo', png, member);
    expect(res.status).toBe(403);
    expect((await res.json()).error.code).toBe('forbidden');
    const del = await t.app.request('/api/v1/firm/settings/logo', { method: 'DELETE', headers: { authorization: `Bearer ${member}` } });
    expect(del.status).toBe(403);
    await put('logo', png);
    const acme = (await t.signIn('acme', 'owner@acme.test', 'staff')).token;
    await t.app.request('/api/v1/firm/settings/logo', { method: 'DELETE', headers: { authorization: `Bearer ${acme}` } });
    expect((await t.app.request('/api/v1/public/firms/demo/logo')).status).toBe(200);
    expect((await t.app.request('/api/v1/public/firms/acme/logo')).status).toBe(404);
    expect((await t.app.request('/api/v1/public/firms/no-such-firm/logo')).status).toBe(404);
  });
});
