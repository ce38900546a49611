import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/fixtures/test-app.ts';

/** "A portal message on their task or request" emailed to the contact, through the real routes and the jobs engine. */
let t: TestApp;
let owner: string;
let taskId: string;
let northwind: string;
beforeEach(async () => {
  t = await createTestApp({ MESSAGE_NOTIFY_DELAY_SECONDS: '120' });
  owner = (await t.signIn('demo', 'owner@demo.test', 'staff')).token;
  taskId = await one("select id from tasks where title = 'Send March receipts'");
  northwind = await one("select id from clients where name = 'Northwind Bakery OÜ'");
});
afterEach(() => t.cleanup());

async function one(sql: string, ...args: string[]) {
  return String((await t.db.$client.execute({ sql, args })).rows[0]!.id);
}
const noticesTo = async (email: string) => (await t.mailbox()).filter((m) => m.to === email && /message|sõnum/i.test(m.subject));
const write = (path: string, body: string, visibility: 'portal' | 'internal' = 'portal') =>
  t.request('POST', `/api/v1/firm${path}/messages`, { token: owner, body: { body, visibility } });
const noticeJobs = () => t.count("jobs where kind = 'notify.message'");

describe('a portal message from the firm', () => {
  it('is emailed after MESSAGE_NOTIFY_DELAY_SECONDS, every message of that window in one email, from the responsible member in the firm’s name', async () => {
    const postedAt = t.clock.now();
    expect((await write(`/tasks/${taskId}`, 'Could you also send the card statement?')).status).toBe(201);
    // The scheduler is woken for the notice (QStash publishes it for that time).
    expect(t.wakes.at(-1)! - postedAt).toBeGreaterThanOrEqual(120_000);
    expect(t.wakes.at(-1)! - postedAt).toBeLessThan(121_000);
    t.clock.advance(30_000);
    await write(`/tasks/${taskId}`, 'And the cash receipts,\nplease.');
    t.clock.advance(89_000);
    expect(await noticesTo('client@demo.test')).toHaveLength(0);
    t.clock.advance(2_000);
    const mail = await noticesTo('client@demo.test');
    expect(mail).toHaveLength(1);
    expect(mail[0]).toMatchObject({ subject: '2 new messages from Demo & Partners Accounting: Send March receipts', fromName: 'Olivia Owner, Demo & Partners Accounting', replyTo: null });
    expect(mail[0]!.text).toContain('Olivia Owner:\nCould you also send the card statement?\n\nOlivia Owner:\nAnd the cash receipts,\nplease.');
    expect(mail[0]!.text).toContain('Open the conversation: http://portico.test/portal');
    // Without replies by email set up, no reply address and no line promising one.
    expect(mail[0]!.text).not.toMatch(/reply to this email/i);
    // The next message opens a new window and a new email naming only it.
    await write(`/tasks/${taskId}`, 'Thanks!');
    t.clock.advance(121_000);
    const again = await noticesTo('client@demo.test');
    expect(again).toHaveLength(2);
    expect(again[0]!.subject).toBe('New message from Demo & Partners Accounting: Send March receipts');
    expect(again[0]!.text).toContain('Thanks!');
    expect(again[0]!.text).not.toContain('card statement');
  });

  it('does not email a message twice when it opened the next window while the last one was closing', async () => {
    const postedAt = t.clock.now();
    await write(`/tasks/${taskId}`, 'First question');
    t.clock.advance(121_000);
    expect(await noticesTo('client@demo.test')).toHaveLength(1);
    // As if the first question had been posted just after the key was freed: its window (since postedAt) began again.
    const [sent] = (await t.db.$client.execute("select firm_id, payload from jobs where kind = 'notify.message'")).rows;
    const payload = JSON.parse(String(sent!.payload));
    await t.db.$client.execute({
      sql: "insert into jobs (id, firm_id, kind, unique_key, run_at, payload, status, attempts, created_at, updated_at) values ('job_race', ?, 'notify.message', ?, ?, ?, 'pending', 0, ?, ?)",
      args: [String(sent!.firm_id), `notify.message:${taskId}:${payload.contactId}`, t.clock.now() + 120_000, JSON.stringify({ ...payload, until: undefined, since: postedAt }), t.clock.now(), t.clock.now()],
    });
    await write(`/tasks/${taskId}`, 'Second question');
    t.clock.advance(121_000);
    const mail = await noticesTo('client@demo.test');
    expect(mail).toHaveLength(2);
    expect(mail[0]!.text).toContain('Second question');
    expect(mail[0]!.text).not.toContain('First question');
  });

  it('never sends an internal comment, not even beside a portal message of the same window', async () => {
    await write(`/tasks/${taskId}`, 'Internal: client is late again', 'internal');
    t.clock.advance(200_000);
    expect(await noticesTo('client@demo.test')).toHaveLength(0);
    expect(await noticeJobs()).toBe(0);
    await write(`/tasks/${taskId}`, 'Internal: chase them', 'internal');
    await write(`/tasks/${taskId}`, 'A friendly reminder about the receipts');
    t.clock.advance(121_000);
    const [mail] = await noticesTo('client@demo.test');
    expect(mail!.text).toContain('A friendly reminder');
    expect(mail!.text + mail!.html).not.toMatch(/Internal|chase|late again/);
  });

  it('sends nothing when the contact read it in the portal first, and only what is still unread otherwise', async () => {
    const client = (await t.signIn('demo', 'client@demo.test')).token;
    await write(`/tasks/${taskId}`, 'First question');
    t.clock.advance(10_000);
    expect((await t.request('GET', `/api/v1/portal/tasks/${taskId}/messages`, { token: client })).status).toBe(200);
    t.clock.advance(200_000);
    expect(await noticesTo('client@demo.test')).toHaveLength(0);

    await write(`/tasks/${taskId}`, 'Second question');
    t.clock.advance(10_000);
    await t.request('GET', `/api/v1/portal/tasks/${taskId}/messages`, { token: client });
    t.clock.advance(10_000);
    await write(`/tasks/${taskId}`, 'Third question');
    t.clock.advance(121_000);
    const mail = await noticesTo('client@demo.test');
    expect(mail).toHaveLength(1);
    expect(mail[0]!.text).toContain('Third question');
    expect(mail[0]!.text).not.toContain('Second question');
  });

  it("reaches every contact of the client who may see the task, and nobody else (not the client's own messages, not a contact without access)", async () => {
    const tarmo = await one("select id from contacts where email = 'timber@demo.test'");
    const eva = `con_${'e'.repeat(20)}`;
    await t.db.$client.execute({ sql: "insert into contacts (id, firm_id, email, name, created_at) select ?, firm_id, 'eva@demo.test', 'Eva', 0 from clients where id = ?", args: [eva, northwind] });
    await t.db.$client.execute({ sql: 'insert into client_contacts (firm_id, client_id, contact_id, portal_access) select firm_id, id, ?, 1 from clients where id = ?', args: [tarmo, northwind] });
    await t.db.$client.execute({ sql: 'insert into client_contacts (firm_id, client_id, contact_id, portal_access) select firm_id, id, ?, 0 from clients where id = ?', args: [eva, northwind] });
    const client = (await t.signIn('demo', 'client@demo.test')).token;
    expect((await t.request('POST', `/api/v1/portal/tasks/${taskId}/messages`, { token: client, body: { body: 'Uploaded them' } })).status).toBe(201);
    t.clock.advance(200_000);
    expect(await noticesTo('client@demo.test')).toHaveLength(0);
    expect(await noticesTo('timber@demo.test')).toHaveLength(0);

    await write(`/tasks/${taskId}`, 'Thank you both');
    // A draft is nobody's to see in the portal: no email.
    const draft = await one("select id from tasks where title = 'Draft: inventory count'");
    await write(`/tasks/${draft}`, 'Not sent yet');
    // Only those who may see the thread get a notice at all (the handler checks again when it runs).
    expect(await t.count(`jobs where kind = 'notify.message' and (unique_key like '%${draft}%' or unique_key like '%${eva}%')`)).toBe(0);
    t.clock.advance(121_000);
    expect(await noticesTo('client@demo.test')).toHaveLength(1);
    expect(await noticesTo('timber@demo.test')).toHaveLength(1);
    expect(await noticesTo('eva@demo.test')).toHaveLength(0);
    expect((await t.mailbox()).some((m) => m.text.includes('Not sent yet'))).toBe(false);
  });

  it('sends nothing when, by then, the contact may no longer see the thread or the message is gone', async () => {
    await write(`/tasks/${taskId}`, 'Before the withdrawal');
    await t.request('POST', `/api/v1/firm/tasks/${taskId}/withdraw`, { token: owner });
    const other = await one("select id from tasks where title = 'Confirm your VAT number'");
    await write(`/tasks/${other}`, 'Deleted later');
    await t.db.$client.execute({ sql: 'update messages set deleted_at = 1 where body = ?', args: ['Deleted later'] });
    expect(await t.count('messages where deleted_at is not null')).toBe(1);
    t.clock.advance(200_000);
    expect((await noticesTo('client@demo.test')).map((m) => m.subject + m.text)).toEqual([]);
    expect(await t.count("jobs where kind = 'notify.message' and status = 'done'")).toBe(2);
  });

  it('on a request reaches the contact who sent it, in their language, everything escaped in the HTML', async () => {
    await t.db.$client.execute("update contacts set locale = 'et' where email = 'client@demo.test'");
    const client = (await t.signIn('demo', 'client@demo.test')).token;
    const request = (await t.request('POST', '/api/v1/portal/requests', { token: client, body: { clientId: northwind, subject: 'Arve <b>märts</b>', body: 'Kas said kätte?' } })).json;
    await write(`/requests/${request.id}`, 'Jah, <script>alert(1)</script> & aitäh');
    t.clock.advance(121_000);
    const [mail] = await noticesTo('client@demo.test');
    expect(mail!.subject).toBe('Uus sõnum (Demo & Partners Accounting): Arve <b>märts</b>');
    expect(mail!.text).toContain('Olivia Owner:\nJah, <script>alert(1)</script> & aitäh');
    expect(mail!.text).toContain('Ava vestlus: http://portico.test/portal');
    expect(mail!.html).toContain('Jah, &lt;script&gt;alert(1)&lt;/script&gt; &amp; aitäh');
    expect(mail!.html).toContain('Arve &lt;b&gt;märts&lt;/b&gt;');
    expect(mail!.html).not.toMatch(/<script|<b>/);
    expect(mail!.html).toContain('lang="et"');
  });
});
