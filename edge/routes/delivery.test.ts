import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/fixtures/test-app.ts';
import { insertJob } from '../jobs/queue.ts';
import { queueEmail } from '../jobs/email.ts';

let t: TestApp;
let owner: string;
let demo: string;
let acme: string;
beforeEach(async () => {
  t = await createTestApp();
  owner = (await t.signIn('demo', 'owner@demo.test', 'staff')).token;
  const firm = async (slug: string) => String((await t.db.$client.execute({ sql: 'select id from firms where slug = ?', args: [slug] })).rows[0]!.id);
  demo = await firm('demo');
  acme = await firm('acme');
});
afterEach(() => t.cleanup());

/** A job of `firmId` in a given state, changed at `updatedAt`. */
const RUN_AT = Date.parse('2031-01-01T09:00:00Z');
async function job(firmId: string, key: string, state: { status: 'pending' | 'failed' | 'done' | 'running'; attempts?: number; lastError?: string; updatedAt?: number }) {
  const now = t.clock.now();
  const [row] = await insertJob(t.db, { kind: 'email.send', key, runAt: now + 60_000, payload: {}, firmId, subjectId: 'tsk_abc' }, now);
  await t.db.$client.execute({
    sql: 'update jobs set status = ?, attempts = ?, last_error = ?, updated_at = ?, run_at = ? where id = ?',
    args: [state.status, state.attempts ?? 0, state.lastError ?? null, state.updatedAt ?? now, RUN_AT, row!.id],
  });
  return row!.id;
}
const get = (query = '', token = owner) => t.request('GET', `/api/v1/firm/delivery${query}`, { token });

describe('the Delivery list', () => {
  it("shows the firm's failed, retrying and pending jobs, newest change first, with kind, subject, attempts, last error and next attempt; never another firm's, never settled ones", async () => {
    const now = t.clock.now();
    const failed = await job(demo, 'f', { status: 'failed', attempts: 5, lastError: 'Postmark: inactive recipient', updatedAt: now + 3 });
    const retrying = await job(demo, 'r', { status: 'pending', attempts: 2, lastError: 'timeout', updatedAt: now + 2 });
    const pending = await job(demo, 'p', { status: 'pending', updatedAt: now + 1 });
    await job(demo, 'd', { status: 'done', attempts: 1 });
    await job(acme, 'a', { status: 'failed', attempts: 5, lastError: 'acme only' });
    const res = await get();
    expect(res.status).toBe(200);
    expect(res.json.items.filter((i: { subjectId: string }) => i.subjectId === 'tsk_abc')).toEqual([
      { id: failed, kind: 'email.send', subjectId: 'tsk_abc', state: 'failed', attempts: 5, lastError: 'Postmark: inactive recipient', nextAttemptAt: null, updatedAt: now + 3, email: null },
      { id: retrying, kind: 'email.send', subjectId: 'tsk_abc', state: 'retrying', attempts: 2, lastError: 'timeout', nextAttemptAt: RUN_AT, updatedAt: now + 2, email: null },
      { id: pending, kind: 'email.send', subjectId: 'tsk_abc', state: 'pending', attempts: 0, lastError: null, nextAttemptAt: RUN_AT, updatedAt: now + 1, email: null },
    ]);
    expect(JSON.stringify(res.json)).not.toContain('acme only');
  });

  it('names the email of a send job (address, subject, kind) and the task it is about; never an email of another firm under the same key', async () => {
    const draft = { kind: 'reminder', to: 'client@demo.test', subject: 'Reminder: bank statements', text: 'Hi', html: '<p>Hi</p>', taskId: 'tsk_mail', contactId: 'con_x' };
    const job = (await queueEmail(t.db, t.clock, { ...draft, firmId: demo, key: 'shown-mail' }))!;
    await t.db.$client.execute(`update jobs set status = 'failed', attempts = 5 where id = '${job.id}'`);
    const contactOnly = (await queueEmail(t.db, t.clock, { ...draft, firmId: demo, taskId: null, key: 'contact-mail' }))!;
    // Another firm's outbox row with the key of a demo job must not show through the join.
    await t.db.$client.execute(`update emails set firm_id = '${acme}', subject = 'acme secret' where job_key = 'contact-mail'`);
    const items = (await get()).json.items as { id: string; subjectId: string; email: unknown }[];
    expect(items.find((i) => i.id === job.id)).toMatchObject({ kind: 'email.send', subjectId: 'tsk_mail', state: 'failed', email: { to: 'client@demo.test', subject: 'Reminder: bank statements', kind: 'reminder' } });
    expect(items.find((i) => i.id === contactOnly.id)).toMatchObject({ subjectId: 'con_x', email: null });
  });

  it('filters by state (one or several) and pages with a cursor', async () => {
    const now = t.clock.now();
    const ids = [];
    for (let i = 0; i < 3; i++) ids.push(await job(demo, `f${i}`, { status: 'failed', attempts: 5, lastError: 'x', updatedAt: now + 10 - i }));
    await job(demo, 'r', { status: 'pending', attempts: 1, lastError: 'y' });
    const first = await get('?state=failed&limit=2');
    expect(first.json.items.map((i: { id: string }) => i.id)).toEqual(ids.slice(0, 2));
    const second = await get(`?state=failed&limit=2&cursor=${first.json.nextCursor}`);
    expect(second.json).toEqual({ items: [expect.objectContaining({ id: ids[2], state: 'failed' })], nextCursor: null });
    const both = await get('?state=failed&state=retrying');
    expect(both.json.items.map((i: { state: string }) => i.state).sort()).toEqual(['failed', 'failed', 'failed', 'retrying']);
    expect((await get('?state=retrying')).json.items.map((i: { state: string }) => i.state)).toEqual(['retrying']);
    expect((await get('?state=pending')).json.items.map((i: { state: string }) => i.state)).not.toContain('retrying');
  });

  it('refuses a plain member, a contact and no session (403, 403, 401), and bad filters (400)', async () => {
    const member = (await t.signIn('demo', 'mari@demo.test', 'staff')).token;
    const contact = (await t.signIn('demo', 'client@demo.test')).token;
    expect((await get('', member)).status).toBe(403);
    expect((await get('', contact)).status).toBe(403);
    expect((await t.request('GET', '/api/v1/firm/delivery')).status).toBe(401);
    for (const query of ['?state=done', '?limit=0', '?cursor=nonsense']) {
      const res = await get(query);
      expect(res.status).toBe(400);
      expect(res.json.error.code).toBe('validation_failed');
    }
  });
});

describe('trying a failed job again', () => {
  it('puts it back to pending, due now, and wakes the scheduler; 409 for a job not failed; 404 for another firm\'s or no job; nothing written when refused', async () => {
    const failed = await job(demo, 'f', { status: 'failed', attempts: 5, lastError: 'bounced' });
    const pending = await job(demo, 'p', { status: 'pending' });
    const theirs = await job(acme, 'a', { status: 'failed', attempts: 5 });
    const wakesBefore = t.wakes.length;
    const before = t.clock.now();
    const res = await t.request('POST', `/api/v1/firm/delivery/${failed}/retry`, { token: owner });
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ id: failed, state: 'pending', nextAttemptAt: expect.any(Number) });
    expect(res.json.nextAttemptAt).toBeGreaterThanOrEqual(before);
    expect(res.json.nextAttemptAt).toBeLessThanOrEqual(t.clock.now());
    expect(t.wakes.length).toBe(wakesBefore + 1);
    expect((await get('?state=pending')).json.items.map((i: { id: string }) => i.id)).toContain(failed);

    const again = await t.request('POST', `/api/v1/firm/delivery/${pending}/retry`, { token: owner });
    expect(again.status).toBe(409);
    expect(again.json.error.code).toBe('conflict');
    expect((await t.request('POST', `/api/v1/firm/delivery/${theirs}/retry`, { token: owner })).status).toBe(404);
    expect((await t.request('POST', '/api/v1/firm/delivery/job_nosuchjob/retry', { token: owner })).status).toBe(404);
    expect((await t.request('POST', '/api/v1/firm/delivery/not-an-id/retry', { token: owner })).status).toBe(400);
    expect(await t.count(`jobs where id = '${theirs}' and status = 'failed' and attempts = 5`)).toBe(1);
    const member = (await t.signIn('demo', 'mari@demo.test', 'staff')).token;
    expect((await t.request('POST', `/api/v1/firm/delivery/${failed}/retry`, { token: member })).status).toBe(403);
  });

  it('sends an email that had failed for good: its outbox row is queued again (still looked up first), and the email goes out once', async () => {
    const draft = { firmId: demo, kind: 'message', to: 'client@demo.test', subject: 'Your documents', text: 'Hi', html: '<p>Hi</p>', taskId: 'tsk_abc' };
    const job = (await queueEmail(t.db, t.clock, { ...draft, key: 'failed-mail' }))!;
    await queueEmail(t.db, t.clock, { ...draft, firmId: acme, key: 'their-mail' });
    await t.db.$client.execute("update emails set state = 'failed', handed_at = 7, last_error = 'Postmark: invalid token' where job_key in ('failed-mail', 'their-mail')");
    await t.db.$client.execute("update jobs set status = 'failed', attempts = 5 where unique_key in ('failed-mail', 'their-mail')");
    const theirs = String((await t.db.$client.execute("select id from jobs where unique_key = 'their-mail'")).rows[0]!.id);
    expect((await t.request('POST', `/api/v1/firm/delivery/${theirs}/retry`, { token: owner })).status).toBe(404);
    expect((await t.request('POST', `/api/v1/firm/delivery/${job.id}/retry`, { token: owner })).status).toBe(200);
    expect(await t.count("emails where job_key = 'failed-mail' and state = 'queued' and handed_at = 7")).toBe(1);
    expect(await t.count("emails where job_key = 'their-mail' and state = 'failed'")).toBe(1);
    expect((await t.mailbox()).filter((m) => m.subject === 'Your documents')).toHaveLength(1);
    expect(await t.count("emails where job_key = 'failed-mail' and state = 'sent'")).toBe(1);
    expect(await t.count(`jobs where id = '${job.id}' and status = 'done'`)).toBe(1);
  });
});
