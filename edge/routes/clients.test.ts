import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/fixtures/test-app.ts';

/** The firm's clients: paged and searched, created, edited, their contacts linked and unlinked; the invitation's sample task. */
let t: TestApp;
let owner: string;
const one = async (sql: string, args: (string | number)[] = []) => String((await t.db.$client.execute({ sql, args })).rows[0]!.id);
const rows = async (sql: string, args: (string | number)[] = []) => (await t.db.$client.execute({ sql, args })).rows;
const get = (path: string, token = owner) => t.request('GET', `/api/v1/firm${path}`, { token });
const send = (method: string, path: string, body?: unknown, token = owner) => t.request(method, `/api/v1/firm${path}`, { token, body });
const names = (items: { name: string }[]) => items.map((i) => i.name);
/** Rows that a refused request must leave as they were. */
const counts = async () => Promise.all(['clients', 'contacts', 'client_contacts', 'activity', 'tasks', 'jobs'].map((table) => t.count(table)));

beforeEach(async () => {
  t = await createTestApp();
  owner = (await t.signIn('demo', 'owner@demo.test', 'staff')).token;
});
afterEach(() => t.cleanup());

describe('GET /firm/clients', () => {
  it('lists every client by name on one page by default, with its contacts, and nextCursor null', async () => {
    const res = await get('/clients');
    expect(res.status).toBe(200);
    expect(names(res.json.items)).toEqual(['Baltic Timber AS', 'Harbor Lights Studio', 'Northwind Bakery OÜ']);
    expect(res.json.nextCursor).toBeNull();
    expect(res.json.items[2].contacts).toEqual([{ id: expect.stringMatching(/^con_/), email: 'client@demo.test', name: 'Kadri Kask', emailUndeliverable: null }]);
  });

  it('pages by name then id, with no client twice or left out', async () => {
    for (const name of ['Alpha', 'Beta', 'Gamma', 'Delta']) expect((await send('POST', '/clients', { name })).status).toBe(201);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const res = await get(`/clients?limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      expect(res.json.items.length).toBeLessThanOrEqual(2);
      seen.push(...names(res.json.items));
      cursor = res.json.nextCursor;
    } while (cursor);
    expect(seen).toEqual(['Alpha', 'Baltic Timber AS', 'Beta', 'Delta', 'Gamma', 'Harbor Lights Studio', 'Northwind Bakery OÜ']);
  });

  it("finds a part of the client's name or of a contact's name or email, any case", async () => {
    expect(names((await get('/clients?q=HARBOR')).json.items)).toEqual(['Harbor Lights Studio']);
    expect(names((await get('/clients?q=tarmo')).json.items)).toEqual(['Baltic Timber AS']);
    expect(names((await get('/clients?q=client%40demo')).json.items)).toEqual(['Harbor Lights Studio', 'Northwind Bakery OÜ']);
    expect((await get('/clients?q=nobody')).json).toEqual({ items: [], nextCursor: null });
  });

  it("takes a limit up to 200, refuses more, a bad cursor, and lists nothing of another firm's", async () => {
    expect((await get('/clients?limit=200')).status).toBe(200);
    expect((await get('/clients?limit=201')).status).toBe(400);
    expect((await get('/clients?limit=0')).status).toBe(400);
    expect((await get('/clients?cursor=nonsense')).status).toBe(400);
    expect(names((await get('/clients?q=acme')).json.items)).toEqual([]);
  });
});

describe('GET /firm/clients/:id', () => {
  it("answers one client as the list does; another firm's, an unknown or a malformed id is refused", async () => {
    const listed = (await get('/clients?q=harbor')).json.items[0];
    const res = await get(`/clients/${listed.id}`);
    expect(res.status).toBe(200);
    expect(res.json).toEqual(listed);
    const acmeClient = await one("select c.id from clients c join firms f on f.id = c.firm_id where f.slug = 'acme' limit 1");
    expect((await get(`/clients/${acmeClient}`)).status).toBe(404);
    expect((await get('/clients/cli_nosuchclient')).status).toBe(404);
    expect((await get('/clients/nonsense')).status).toBe(400);
    expect((await t.request('GET', `/api/v1/firm/clients/${listed.id}`, {})).status).toBe(401);
  });
});

describe('POST /firm/clients', () => {
  it('creates a client with its portal closed and a client.created entry; a member may too', async () => {
    const mari = await one("select id from members where email = 'mari@demo.test'");
    const res = await send('POST', '/clients', { name: '  Pine Forest OÜ ', responsibleMemberId: mari, documentFolderUrl: 'https://drive.example/pine' });
    expect(res.status).toBe(201);
    expect(res.json).toEqual({
      id: expect.stringMatching(/^cli_/), name: 'Pine Forest OÜ', portalOpen: false, responsibleMemberId: mari,
      documentFolderUrl: 'https://drive.example/pine', digitisationAddress: null, contacts: [],
    });
    expect((await rows('select action, actor_id from activity where subject_id = ?', [res.json.id])).map((r) => r.action)).toEqual(['client.created']);
    const member = (await t.signIn('demo', 'mari@demo.test', 'staff')).token;
    expect((await send('POST', '/clients', { name: 'By Mari' }, member)).status).toBe(201);
  });

  it('refuses a name the firm has in any case (409 client_exists), a member not of the firm (404) and bad input (400), writing nothing', async () => {
    const acmeOwner = await one("select id from members where email = 'owner@acme.test'");
    const before = await counts();
    const taken = await send('POST', '/clients', { name: 'northwind bakery oü' });
    expect(taken.status).toBe(409);
    expect(taken.json.error.code).toBe('client_exists');
    expect((await send('POST', '/clients', { name: 'NORTHWIND BAKERY OÜ' })).json.error.code).toBe('client_exists');
    expect((await send('POST', '/clients', { name: 'New one', responsibleMemberId: acmeOwner })).status).toBe(404);
    for (const body of [{}, { name: '' }, { name: '   ' }, { name: 'x'.repeat(201) }, { name: 'A', documentFolderUrl: 'http://x.example' }, { name: 'A', other: 1 }, { name: 'A\u0000B' }]) {
      expect((await send('POST', '/clients', body)).status, JSON.stringify(body)).toBe(400);
    }
    expect(await counts()).toEqual(before);
    // Another firm may have a client of the same name.
    const acme = (await t.signIn('acme', 'owner@acme.test', 'staff')).token;
    expect((await send('POST', '/clients', { name: 'Northwind Bakery OÜ' }, acme)).status).toBe(201);
  });
});

describe('PATCH /firm/clients/:id', () => {
  it('renames and sets the responsible member, recording the fields that changed', async () => {
    const baltic = await one("select id from clients where name = 'Baltic Timber AS'");
    const mari = await one("select id from members where email = 'mari@demo.test'");
    const res = await send('PATCH', `/clients/${baltic}`, { name: 'Baltic Timber Group AS', responsibleMemberId: mari });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ id: baltic, name: 'Baltic Timber Group AS', responsibleMemberId: mari });
    const [entry] = await rows("select data from activity where subject_id = ? and action = 'client.edited'", [baltic]);
    expect(JSON.parse(String(entry!.data))).toEqual({ fields: ['name', 'responsibleMemberId'] });
    // Its own name in another case is no conflict; nothing changed writes nothing.
    expect((await send('PATCH', `/clients/${baltic}`, { name: 'baltic timber group as' })).status).toBe(200);
    const entries = await t.count('activity');
    expect((await send('PATCH', `/clients/${baltic}`, { name: 'baltic timber group as', responsibleMemberId: mari })).status).toBe(200);
    expect(await t.count('activity')).toBe(entries);
    expect((await send('PATCH', `/clients/${baltic}`, { responsibleMemberId: null })).json.responsibleMemberId).toBeNull();
  });

  it("refuses another client's name (409), a member or client not of the firm (404), writing nothing", async () => {
    const baltic = await one("select id from clients where name = 'Baltic Timber AS'");
    const acmeClient = await one("select id from clients where firm_id = (select id from firms where slug = 'acme')");
    const acmeOwner = await one("select id from members where email = 'owner@acme.test'");
    const before = await counts();
    expect((await send('PATCH', `/clients/${baltic}`, { name: 'Harbor lights studio' })).json.error.code).toBe('client_exists');
    expect((await send('PATCH', `/clients/${baltic}`, { responsibleMemberId: acmeOwner })).status).toBe(404);
    expect((await send('PATCH', `/clients/${acmeClient}`, { name: 'Mine now' })).status).toBe(404);
    expect((await send('PATCH', `/clients/${baltic}`, { name: '' })).status).toBe(400);
    expect(await counts()).toEqual(before);
    expect((await rows('select name from clients where id = ?', [acmeClient]))[0]!.name).not.toBe('Mine now');
  });
});

describe('contacts of a client', () => {
  it('adds a new person (201, their record), then links an existing contact by email to another client', async () => {
    const baltic = await one("select id from clients where name = 'Baltic Timber AS'");
    const harbor = await one("select id from clients where name = 'Harbor Lights Studio'");
    const made = await send('POST', `/clients/${baltic}/contacts`, { email: ' Peeter@Timber.example ', name: 'Peeter Puu', phone: '+372 5555 1234' });
    expect(made.status).toBe(201);
    expect(made.json).toEqual({
      id: expect.stringMatching(/^con_/), name: 'Peeter Puu', email: 'peeter@timber.example', phone: '+372 5555 1234', locale: null,
      health: 'never_invited', invitedAt: null, lastSignInAt: null, emailUndeliverable: null,
      companies: [{ id: baltic, name: 'Baltic Timber AS', portalOpen: true, access: true }],
    });
    const linked = await send('POST', `/clients/${harbor}/contacts`, { email: 'peeter@timber.example', name: 'Another Name' });
    expect(linked.status).toBe(201);
    expect(linked.json.id).toBe(made.json.id);
    expect(linked.json.name).toBe('Peeter Puu');
    expect(linked.json.companies.map((c: { name: string }) => c.name)).toEqual(['Baltic Timber AS', 'Harbor Lights Studio']);
    const history = (await get(`/contacts/${made.json.id}/history`)).json.items.map((e: { action: string; data: unknown }) => [e.action, e.data]);
    expect(history).toEqual([['contact.linked', { clientId: harbor }], ['contact.linked', { clientId: baltic }], ['contact.created', null]]);
  });

  it("refuses a contact already linked (409 already_linked), another firm's client (404) and bad input, writing nothing", async () => {
    const northwind = await one("select id from clients where name = 'Northwind Bakery OÜ'");
    const acmeClient = await one("select id from clients where firm_id = (select id from firms where slug = 'acme')");
    const before = await counts();
    const again = await send('POST', `/clients/${northwind}/contacts`, { email: 'client@demo.test', name: 'Kadri Kask' });
    expect(again.status).toBe(409);
    expect(again.json.error.code).toBe('already_linked');
    expect((await send('POST', `/clients/${acmeClient}/contacts`, { email: 'new@x.example', name: 'New' })).status).toBe(404);
    for (const body of [{ email: 'not-an-email', name: 'A' }, { email: 'a@b.example', name: '' }, { email: 'a@b.example', name: 'A', phone: '=1+1' }, { email: 'a@b.example' }]) {
      expect((await send('POST', `/clients/${northwind}/contacts`, body)).status, JSON.stringify(body)).toBe(400);
    }
    expect(await counts()).toEqual(before);
  });

  it('takes a contact off a client (204): their access to that company ends at once, the other stays', async () => {
    const kadri = await one("select id from contacts where email = 'client@demo.test'");
    const harbor = await one("select id from clients where name = 'Harbor Lights Studio'");
    const session = (await t.signIn('demo', 'client@demo.test')).token;
    expect((await send('DELETE', `/clients/${harbor}/contacts/${kadri}`)).status).toBe(204);
    const who = await t.request('GET', '/api/v1/auth/session', { token: session });
    expect(who.json.clients.map((c: { name: string }) => c.name)).toEqual(['Northwind Bakery OÜ']);
    expect((await get(`/contacts/${kadri}/history`)).json.items[0]).toMatchObject({ action: 'contact.unlinked', data: { clientId: harbor }, actor: { type: 'member', name: 'Olivia Owner' } });
    const acme = (await t.signIn('acme', 'owner@acme.test', 'staff')).token;
    const before = await counts();
    expect((await send('DELETE', `/clients/${harbor}/contacts/${kadri}`)).status).toBe(404);
    const northwind = await one("select id from clients where name = 'Northwind Bakery OÜ'");
    expect((await send('DELETE', `/clients/${northwind}/contacts/${kadri}`, undefined, acme)).status).toBe(404);
    expect(await counts()).toEqual(before);
  });
});

describe('the sample task on invitation', () => {
  async function sampleTemplate() {
    const created = await send('POST', '/templates', {
      kind: 'task', title: 'Welcome', tasks: [{ title: 'Try the portal', description: 'Look around.', checklist: ['Open a task'], dueOffsetDays: 7, sending: { kind: 'manual' }, autoComplete: false, section: null }],
    });
    expect(created.status).toBe(201);
    expect((await send('PATCH', '/settings', { sampleTemplateId: created.json.id })).status).toBe(200);
  }
  const samples = async (clientId: string) => rows("select id, assigned_at, title from tasks where client_id = ? and title = 'Try the portal'", [clientId]);

  it('gives each invited client one assigned sample task, however often and however concurrently it is invited', async () => {
    await sampleTemplate();
    const baltic = await one("select id from clients where name = 'Baltic Timber AS'");
    const tarmo = await one("select id from contacts where email = 'timber@demo.test'");
    const invite = () => send('POST', '/clients/portal', { clientIds: [baltic], mode: 'invite' });
    await Promise.all([invite(), invite(), send('POST', `/contacts/${tarmo}/invite`)]);
    await invite();
    const made = await samples(baltic);
    expect(made).toHaveLength(1);
    expect(made[0]!.assigned_at).not.toBeNull();
    expect((await rows('select sample_task_id from clients where id = ?', [baltic]))[0]!.sample_task_id).toBe(made[0]!.id);
    const portal = (await t.signIn('demo', 'timber@demo.test')).token;
    expect((await t.request('GET', '/api/v1/portal/tasks', { token: portal })).json.items.map((i: { title: string }) => i.title)).toContain('Try the portal');
    // Deleted by staff, it is not given again.
    const version = Number((await get(`/tasks/${made[0]!.id}`)).json.version);
    expect((await send('DELETE', `/tasks/${made[0]!.id}?version=${version}`)).status).toBe(204);
    await invite();
    expect(await samples(baltic)).toHaveLength(1);
  });

  it('gives none when the portal opens silently, when no template is set, or to a client nobody was invited to', async () => {
    const baltic = await one("select id from clients where name = 'Baltic Timber AS'");
    await send('POST', '/clients/portal', { clientIds: [baltic], mode: 'invite' });
    expect(await samples(baltic)).toHaveLength(0);
    await sampleTemplate();
    const empty = (await send('POST', '/clients', { name: 'Nobody Here OÜ' })).json.id;
    await send('POST', '/clients/portal', { clientIds: [empty], mode: 'invite' });
    expect(await samples(empty)).toHaveLength(0);
    const harbor = await one("select id from clients where name = 'Harbor Lights Studio'");
    await send('POST', '/clients/portal', { clientIds: [harbor], mode: 'silent' });
    expect(await samples(harbor)).toHaveLength(0);
  });
});
