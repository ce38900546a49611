import type { Models } from 'postmark';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/fixtures/test-app.ts';
import { replyToken, type ReplyThread } from '../lib/reply-token.ts';

/**
 * Replies by email through the real route, with the inbound JSON Postmark
 * documents (typed by its own client's `InboundWebhook`): what is posted,
 * what is refused (nothing written, one short answer), and the basic auth.
 */
const DOMAIN = 'reply.portico.test';
const AUTH = `Basic ${Buffer.from('postmark:inbound-secret').toString('base64')}`;
let t: TestApp;
let taskId: string;
let thread: ReplyThread;
beforeEach(async () => {
  t = await createTestApp({ INBOUND_DOMAIN: DOMAIN, POSTMARK_INBOUND_USER: 'postmark', POSTMARK_INBOUND_PASSWORD: 'inbound-secret' });
  taskId = await one("select id from tasks where title = 'Send March receipts'");
  thread = { firmId: await one("select id from firms where slug = 'demo'"), kind: 'task', threadId: taskId, contactId: await one("select id from contacts where email = 'client@demo.test'") };
});
afterEach(() => t.cleanup());

async function one(sql: string, ...args: string[]) {
  return String((await t.db.$client.execute({ sql, args })).rows[0]!.id);
}
const tokenFor = (over: Partial<ReplyThread> = {}, secret = t.config.signingSecret) => replyToken(secret, { ...thread, ...over }, t.clock.now())!;

const PDF = Buffer.from('%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]);

/** Postmark's documented inbound example, addressed to a reply address. */
function inboundMail(token: string, over: Partial<Models.InboundWebhook> = {}): Models.InboundWebhook {
  const to = `${token}@${DOMAIN}`;
  return {
    FromName: 'Kadri Kask',
    MessageStream: 'inbound',
    From: 'client@demo.test',
    FromFull: { Email: 'client@demo.test', Name: 'Kadri Kask', MailboxHash: '' },
    To: `"Demo Accounting" <${to}>`,
    ToFull: [{ Email: to, Name: 'Demo Accounting', MailboxHash: '' }],
    Cc: '',
    CcFull: [],
    Bcc: '',
    BccFull: [],
    OriginalRecipient: to,
    Subject: 'Re: New task from Demo Accounting',
    MessageID: '73e6d360-66eb-11e1-8e72-a8904824019b',
    ReplyTo: '',
    MailboxHash: '',
    Date: 'Fri, 1 Aug 2026 16:45:32 -04:00',
    TextBody: 'Here are the receipts.\n\nOn Fri, 1 Aug 2026 at 10:00, Demo Accounting <noreply@portico.test> wrote:\n> Please send me March receipts',
    HtmlBody: '<html><body><p>Here are the receipts.</p><blockquote>Please send me March receipts</blockquote></body></html>',
    StrippedTextReply: 'Here are the receipts.',
    Tag: '',
    Headers: [{ Name: 'X-Spam-Status', Value: 'No' }],
    Attachments: [
      { Name: 'receipts.pdf', Content: PDF.toString('base64'), ContentType: 'application/pdf', ContentLength: PDF.length, ContentID: '' },
      { Name: 'photo.png', Content: PNG.toString('base64'), ContentType: 'image/png', ContentLength: PNG.length, ContentID: '' },
    ],
    ...over,
  };
}
const deliver = (body: unknown, authorization: string | null = AUTH) =>
  t.request('POST', '/api/v1/hooks/postmark/inbound', { body, headers: authorization ? { authorization } : {} });
const refusalsTo = async (to: string) => (await t.mailbox()).filter((m) => m.to === to && /could not be delivered/.test(m.subject));
const rows = async () => ({ messages: await t.count('messages'), files: await t.count('files'), events: await t.count('events') });

describe('a reply by email', () => {
  it('becomes a portal message of the contact with its attachments, once per MessageID', async () => {
    const res = await deliver(inboundMail(tokenFor()));
    expect(res.status).toBe(200);
    expect(res.json.status).toBe('posted');
    const client = (await t.signIn('demo', 'client@demo.test')).token;
    const [message] = (await t.request('GET', `/api/v1/portal/tasks/${taskId}/messages`, { token: client })).json.items;
    expect(message).toMatchObject({ body: 'Here are the receipts.', via: 'email', visibility: 'portal', mine: true, author: { type: 'contact' } });
    expect(message.attachments.map((a: { name: string; type: string; size: number }) => [a.name, a.type, a.size])).toEqual([
      ['receipts.pdf', 'application/pdf', PDF.length],
      ['photo.png', 'image/png', PNG.length],
    ]);
    const stored = (await t.db.$client.execute('select blob_key, task_id from files order by name')).rows;
    expect(stored.every((f) => f.task_id === taskId)).toBe(true);
    const blob = await new Response(await t.deps.blobs.get(String(stored[1]!.blob_key))).arrayBuffer();
    expect(Buffer.from(blob).equals(PDF)).toBe(true);
    expect((await t.db.$client.execute('select kind from events')).rows.map((r) => r.kind)).toEqual(['message.email_reply']);

    // Postmark retries: the same MessageID posts nothing more.
    const before = await rows();
    expect((await deliver(inboundMail(tokenFor()))).json.status).toBe('duplicate');
    expect(await rows()).toEqual(before);
  });

  it('posts a reply delivered twice at once (a Postmark retry racing the first) once: one message, one event', async () => {
    const mail = inboundMail(tokenFor(), { Attachments: [] });
    const answers = await Promise.all([deliver(mail), deliver(mail), deliver(mail)]);
    expect(answers.map((r) => r.json.status).sort()).toEqual(['duplicate', 'duplicate', 'posted']);
    expect(await rows()).toEqual({ messages: 1, files: 0, events: 1 });
  });

  it('without a StrippedTextReply keeps only the text above the quoted history and the signature', async () => {
    const mail = inboundMail(tokenFor(), {
      StrippedTextReply: '',
      Attachments: [],
      TextBody: 'Done, see the portal.\nKadri\n-- \nKadri Kask, Northwind Bakery\n\nOn Fri, 1 Aug 2026, Demo wrote:\n> old text',
    });
    expect((await deliver(mail)).json.status).toBe('posted');
    expect(await one('select body as id from messages')).toBe('Done, see the portal.\nKadri');
  });

  it('finds the token in the MailboxHash of a Postmark inbound address too', async () => {
    const address = `abc123+${tokenFor()}@inbound.postmarkapp.com`;
    const mail = inboundMail('ignored', { ToFull: [{ Email: address, Name: '', MailboxHash: tokenFor() }], MailboxHash: tokenFor(), OriginalRecipient: address });
    expect((await deliver(mail)).json.status).toBe('posted');
  });

  it('carries its reply address on the assignment email of one task', async () => {
    const owner = (await t.signIn('demo', 'owner@demo.test', 'staff')).token;
    const created = await t.request('POST', '/api/v1/firm/tasks', { token: owner, body: { clientId: await one("select id from clients where name = 'Baltic Timber AS'"), title: 'One task', assign: true } });
    t.clock.advance(301_000);
    await t.runJobs();
    const replyTo = String(await one("select reply_to as id from emails where kind = 'assigned' and reply_to is not null"));
    expect(replyTo).toMatch(new RegExp(`^[a-z0-9.]{1,64}@${DOMAIN.replaceAll('.', '\\.')}$`));
    expect(replyTo.startsWith(`t${created.json.id.slice(4)}.`)).toBe(true);
  });

  it('carries its reply address on "please send again" for a refused file', async () => {
    const owner = (await t.signIn('demo', 'owner@demo.test', 'staff')).token;
    const contact = (await t.signIn('demo', 'timber@demo.test')).token;
    const created = await t.request('POST', '/api/v1/firm/tasks', { token: owner, body: { clientId: await one("select id from clients where name = 'Baltic Timber AS'"), title: 'Statement', assign: true, checklist: [{ text: 'March statement', requestsFile: true }] } });
    const item = created.json.checklistItems[0].id;
    const put = await t.app.request(`/api/v1/portal/tasks/${created.json.id}/files/march.pdf?item=${item}`, { method: 'PUT', headers: { authorization: `Bearer ${contact}` }, body: '%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n' });
    expect(put.status).toBe(201);
    const fileId = ((await put.json()) as { id: string }).id;
    expect((await t.request('POST', `/api/v1/firm/files/${fileId}/reject`, { token: owner, body: { reason: 'Page 2 is missing' } })).status).toBe(200);
    await t.runJobs();
    const [email] = (await t.db.$client.execute("select reply_to, text from emails where kind = 'file_rejected'")).rows;
    expect(String(email!.reply_to)).toMatch(new RegExp(`^t${created.json.id.slice(4)}\\.[a-z0-9.]+@${DOMAIN.replaceAll('.', '\\.')}$`));
    expect(String(email!.text)).toContain("your reply goes to the task's conversation");
  });

  it('carries its reply address on a reminder about one task', async () => {
    const owner = (await t.signIn('demo', 'owner@demo.test', 'staff')).token;
    const created = await t.request('POST', '/api/v1/firm/tasks', { token: owner, body: { clientId: await one("select id from clients where name = 'Baltic Timber AS'"), title: 'Reminded task', assign: true } });
    expect((await t.request('PATCH', `/api/v1/firm/tasks/${created.json.id}`, { token: owner, body: { reminderPolicy: 'urgent', version: created.json.version } })).status).toBe(200);
    t.clock.advance(301_000);
    await t.runJobs();
    t.clock.advance(36 * 3_600_000);
    await t.runJobs();
    const [reminder] = (await t.db.$client.execute("select reply_to, text from emails where kind = 'reminder'")).rows;
    expect(String(reminder!.reply_to)).toMatch(new RegExp(`^t${created.json.id.slice(4)}\\.[a-z0-9.]+@${DOMAIN.replaceAll('.', '\\.')}$`));
    expect(String(reminder!.text)).toContain("your reply goes to the task's conversation");
  });
});

describe('the notification of a portal message, answered by email', () => {
  it('carries the thread’s reply address; the reply, quoted history cut off, appears in the thread', async () => {
    const owner = (await t.signIn('demo', 'owner@demo.test', 'staff')).token;
    await t.request('POST', `/api/v1/firm/tasks/${taskId}/messages`, { token: owner, body: { body: 'Could you send the card receipts too?', visibility: 'portal' } });
    t.clock.advance(121_000);
    const mail = (await t.mailbox()).find((m) => m.subject.startsWith('New message from'))!;
    expect(mail.to).toBe('client@demo.test');
    expect(mail.text).toContain('You can reply to this email');
    expect(mail.replyTo).toMatch(new RegExp(`^t${taskId.slice(4)}\\.[a-z0-9.]+@${DOMAIN.replaceAll('.', '\\.')}$`));

    const reply = inboundMail('unused', {
      To: `"Demo & Partners Accounting" <${mail.replyTo}>`,
      ToFull: [{ Email: mail.replyTo!, Name: 'Demo & Partners Accounting', MailboxHash: '' }],
      OriginalRecipient: mail.replyTo!,
      Subject: `Re: ${mail.subject}`,
      MessageID: 'b7bc2f4a-e38e-4336-af7d-e6c392c2f817',
      StrippedTextReply: '',
      TextBody: `Yes, attached.\n\nOn Tue, 1 Dec 2026 at 10:02, Demo & Partners Accounting <portal@portico.test> wrote:\n> ${mail.text.split('\n').join('\n> ')}`,
      Attachments: [],
    });
    expect((await deliver(reply)).json.status).toBe('posted');
    const client = (await t.signIn('demo', 'client@demo.test')).token;
    const [answer, question] = (await t.request('GET', `/api/v1/portal/tasks/${taskId}/messages`, { token: client })).json.items;
    expect(answer).toMatchObject({ body: 'Yes, attached.', via: 'email', mine: true });
    expect(question).toMatchObject({ body: 'Could you send the card receipts too?', mine: false });
    const staffView = (await t.request('GET', `/api/v1/firm/tasks/${taskId}/messages`, { token: owner })).json.items[0];
    expect(staffView).toMatchObject({ body: 'Yes, attached.', via: 'email', visibility: 'portal', author: { type: 'contact', name: 'Kadri Kask' } });
  });

  it('has no reply address on a thread the contact can no longer write in', async () => {
    const owner = (await t.signIn('demo', 'owner@demo.test', 'staff')).token;
    await t.request('POST', `/api/v1/firm/tasks/${taskId}/complete`, { token: owner });
    await t.request('POST', `/api/v1/firm/tasks/${taskId}/messages`, { token: owner, body: { body: 'All done, thank you!', visibility: 'portal' } });
    t.clock.advance(121_000);
    const mail = (await t.mailbox()).find((m) => m.subject.startsWith('New message from'))!;
    expect(mail.text).toContain('All done, thank you!');
    expect(mail.replyTo).toBeNull();
    expect(mail.text).not.toContain('You can reply to this email');
  });
});

describe('a reply by email that is refused posts nothing and answers the sender once an hour', () => {
  const cases: [string, () => Models.InboundWebhook][] = [
    ['a forged token', () => inboundMail(tokenFor({}, 'not-the-signing-secret-of-this-server'))],
    ["another firm's token", () => inboundMail(tokenFor({ firmId: 'frm_otherfirm' }))],
    ['a token for a thread that does not exist', () => inboundMail(tokenFor({ threadId: 'tsk_doesnotexist' }))],
    ['no token at all', () => inboundMail('hello')],
    ["a stranger's address", () => inboundMail(tokenFor(), { From: 'stranger@evil.test', FromFull: { Email: 'stranger@evil.test', Name: '', MailboxHash: '' } })],
    ['a 20 MB attachment', () => inboundMail(tokenFor(), { Attachments: [{ Name: 'big.pdf', Content: Buffer.concat([PDF, Buffer.alloc(20_000_000)]).toString('base64'), ContentType: 'application/pdf', ContentLength: 20_000_000, ContentID: '' }] })],
    ['an attachment of a type uploads refuse', () => inboundMail(tokenFor(), { Attachments: [{ Name: 'run.exe', Content: Buffer.from('MZ\x90\x00\x03').toString('base64'), ContentType: 'application/octet-stream', ContentLength: 5, ContentID: '' }] })],
  ];
  it.each(cases)('%s', async (_name, mail) => {
    const before = await rows();
    const sender = mail().FromFull.Email;
    const res = await deliver(mail());
    expect(res.status).toBe(200);
    expect(res.json.status).toBe('refused');
    expect(await rows()).toEqual(before);
    expect(await t.count('emails')).toBeGreaterThan(0);
    expect(await refusalsTo(sender)).toHaveLength(1);
    // Its key is Postmark metadata: short, and without the sender's address.
    const keys = (await t.db.$client.execute("select job_key from emails where kind = 'reply_refused'")).rows.map((r) => String(r.job_key));
    expect(keys.every((k) => k.length <= 80 && !k.includes('@'))).toBe(true);
    // A second refusal within the hour sends no second answer.
    await deliver({ ...mail(), MessageID: 'another-id' });
    expect(await refusalsTo(sender)).toHaveLength(1);
  });

  it('a task the firm completed', async () => {
    const owner = (await t.signIn('demo', 'owner@demo.test', 'staff')).token;
    expect((await t.request('POST', `/api/v1/firm/tasks/${taskId}/complete`, { token: owner })).status).toBe(200);
    const before = await rows();
    expect((await deliver(inboundMail(tokenFor()))).json).toEqual({ status: 'refused', reason: 'closed' });
    expect(await rows()).toEqual(before);
    expect(await refusalsTo('client@demo.test')).toHaveLength(1);
  });

  it("a From address Postmark's SPF says was forged: no answer either (it would mail the person impersonated)", async () => {
    const forged = inboundMail(tokenFor(), {
      Headers: [
        { Name: 'X-Spam-Tests', Value: 'SPF_FAIL' },
        { Name: 'Received-SPF', Value: 'Fail (sender not SPF authorized) identity=mailfrom; client-ip=198.51.100.9; helo=evil.test; envelope-from=client@demo.test; receiver=abc@inbound.postmarkapp.com' },
      ],
    });
    const before = await rows();
    expect((await deliver(forged)).json).toEqual({ status: 'refused', reason: 'unverified' });
    expect(await rows()).toEqual(before);
    expect(await refusalsTo('client@demo.test')).toHaveLength(0);
    // Forged in a stranger's name, or with a token of no thread: still no answer to the address it impersonates.
    const spf = forged.Headers!.map((h) => (h.Name === 'Received-SPF' ? { ...h, Value: h.Value.replace('client@demo.test', 'victim@mail.test') } : h));
    expect((await deliver({ ...forged, From: 'victim@mail.test', FromFull: { Email: 'victim@mail.test', Name: 'Victim', MailboxHash: '' }, Headers: spf })).json).toEqual({ status: 'refused', reason: 'unverified' });
    expect((await deliver({ ...inboundMail('not-a-token'), From: 'victim@mail.test', FromFull: { Email: 'victim@mail.test', Name: 'Victim', MailboxHash: '' }, Headers: spf })).json).toEqual({ status: 'refused', reason: 'unverified' });
    expect(await refusalsTo('victim@mail.test')).toHaveLength(0);
    // The same reply as a provider sends it (SPF pass for the From domain, its DKIM signature) is posted.
    const genuine = inboundMail(tokenFor(), {
      Attachments: [],
      Headers: [
        { Name: 'X-Spam-Tests', Value: 'DKIM_SIGNED,DKIM_VALID,DKIM_VALID_AU,SPF_PASS' },
        { Name: 'Received-SPF', Value: 'Pass (sender SPF authorized) identity=mailfrom; client-ip=209.85.160.180; helo=mail.demo.test; envelope-from=client@demo.test; receiver=abc@inbound.postmarkapp.com' },
      ],
    });
    expect((await deliver(genuine)).json.status).toBe('posted');
  });

  it('an expired token (past 60 days)', async () => {
    const token = tokenFor();
    t.clock.advance(62 * 86_400_000);
    const res = await deliver(inboundMail(token));
    expect(res.json).toEqual({ status: 'refused', reason: 'expired' });
    expect(await t.count('messages')).toBe(0);
    expect((await refusalsTo('client@demo.test'))[0]!.text).toMatch(/Demo/);
  });

  it('answered in the language of the contact who wrote, in the firm’s name', async () => {
    await t.db.$client.execute("update contacts set locale = 'et' where email = 'client@demo.test'");
    const token = tokenFor();
    t.clock.advance(62 * 86_400_000);
    expect((await deliver(inboundMail(token))).json).toEqual({ status: 'refused', reason: 'expired' });
    const mail = (await t.mailbox()).find((m) => m.to === 'client@demo.test' && /ei saanud vestlusele lisada/.test(m.subject));
    expect(mail!.html).toContain('<html lang="et">');
    expect(mail!.fromName).toBe('Demo & Partners Accounting');
  });

  it('a closed thread: a withdrawn task, a closed request', async () => {
    const owner = (await t.signIn('demo', 'owner@demo.test', 'staff')).token;
    const token = tokenFor();
    expect((await t.request('POST', `/api/v1/firm/tasks/${taskId}/withdraw`, { token: owner })).status).toBe(200);
    expect((await deliver(inboundMail(token))).json).toEqual({ status: 'refused', reason: 'closed' });

    const client = (await t.signIn('demo', 'client@demo.test')).token;
    const request = (await t.request('POST', '/api/v1/portal/requests', { token: client, body: { clientId: await one("select id from clients where name = 'Northwind Bakery OÜ'"), subject: 'Hi', body: 'x' } })).json;
    await t.request('POST', `/api/v1/firm/requests/${request.id}/close`, { token: owner });
    expect((await deliver(inboundMail(tokenFor({ kind: 'request', threadId: request.id }), { MessageID: 'second' }))).json).toEqual({ status: 'refused', reason: 'closed' });
    expect(await t.count('messages')).toBe(0);
  });
});

describe('the inbound webhook', () => {
  it.each([
    ['no basic auth', null],
    ['a wrong password', `Basic ${Buffer.from('postmark:wrong').toString('base64')}`],
    ['a bearer token', 'Bearer abc'],
  ])('refuses %s with 401 and posts nothing', async (_name, authorization) => {
    const res = await deliver(inboundMail(tokenFor()), authorization);
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toMatch(/^Basic/);
    expect(await t.count('messages')).toBe(0);
  });

  it('answers malformed JSON with 400', async () => {
    expect((await deliver('{"From": ')).status).toBe(400);
    expect((await deliver({ From: 'x' })).status).toBe(400);
    expect(await t.count('messages')).toBe(0);
  });

  it('is 404 when replies by email are not set up', async () => {
    const plain = await createTestApp();
    try {
      expect((await plain.request('POST', '/api/v1/hooks/postmark/inbound', { body: {}, headers: { authorization: AUTH } })).status).toBe(404);
    } finally {
      plain.cleanup();
    }
  });
});
