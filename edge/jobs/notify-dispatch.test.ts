import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { newId } from '../../db/ids.ts';
import { createTestApp, type TestApp } from '../../test/fixtures/test-app.ts';
import { recordEvent } from '../data/events.ts';
import { nextMorning } from './notify-contact.ts';
import { DISPATCH_JOB } from './notify-dispatch.ts';
import { insertJob } from './queue.ts';

/** The rules driven by domain events: staff notifications (console + email) and the contact's withdrawn / refused-file emails. */
let t: TestApp;
let owner: string;
let mari: string;
let client: string;
let ids: { firm: string; northwind: string; ownerId: string; mariId: string; contact: string; receipts: string; vat: string; acmeMember: string; acmeClient: string };
beforeEach(async () => {
  t = await createTestApp();
  owner = (await t.signIn('demo', 'owner@demo.test', 'staff')).token;
  mari = (await t.signIn('demo', 'mari@demo.test', 'staff')).token;
  client = (await t.signIn('demo', 'client@demo.test')).token;
  const one = async (sql: string) => String((await t.db.$client.execute(sql)).rows[0]!.id);
  ids = {
    firm: await one("select id from firms where slug = 'demo'"),
    northwind: await one("select id from clients where name = 'Northwind Bakery OÜ'"),
    ownerId: await one("select id from members where email = 'owner@demo.test'"),
    mariId: await one("select id from members where email = 'mari@demo.test'"),
    contact: await one("select id from contacts where email = 'client@demo.test'"),
    receipts: await one("select id from tasks where title = 'Send March receipts'"),
    vat: await one("select id from tasks where title = 'Confirm your VAT number'"),
    acmeMember: await one("select id from members where email = 'owner@acme.test'"),
    acmeClient: await one("select id from clients where name = 'Acme Widgets Ltd'"),
  };
});
afterEach(() => t.cleanup());

const firm = (method: string, path: string, body?: unknown, token = owner) => t.request(method, `/api/v1/firm${path}`, { token, body });
const portal = (method: string, path: string, body?: unknown) => t.request(method, `/api/v1/portal${path}`, { token: client, body });
const notificationsOf = async (token: string, query = '') => (await firm('GET', `/notifications${query}`, undefined, token)).json;
const mailTo = async (email: string, subject: RegExp) => (await t.mailbox()).filter((m) => m.to === email && subject.test(m.subject));
const watch = (memberIds: string[]) => firm('PUT', `/clients/${ids.northwind}/watchers`, { memberIds });

/** Runs the dispatcher again over every event as if none had been handled: a repeated or late wake-up. */
async function redispatch() {
  await t.db.$client.execute('update events set handled_at = null');
  await insertJob(t.db, { kind: DISPATCH_JOB, key: `again:${newId('job')}`, runAt: t.clock.now(), payload: {}, firmId: ids.firm }, t.clock.now());
  await t.runJobs();
}

describe('staff notifications', () => {
  it('tell the responsible member and the watchers of a client message, once however often the dispatcher runs', async () => {
    expect((await watch([ids.mariId])).status).toBe(200);
    expect((await portal('POST', `/tasks/${ids.receipts}/messages`, { body: 'Receipts are coming tomorrow' })).status).toBe(201);
    await t.runJobs();
    await redispatch();
    await redispatch();
    for (const token of [owner, mari]) {
      const list = await notificationsOf(token);
      expect(list.unreadCount).toBe(1);
      expect(list.items).toEqual([expect.objectContaining({ kind: 'message.client_added', taskId: ids.receipts, clientId: ids.northwind, actorName: 'Kadri Kask', summary: 'Send March receipts', read: false })]);
    }
    expect(await mailTo('owner@demo.test', /Kadri Kask wrote a message/)).toHaveLength(1);
    expect(await mailTo('mari@demo.test', /Kadri Kask wrote a message/)).toHaveLength(1);
    expect(await t.count('events where handled_at is null')).toBe(0);
  });

  it('about a request go only to those it is directed to: a watcher who is a plain member hears nothing', async () => {
    await watch([ids.mariId]);
    expect((await portal('POST', '/requests', { clientId: ids.northwind, subject: 'Can we talk about VAT?', body: 'Please call me.' })).status).toBe(201);
    await t.runJobs();
    await redispatch();
    expect((await notificationsOf(owner)).items).toEqual([expect.objectContaining({ kind: 'request.created', summary: 'Can we talk about VAT?', taskId: null })]);
    expect((await notificationsOf(mari)).items).toEqual([]);
    expect(await mailTo('owner@demo.test', /sent a new request/)).toHaveLength(1);
    expect(await mailTo('mari@demo.test', /request/)).toHaveLength(0);
  });

  it('tell of a task the client marked done (once), but never of the firm’s own portal message', async () => {
    expect((await portal('POST', `/tasks/${ids.vat}/complete`)).status).toBe(200);
    expect((await portal('POST', `/tasks/${ids.vat}/complete`)).status).toBe(200);
    expect((await firm('POST', `/tasks/${ids.receipts}/messages`, { body: 'Thanks!', visibility: 'portal' })).status).toBe(201);
    await t.runJobs();
    await redispatch();
    expect((await notificationsOf(owner)).items).toEqual([expect.objectContaining({ kind: 'task.client_completed', taskId: ids.vat, summary: 'Confirm your VAT number' })]);
    expect(await mailTo('owner@demo.test', /marked a task done: Confirm your VAT number/)).toHaveLength(1);
  });

  it('never notify the member who acted', async () => {
    await watch([ids.mariId]);
    // An event whose actor is one of the audience (a member writing on the client's behalf).
    await t.db.batch([...recordEvent(t.db, { firmId: ids.firm, kind: 'task.uploads_done', subjectId: ids.receipts, caller: { kind: 'member', firmId: ids.firm, memberId: ids.mariId, role: 'member', sessionId: 'x', timezone: 'Europe/Tallinn' }, at: t.clock.now() })]);
    await t.runJobs();
    expect((await notificationsOf(mari)).items).toEqual([]);
    expect((await notificationsOf(owner)).items).toEqual([expect.objectContaining({ kind: 'task.uploads_done', actorName: 'Mari Maasikas' })]);
  });

  it('with the member’s email for that kind turned off: the notification, but no email', async () => {
    const prefs = await firm('PATCH', '/profile/email-prefs', { clientMessage: false });
    expect(prefs).toMatchObject({ status: 200, json: { requestCreated: true, clientMessage: false, clientCompleted: true, uploadsDone: true } });
    expect((await firm('GET', '/profile/email-prefs')).json.clientMessage).toBe(false);
    await portal('POST', `/tasks/${ids.receipts}/messages`, { body: 'Here you go' });
    await portal('POST', `/tasks/${ids.vat}/complete`);
    await t.runJobs();
    expect((await notificationsOf(owner)).items).toHaveLength(2);
    expect(await mailTo('owner@demo.test', /wrote a message/)).toHaveLength(0);
    expect(await mailTo('owner@demo.test', /marked a task done/)).toHaveLength(1);
  });

  it('are listed newest first in pages, filtered to unread, and marked read (only the member’s own)', async () => {
    await watch([ids.mariId]);
    for (const body of ['one', 'two', 'three']) {
      await portal('POST', `/tasks/${ids.receipts}/messages`, { body });
      t.clock.advance(1000);
    }
    await t.runJobs();
    const first = await notificationsOf(owner, '?limit=2');
    expect(first.items).toHaveLength(2);
    expect(first.items[0].createdAt).toBeGreaterThan(first.items[1].createdAt);
    const rest = await notificationsOf(owner, `?limit=2&cursor=${first.nextCursor}`);
    expect(rest).toMatchObject({ nextCursor: null, unreadCount: 3 });
    expect(rest.items).toHaveLength(1);
    const marihs = (await notificationsOf(mari)).items.map((n: { id: string }) => n.id);
    // Mari's ids change nothing for the owner, nor for Mari herself when the owner sends them.
    expect((await firm('POST', '/notifications/read', { ids: marihs })).json).toEqual({ unreadCount: 3 });
    expect((await notificationsOf(mari)).unreadCount).toBe(3);
    expect((await firm('POST', '/notifications/read', { ids: [first.items[0].id] })).json).toEqual({ unreadCount: 2 });
    expect((await notificationsOf(owner, '?unread=true')).items.map((n: { id: string }) => n.id)).not.toContain(first.items[0].id);
    expect((await firm('POST', '/notifications/read', { all: true })).json).toEqual({ unreadCount: 0 });
    expect((await notificationsOf(mari)).unreadCount).toBe(3);
  });
});

describe('watchers and member preferences: bad inputs', () => {
  it('refuses another firm’s member (400), another firm’s client (404), a plain member not responsible (403), writing nothing', async () => {
    const foreign = await watch([ids.mariId, ids.acmeMember]);
    expect(foreign.status).toBe(400);
    expect(foreign.json.error).toMatchObject({ code: 'validation_failed', issues: [{ path: 'memberIds.1' }] });
    expect((await firm('PUT', `/clients/${ids.acmeClient}/watchers`, { memberIds: [] })).status).toBe(404);
    expect((await firm('GET', `/clients/${ids.acmeClient}/watchers`)).status).toBe(404);
    expect((await firm('PUT', `/clients/${ids.northwind}/watchers`, { memberIds: [ids.mariId] }, mari)).status).toBe(403);
    expect((await firm('PUT', `/clients/${ids.northwind}/watchers`, { memberIds: 'all' })).status).toBe(400);
    expect(await t.count('client_watchers')).toBe(0);
    expect((await watch([ids.mariId, ids.mariId])).json).toEqual({ memberIds: [ids.mariId] });
    expect((await firm('GET', `/clients/${ids.northwind}/watchers`)).json).toEqual({ memberIds: [ids.mariId] });
  });

  it('refuses unknown or non-boolean preferences (400), changing nothing; a client contact cannot read them (403)', async () => {
    expect((await firm('PATCH', '/profile/email-prefs', { clientMessage: false, digest: true })).status).toBe(400);
    expect((await firm('PATCH', '/profile/email-prefs', { clientMessage: 'no' })).status).toBe(400);
    expect((await firm('POST', '/notifications/read', { ids: [] })).status).toBe(400);
    expect((await firm('POST', '/notifications/read', { all: false })).status).toBe(400);
    expect(await t.count('members where email_prefs is not null')).toBe(0);
    expect((await t.request('GET', '/api/v1/firm/notifications', { token: client })).status).toBe(403);
  });
});

describe('contact emails from events', () => {
  it('tell the contacts who saw a task that it was withdrawn, once; a draft withdrawn tells no one', async () => {
    expect((await firm('POST', `/tasks/${ids.vat}/withdraw`)).status).toBe(200);
    await t.runJobs();
    await redispatch();
    const mail = await mailTo('client@demo.test', /No longer needed/);
    expect(mail).toHaveLength(1);
    expect(mail[0]).toMatchObject({ subject: 'No longer needed: Confirm your VAT number (Demo & Partners Accounting)', fromName: 'Olivia Owner, Demo & Partners Accounting' });
    expect(mail[0]!.text).toContain('in your portal profile');
    const draft = String((await t.db.$client.execute("select id from tasks where title = 'Draft: inventory count'")).rows[0]!.id);
    await firm('POST', `/tasks/${draft}/withdraw`);
    expect(await mailTo('client@demo.test', /No longer needed/)).toHaveLength(1);
  });

  it('send "please send again" with the reason to the contact who uploaded a refused file', async () => {
    const task = (await firm('POST', '/tasks', { clientId: ids.northwind, title: 'Bank statements', checklist: [{ text: 'March statement', requestsFile: true }], assign: true })).json;
    const fileId = newId('fil');
    const itemId = String((await t.db.$client.execute({ sql: 'select id from checklist_items where task_id = ?', args: [task.id] })).rows[0]!.id);
    await t.db.$client.execute({
      sql: `insert into files (id, firm_id, client_id, task_id, checklist_item_id, name, size, type, sha256, blob_key, uploaded_by_type, uploaded_by_id, review_state, created_at)
        values (?, ?, ?, ?, ?, 'march.pdf', 1, 'application/pdf', 'sha', 'k', 'contact', ?, 'pending', ?)`,
      args: [fileId, ids.firm, ids.northwind, task.id, itemId, ids.contact, t.clock.now()],
    });
    expect((await firm('POST', `/files/${fileId}/reject`, { reason: 'Page 2 is missing' })).status).toBe(200);
    await t.runJobs();
    await redispatch();
    const mail = await mailTo('client@demo.test', /Please send again/);
    expect(mail).toHaveLength(1);
    expect(mail[0]!.text).toContain('“march.pdf”');
    expect(mail[0]!.text).toContain('Please send again: Page 2 is missing');
  });

  it('honour the contact’s preferences and a dead address', async () => {
    expect((await portal('PATCH', '/profile', { emailPrefs: { withdrawn: false } })).json.emailPrefs).toMatchObject({ withdrawn: false, fileRejected: true, digest: false });
    await firm('POST', `/tasks/${ids.vat}/withdraw`);
    await t.runJobs();
    await portal('PATCH', '/profile', { emailPrefs: { withdrawn: true } });
    await t.db.$client.execute({ sql: 'update contacts set email_undeliverable_at = 1 where id = ?', args: [ids.contact] });
    await firm('POST', `/tasks/${ids.receipts}/withdraw`);
    expect(await mailTo('client@demo.test', /No longer needed/)).toHaveLength(0);
    expect(await t.count('events where handled_at is null')).toBe(0);
  });

  it('with the digest on: held, then one email the next morning in the firm’s timezone listing them', async () => {
    // The digest goes at the next MORNING_HOUR on the contact's wall clock (here the firm's: Europe/Tallinn).
    expect((await portal('PATCH', '/profile', { emailPrefs: { digest: true } })).json.emailPrefs.digest).toBe(true);
    await firm('POST', `/tasks/${ids.vat}/withdraw`);
    await firm('POST', `/tasks/${ids.receipts}/withdraw`);
    await t.runJobs();
    await redispatch();
    expect(await mailTo('client@demo.test', /No longer needed|summary/)).toHaveLength(0);
    const morning = nextMorning(t.clock.now(), 'Europe/Tallinn', t.config.morningHour).at;
    t.clock.advance(morning - t.clock.now() - 1000);
    expect(await mailTo('client@demo.test', /daily summary/)).toHaveLength(0);
    t.clock.advance(2000);
    const digest = await mailTo('client@demo.test', /daily summary/);
    expect(digest).toHaveLength(1);
    expect(digest[0]!.subject).toBe('Your daily summary from Demo & Partners Accounting: 2 updates');
    expect(digest[0]!.text).toContain('• No longer needed: Confirm your VAT number');
    expect(digest[0]!.text).toContain('• No longer needed: Send March receipts');
    t.clock.advance(25 * 3600_000);
    expect(await mailTo('client@demo.test', /daily summary|No longer needed/)).toHaveLength(1);
  });
});

describe('the portal profile', () => {
  it('answers the email preferences spelled out, and refuses unknown keys or bad values (400) writing nothing', async () => {
    expect((await portal('GET', '/profile')).json).toMatchObject({
      email: 'client@demo.test',
      emailPrefs: { assigned: true, messages: true, reminders: true, withdrawn: true, fileRejected: true, digest: false },
      emailUndeliverable: false,
    });
    for (const body of [{ emailPrefs: { spam: true } }, { emailPrefs: { digest: 'yes' } }, { nickname: 'K' }, { timezone: 'Mars/Olympus' }]) {
      expect((await portal('PATCH', '/profile', body)).status).toBe(400);
    }
    expect(await t.count('contacts where email_prefs is not null or timezone is not null')).toBe(0);
    expect((await firm('GET', '/profile', undefined)).status).toBe(404);
    expect((await t.request('GET', '/api/v1/portal/profile', { token: owner })).status).toBe(403);
  });
});
