import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/fixtures/test-app.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

let t: TestApp;
let staff: string;
let northwind: string;
/**
 * Today at 03:00 UTC, before the 9:00 Tallinn reminder hour in summer and winter: the tests count the mornings
 * that pass in whole days, which would differ by one when the run starts after that hour.
 */
const earlyToday = () => {
  const d = new Date();
  d.setUTCHours(3, 0, 0, 0);
  return d.getTime();
};
beforeEach(async () => {
  t = await createTestApp({ ASSIGN_NOTIFY_DELAY_SECONDS: '300' }, { startAt: earlyToday() });
  staff = (await t.signIn('demo', 'owner@demo.test', 'staff')).token;
  const clients = (await t.request('GET', '/api/v1/firm/clients', { token: staff })).json.items;
  northwind = clients.find((c: { name: string }) => c.name === 'Northwind Bakery OÜ').id;
});
afterEach(() => t.cleanup());

const create = async (title: string, extra: object = {}) =>
  (await t.request('POST', '/api/v1/firm/tasks', { token: staff, body: { clientId: northwind, title, assign: true, ...extra } })).json;
const getTask = async (id: string) => (await t.request('GET', `/api/v1/firm/tasks/${id}`, { token: staff })).json;
const reminders = async (email = 'client@demo.test') =>
  (await t.mailbox()).filter((m) => m.to === email && /reminder|still open|waiting for you|still missing|overdue|past due|please send soon|due today|today is the day/i.test(m.subject));
/** Lets the assignment notice go out (the ladder starts with it). */
const sendNotice = async () => {
  t.clock.advance(301_000);
  await t.mailbox();
};
/** Moves time on in half days, running due jobs at each step, as the scheduler would. */
const days = async (n: number) => {
  for (let i = 0; i < n * 2; i++) {
    t.clock.advance(DAY / 2);
    await t.runJobs();
  }
};
const jobsOf = async (taskId: string) =>
  (await t.db.$client.execute({ sql: "select status, run_at from jobs where subject_id = ? and kind = 'reminder.task' order by created_at", args: [taskId] })).rows;

describe('automatic reminders', () => {
  it('start with the first email, go out on later mornings, and stop at 5 with a last one worded differently', async () => {
    const task = await create('Send the payroll file', {});
    await t.request('PATCH', `/api/v1/firm/tasks/${task.id}`, { token: staff, body: { version: task.version, reminderPolicy: 'urgent' } });
    expect(await jobsOf(task.id)).toHaveLength(0);
    await sendNotice();
    const emailed = await getTask(task.id);
    expect(emailed.firstEmailedAt).not.toBeNull();
    expect(emailed.linkExpiresAt).toBe(emailed.firstEmailedAt + 30 * DAY);
    expect(await jobsOf(task.id)).toHaveLength(1);
    expect(await reminders()).toHaveLength(0);

    await days(10);
    const sent = (await reminders()).reverse();
    expect(sent).toHaveLength(5);
    const subjects = sent.map((m) => m.subject);
    subjects.slice(1).forEach((s, i) => expect(s).not.toBe(subjects[i]));
    expect(subjects[0]).toBe('Reminder: Send the payroll file');
    expect(subjects[4]).toBe('Last reminder: Send the payroll file');
    const after = await getTask(task.id);
    expect(after.reminderCount).toBe(5);
    expect(after.linkExpiresAt).toBe(after.lastReminderAt + 60 * DAY);
    // Each rung was due at 9:00 in Tallinn (REMINDER_HOUR in the firm's timezone), on five different days.
    const rungs = (await jobsOf(task.id)).filter((r) => r.status === 'done').map((r) => Number(r.run_at));
    expect(rungs).toHaveLength(5);
    const local = (at: number, part: 'hour' | 'day') => new Intl.DateTimeFormat('en', { timeZone: 'Europe/Tallinn', ...(part === 'hour' ? { hour: 'numeric', hourCycle: 'h23' } : { day: 'numeric' }) }).format(at);
    expect(new Set(rungs.map((at) => local(at, 'hour')))).toEqual(new Set(['09']));
    expect(new Set(rungs.map((at) => local(at, 'day'))).size).toBe(5);
  });

  it('groups one contact\'s reminders of the same morning into one email, with each task\'s link', async () => {
    await create('First thing', { dueDate: null });
    await create('Second thing');
    const ids = (await t.request('GET', '/api/v1/firm/tasks?stage=waiting&limit=100', { token: staff })).json.items
      .filter((x: { title: string }) => /thing$/.test(x.title));
    for (const task of ids) await t.request('PATCH', `/api/v1/firm/tasks/${task.id}`, { token: staff, body: { version: task.version, reminderPolicy: 'urgent' } });
    await sendNotice();
    await days(2);
    const mail = await reminders();
    expect(mail).toHaveLength(1);
    expect(mail[0]!.subject).toBe('Reminder: 2 tasks from Demo & Partners Accounting');
    expect(mail[0]!.text).toContain('First thing');
    expect(mail[0]!.text).toContain('Second thing');
  });

  it('are never sent to a contact who turned them off or whose address is undeliverable, and the outbox keeps List-Unsubscribe', async () => {
    const task = await create('Payroll');
    await t.request('PATCH', `/api/v1/firm/tasks/${task.id}`, { token: staff, body: { version: task.version, reminderPolicy: 'urgent' } });
    await sendNotice();
    await days(2);
    const [first] = await reminders();
    expect(await reminders()).toHaveLength(1);
    expect(first).toBeDefined();
    const [row] = (await t.db.$client.execute("select headers from emails where kind = 'reminder'")).rows;
    const headers = JSON.parse(String(row!.headers));
    expect(headers['List-Unsubscribe-Post']).toBe('List-Unsubscribe=One-Click');
    const offUrl = /^<(.+)>$/.exec(headers['List-Unsubscribe'])![1]!;
    expect((await t.request('GET', new URL(offUrl).pathname)).status).toBe(200);
    await days(1);
    const before = (await reminders()).length;
    expect(before).toBeGreaterThanOrEqual(2);
    // One click (RFC 8058 POST) turns them off.
    expect((await t.request('POST', new URL(offUrl).pathname, { body: 'List-Unsubscribe=One-Click', headers: { 'content-type': 'application/x-www-form-urlencoded' } })).status).toBe(200);
    await days(2);
    expect(await reminders()).toHaveLength(before);
    expect((await getTask(task.id)).reminderCount).toBeGreaterThan(before);
    // A tampered link changes nothing.
    expect((await t.request('POST', new URL(offUrl).pathname.slice(0, -2) + 'xx')).status).toBe(404);
    await t.db.$client.execute("update contacts set email_prefs = null, email_undeliverable_at = 1 where email = 'client@demo.test'");
    await days(2);
    expect(await reminders()).toHaveLength(before);
  });

  it('stop when the task is completed, and nothing pending is left', async () => {
    const task = await create('Payroll');
    await t.request('PATCH', `/api/v1/firm/tasks/${task.id}`, { token: staff, body: { version: task.version, reminderPolicy: 'urgent' } });
    await sendNotice();
    await t.request('POST', `/api/v1/firm/tasks/${task.id}/complete`, { token: staff });
    expect((await jobsOf(task.id)).map((r) => r.status)).toEqual(['cancelled']);
    await days(3);
    expect(await reminders()).toHaveLength(0);
  });

  it('stop when the contact marks the task done (the job re-reads the task)', async () => {
    const task = await create('Payroll');
    await t.request('PATCH', `/api/v1/firm/tasks/${task.id}`, { token: staff, body: { version: task.version, reminderPolicy: 'urgent' } });
    await sendNotice();
    const client = (await t.signIn('demo', 'client@demo.test')).token;
    expect((await t.request('POST', `/api/v1/portal/tasks/${task.id}/complete`, { token: client })).status).toBe(200);
    await days(3);
    expect(await reminders()).toHaveLength(0);
  });
});

describe('reminders on the contact\'s own morning', () => {
  /** A contact in New York: the rung counts at 9:00 in Tallinn, the email waits for 9:00 in New York. */
  async function rungCounted() {
    await t.db.$client.execute("update contacts set timezone = 'America/New_York' where email = 'client@demo.test'");
    const task = await create('Payroll');
    await t.request('PATCH', `/api/v1/firm/tasks/${task.id}`, { token: staff, body: { version: task.version, reminderPolicy: 'urgent' } });
    await sendNotice();
    const list = (await t.request('GET', `/api/v1/firm/tasks/${task.id}/emails`, { token: staff })).json;
    const next = list.items.find((i: { kind: string; to: string }) => i.kind === 'reminder' && i.to === 'client@demo.test');
    expect(new Intl.DateTimeFormat('en', { timeZone: 'America/New_York', hour: 'numeric', hourCycle: 'h23' }).format(next.at)).toBe('09');
    const [job] = await jobsOf(task.id);
    t.clock.advance(Number(job!.run_at) - t.clock.now() + 1000);
    await t.runJobs();
    expect((await getTask(task.id)).reminderCount).toBe(1);
    expect(await reminders()).toHaveLength(0);
    return { task, next };
  }

  it('arrives at the contact\'s hour', async () => {
    const { next } = await rungCounted();
    t.clock.advance(next.at - t.clock.now() + 1000);
    expect(await reminders()).toHaveLength(1);
  });

  it('is not sent when the contact turned reminders off before their morning', async () => {
    const { next } = await rungCounted();
    await t.db.$client.execute("update contacts set email_prefs = json('{\"reminders\":false}') where email = 'client@demo.test'");
    t.clock.advance(next.at - t.clock.now() + 1000);
    expect(await reminders()).toHaveLength(0);
  });

  it('is not sent when the contact marked the task done before their morning', async () => {
    const { task, next } = await rungCounted();
    const client = (await t.signIn('demo', 'client@demo.test')).token;
    expect((await t.request('POST', `/api/v1/portal/tasks/${task.id}/complete`, { token: client })).status).toBe(200);
    t.clock.advance(next.at - t.clock.now() + 1000);
    expect(await reminders()).toHaveLength(0);
  });
});

describe('PATCH /firm/tasks/:id reminder policy', () => {
  it('refuses a custom ladder with a negative or absurd interval (400) and writes nothing', async () => {
    const task = await create('Payroll');
    const jobs = await t.count('jobs');
    for (const rules of [[{ from: 'sent', days: -1 }], [{ from: 'after_due', days: 10_000 }], [], [{ from: 'sent', days: 1.5 }]]) {
      const res = await t.request('PATCH', `/api/v1/firm/tasks/${task.id}`, { token: staff, body: { version: task.version, reminderPolicy: 'custom', reminderRules: rules } });
      expect(res.status).toBe(400);
      expect(res.json.error.code).toBe('validation_failed');
    }
    const res = await t.request('PATCH', `/api/v1/firm/tasks/${task.id}`, { token: staff, body: { version: task.version, reminderPolicy: 'custom' } });
    expect(res.status).toBe(400);
    const after = await getTask(task.id);
    expect(after.version).toBe(task.version);
    expect(after.reminderPolicy).toBe('gentle');
    expect(await t.count('jobs')).toBe(jobs);
  });

  it('reschedules: to none cancels the pending reminder; a custom ladder sends on its days', async () => {
    const task = await create('Payroll');
    await sendNotice();
    const v1 = (await t.request('PATCH', `/api/v1/firm/tasks/${task.id}`, { token: staff, body: { version: (await getTask(task.id)).version, reminderPolicy: 'urgent' } })).json;
    expect((await jobsOf(task.id)).map((r) => r.status)).toEqual(['pending']);
    const v2 = (await t.request('PATCH', `/api/v1/firm/tasks/${task.id}`, { token: staff, body: { version: v1.version, reminderPolicy: 'none' } })).json;
    expect((await jobsOf(task.id)).map((r) => r.status)).toEqual(['cancelled']);
    await days(2);
    expect(await reminders()).toHaveLength(0);
    const v3 = (await t.request('PATCH', `/api/v1/firm/tasks/${task.id}`, { token: staff, body: { version: v2.version, reminderPolicy: 'custom', reminderRules: [{ from: 'sent', days: 4 }] } }));
    expect(v3.status).toBe(200);
    expect(v3.json.reminderRules).toEqual([{ from: 'sent', days: 4 }]);
    await days(1);
    expect(await reminders()).toHaveLength(0);
    await days(2);
    expect(await reminders()).toHaveLength(1);
    await days(5);
    expect(await reminders()).toHaveLength(1);
  });
});

describe('POST /firm/tasks/:id/resend', () => {
  it('emails the task now, resets the count, renews the link and reschedules', async () => {
    const task = await create('Payroll');
    await t.request('PATCH', `/api/v1/firm/tasks/${task.id}`, { token: staff, body: { version: task.version, reminderPolicy: 'urgent' } });
    await sendNotice();
    await days(3);
    expect((await getTask(task.id)).reminderCount).toBeGreaterThanOrEqual(2);
    const before = (await t.mailbox()).length;
    const res = await t.request('POST', `/api/v1/firm/tasks/${task.id}/resend`, { token: staff });
    expect(res.status).toBe(200);
    expect(res.json.reminderCount).toBe(0);
    expect(res.json.linkExpiresAt).toBeGreaterThanOrEqual(t.clock.now() + 30 * DAY - 1000);
    const mail = await t.mailbox();
    expect(mail.length).toBeGreaterThan(before);
    expect(mail[0]!.subject).toBe('New task from Demo & Partners Accounting');
    expect(mail[0]!.text).toContain('/api/v1/links/task/');
    expect((await jobsOf(task.id)).filter((r) => r.status === 'pending')).toHaveLength(1);
  });

  it('answers 409 for a task that is not assigned, 404 for another firm\'s, and sends nothing', async () => {
    const draft = await create('Draft', { assign: false });
    const acme = (await t.signIn('acme', 'owner@acme.test', 'staff')).token;
    const outbox = await t.count('emails');
    const res = await t.request('POST', `/api/v1/firm/tasks/${draft.id}/resend`, { token: staff });
    expect(res.status).toBe(409);
    expect(res.json.error.code).toBe('conflict');
    expect((await t.request('POST', `/api/v1/firm/tasks/${draft.id}/resend`, { token: acme })).status).toBe(404);
    expect((await t.request('GET', `/api/v1/firm/tasks/${draft.id}/emails`, { token: acme })).status).toBe(404);
    expect(await t.count('emails')).toBe(outbox);
  });
});

describe('GET /firm/tasks/:id/emails (what this client receives next)', () => {
  it('lists the pending notice, then the sent email with its state and the next reminder per contact at its time', async () => {
    const task = await create('Payroll');
    const waiting = (await t.request('GET', `/api/v1/firm/tasks/${task.id}/emails`, { token: staff })).json;
    expect(waiting.items.map((i: { kind: string; state: string }) => [i.kind, i.state])).toContainEqual(['assigned', 'scheduled']);
    const patched = await t.request('PATCH', `/api/v1/firm/tasks/${task.id}`, { token: staff, body: { version: task.version, reminderPolicy: 'urgent' } });
    expect(patched.status).toBe(200);
    await sendNotice();
    const list = (await t.request('GET', `/api/v1/firm/tasks/${task.id}/emails`, { token: staff })).json;
    const sent = list.items.find((i: { kind: string }) => i.kind === 'assigned');
    expect(sent).toMatchObject({ to: 'client@demo.test', state: 'sent', subject: 'New task from Demo & Partners Accounting', contactName: expect.any(String) });
    const next = list.items.find((i: { kind: string; to: string }) => i.kind === 'reminder' && i.to === 'client@demo.test');
    expect(next).toMatchObject({ state: 'scheduled', subject: 'Reminder: Payroll' });
    expect(list.nextCursor).toBeNull();
    // What arrives is what was announced, at that time.
    t.clock.advance(next.at - t.clock.now() - 1000);
    expect(await reminders()).toHaveLength(0);
    t.clock.advance(2000);
    const [arrived] = await reminders();
    expect(arrived!.subject).toBe(next.subject);
    const again = (await t.request('GET', `/api/v1/firm/tasks/${task.id}/emails?limit=1`, { token: staff })).json;
    expect(again.nextCursor).not.toBeNull();
    const page2 = (await t.request('GET', `/api/v1/firm/tasks/${task.id}/emails?limit=1&cursor=${again.nextCursor}`, { token: staff })).json;
    expect(page2.items.every((i: { state: string }) => i.state !== 'scheduled')).toBe(true);
    expect((await t.request('GET', `/api/v1/firm/tasks/${task.id}/emails?cursor=nope`, { token: staff })).status).toBe(400);
  });
});

describe('task links in emails', () => {
  it('open the task in the portal while valid; once expired, a page offers a new sign-in link in one click', async () => {
    const task = await create('Payroll');
    await sendNotice();
    const notice = (await t.mailbox()).find((m) => m.to === 'client@demo.test' && m.subject === 'New task from Demo & Partners Accounting')!;
    const path = new URL(/http:\/\/portico\.test(\/api\/v1\/links\/task\/\S+)/.exec(notice.text)![1]!, 'http://x').pathname;
    const open = await t.request('GET', path);
    expect(open.status).toBe(302);
    expect(open.headers.get('location')).toMatch(new RegExp(`#task=${task.id}$`));
    expect((await t.request('GET', path.slice(0, -3) + 'abc')).status).toBe(404);
    t.clock.advance(31 * DAY);
    const expired = await t.request('GET', path);
    expect(expired.status).toBe(410);
    expect(expired.json).toContain('This link has expired');
    const asked = await t.request('POST', path);
    expect(asked.status).toBe(202);
    const mail = await t.mailbox();
    expect(mail[0]!.to).toBe('client@demo.test');
    expect(mail[0]!.text).toMatch(/#login=/);
  });
});
