import { createHash, timingSafeEqual } from 'node:crypto';
import { hashSecret } from '../lib/secrets.ts';
import { Hono, type Context } from 'hono';
import * as v from 'valibot';
import type { AppEnv } from '../env.ts';
import { ApiError, notFound } from '../errors.ts';
import { newId } from '../../db/ids.ts';
import { findContactByEmail, getFirm } from '../data/firms.ts';
import { contactEmailOf, findPortalThread, firmOfThread, isPostedSource, messageFilesInsert, postMessageStatements, type Thread } from '../data/messages.ts';
import { hitRateLimit } from '../data/rate-limits.ts';
import { replyText, senderVerified } from '../domain/inbound-mail.ts';
import { cleanFileName, MAX_FILE_BYTES } from '../domain/files.ts';
import { receiveBlob, type StoredBlob } from '../data/uploads.ts';
import type { BlobStore } from '../ports/blob-store.ts';
import { replyRefusedEmail } from '../emails/reply-refused-email.ts';
import { emailFirm, senderName } from '../emails/brand.ts';
import { queueEmail } from '../jobs/email.ts';
import { checkReplyToken, parseReplyToken } from '../lib/reply-token.ts';
import { validate } from '../middleware/validate.ts';
import { clientPostRefusal, MAX_MESSAGE_CHARS } from './messages.ts';
import { op } from './openapi.ts';

/** Postmark's own limit for an inbound email with its attachments is 35 MB. */
export const INBOUND_MAX_BYTES = 36 * 1024 * 1024;
const REFUSAL_WINDOW_MS = 3_600_000;

const Address = v.object({ Email: v.string(), Name: v.optional(v.string()), MailboxHash: v.optional(v.string()) });
/** Postmark's inbound webhook JSON: the fields we read (others are let through and ignored). */
const InboundMail = v.object({
  MessageID: v.pipe(v.string(), v.minLength(1), v.maxLength(200)),
  From: v.optional(v.string()),
  FromFull: v.optional(Address),
  To: v.optional(v.string()),
  ToFull: v.optional(v.array(Address)),
  CcFull: v.optional(v.array(Address)),
  BccFull: v.optional(v.array(Address)),
  OriginalRecipient: v.optional(v.string()),
  MailboxHash: v.optional(v.string()),
  Subject: v.optional(v.string()),
  TextBody: v.optional(v.string()),
  StrippedTextReply: v.optional(v.string()),
  Headers: v.optional(v.array(v.object({ Name: v.string(), Value: v.string() })), []),
  Attachments: v.optional(v.array(v.object({ Name: v.string(), Content: v.string(), ContentType: v.optional(v.string()), ContentLength: v.optional(v.number()) })), []),
});
type Mail = v.InferOutput<typeof InboundMail>;

type Refusal = 'no_token' | 'forged' | 'expired' | 'stranger' | 'unverified' | 'closed' | 'file_refused' | 'empty';

const sameSecret = (a: string, b: string) => {
  const [x, y] = [createHash('sha256').update(a).digest(), createHash('sha256').update(b).digest()];
  return timingSafeEqual(x, y);
};

/** Postmark sends a webhook's basic-auth pair (`https://user:password@host/...`); anything else is 401. */
export function assertBasicAuth(c: Context<AppEnv>, expected: { user: string; password: string }, hook = 'inbound') {
  const match = /^Basic\s+([A-Za-z0-9+/=]+)$/i.exec(c.req.header('authorization') ?? '');
  const pair = match ? Buffer.from(match[1]!, 'base64').toString('utf8') : '';
  const colon = pair.indexOf(':');
  const ok = colon > 0 && sameSecret(pair.slice(0, colon), expected.user) && sameSecret(pair.slice(colon + 1), expected.password);
  if (!ok) throw new ApiError(401, 'unauthorized', `Postmark ${hook}: wrong or missing basic auth`, undefined, { 'WWW-Authenticate': `Basic realm="postmark-${hook}"` });
}

const lower = (s: string | undefined) => (s ?? '').trim().toLowerCase();
/** The bare address of `Name <a@b>` or `a@b`. */
const bareAddress = (s: string | undefined) => lower(/<([^>]+)>/.exec(s ?? '')?.[1] ?? s);

/** The sender's address, as the From header gives it. */
const senderOf = (mail: Mail) => lower(mail.FromFull?.Email) || bareAddress(mail.From);

/** The reply token of the mail: the mailbox hash, else the local part of a recipient on our inbound domain. */
function tokenOf(mail: Mail, domain: string) {
  const recipients = [...(mail.ToFull ?? []), ...(mail.CcFull ?? []), ...(mail.BccFull ?? [])];
  const candidates = [
    mail.MailboxHash,
    ...recipients.map((r) => r.MailboxHash),
    ...[...recipients.map((r) => r.Email), mail.OriginalRecipient].map((address) => {
      const [local, host] = lower(address).split('@');
      return host === domain.toLowerCase() ? local : undefined;
    }),
  ];
  for (const candidate of candidates) {
    const parsed = candidate ? parseReplyToken(candidate) : null;
    if (parsed) return parsed;
  }
  return null;
}

interface Decoded {
  name: string;
  bytes: Uint8Array;
}

/** Every attachment decoded, named safely and within the size limit; null when one is refused (then none is stored). */
function checkAttachments(mail: Mail): Decoded[] | null {
  const decoded: Decoded[] = [];
  for (const attachment of mail.Attachments) {
    // Base64 is 4 characters for 3 bytes: refuse before decoding what cannot fit.
    if (attachment.Content.length > Math.ceil(MAX_FILE_BYTES / 3) * 4 + 4) return null;
    const bytes = new Uint8Array(Buffer.from(attachment.Content, 'base64'));
    const name = cleanFileName(attachment.Name);
    if (!name.ok || bytes.length === 0 || bytes.length > MAX_FILE_BYTES) return null;
    decoded.push({ name: name.name, bytes });
  }
  return decoded;
}

/** Stores the attachments through the upload pipeline (sniffed and hashed like any upload); null, with nothing kept, when one is refused. */
async function storeAttachments(blobs: BlobStore, attachments: Decoded[]) {
  const stored: (Decoded & StoredBlob)[] = [];
  try {
    for (const attachment of attachments) {
      stored.push({ ...attachment, ...(await receiveBlob(blobs, new Blob([attachment.bytes as Uint8Array<ArrayBuffer>]).stream(), attachment.name)) });
    }
    return stored;
  } catch (error) {
    await Promise.all(stored.map((f) => blobs.delete(f.key)));
    if (error instanceof ApiError) return null;
    throw error;
  }
}

/** One short answer per sender per hour, saying how to reach the firm; never to our own inbound domain (no loops). */
async function answerRefusal(c: Context<AppEnv>, sender: string, firmId: string | null) {
  const { db, clock, config } = c.get('deps');
  if (!sender.includes('@') || sender.endsWith(`@${config.inbound!.domain.toLowerCase()}`)) return;
  const now = clock.now();
  if ((await hitRateLimit(db, `inbound-refusal:${sender}`, 1, REFUSAL_WINDOW_MS, now)) > 0) return;
  const firm = firmId ? await getFirm(db, firmId) : null;
  // In the writer's language when they are a contact of the firm.
  const writer = firm ? await findContactByEmail(db, firm.id, sender) : null;
  await queueEmail(db, clock, {
    firmId,
    kind: 'reply_refused',
    to: sender,
    // The key goes to Postmark as metadata (short values only, and no one's address): the sender as a hash.
    key: `inbound-refusal:${hashSecret(sender).slice(0, 32)}:${now - (now % REFUSAL_WINDOW_MS)}`,
    ...(firm ? { fromName: senderName(firm.name) } : {}),
    ...replyRefusedEmail({ firm: firm ? emailFirm(firm, config) : null, locale: writer?.locale ?? firm?.locale ?? 'en', portalUrl: firm ? (firm.portalUrl ?? `${config.publicUrl}/p/${firm.slug}`) : null }),
  });
}

/** Turns one inbound email into a portal message, or answers why not. */
async function receive(c: Context<AppEnv>, mail: Mail): Promise<{ status: 'posted' | 'duplicate'; messageId?: string } | { status: 'refused'; reason: Refusal; firmId: string | null }> {
  const { db, clock, config, blobs } = c.get('deps');
  const now = clock.now();
  // First of all: a From that Postmark's checks do not back gets no answer of any kind (it would mail the person it impersonates).
  const sender = senderOf(mail);
  if (!senderVerified(mail.Headers, sender)) return { status: 'refused', reason: 'unverified', firmId: null };
  const parsed = tokenOf(mail, config.inbound!.domain);
  if (!parsed) return { status: 'refused', reason: 'no_token', firmId: null };
  const thread: Thread = { kind: parsed.kind, id: parsed.threadId };
  const firmId = await firmOfThread(db, thread);
  if (!firmId) return { status: 'refused', reason: 'forged', firmId: null };
  const check = checkReplyToken(config.signingSecret, parsed, firmId, now);
  if (check !== 'valid') return { status: 'refused', reason: check, firmId: check === 'expired' ? firmId : null };
  const contactEmail = await contactEmailOf(db, firmId, parsed.contactId);
  if (!contactEmail || lower(contactEmail) !== sender) return { status: 'refused', reason: 'stranger', firmId };
  if (await isPostedSource(db, firmId, mail.MessageID)) return { status: 'duplicate' };
  const author = { kind: 'contact' as const, firmId, contactId: parsed.contactId };
  const info = await findPortalThread(db, author, thread);
  if (!info || (await clientPostRefusal(db, author, info))) return { status: 'refused', reason: 'closed', firmId };
  const attachments = checkAttachments(mail);
  if (!attachments) return { status: 'refused', reason: 'file_refused', firmId };
  let body = (mail.StrippedTextReply?.trim() || replyText(mail.TextBody ?? '')).slice(0, MAX_MESSAGE_CHARS).trim();
  if (!body && attachments.length === 0) return { status: 'refused', reason: 'empty', firmId };
  if (!body) body = attachments.map((a) => a.name).join(', ');

  const stored = await storeAttachments(blobs, attachments);
  if (!stored) return { status: 'refused', reason: 'file_refused', firmId };
  const { id: messageId, statements } = postMessageStatements(db, author, info, { body, visibility: 'portal', via: 'email', sourceId: mail.MessageID }, now);
  const fileRows = stored.map((f) => ({
    id: newId('fil'),
    firmId,
    clientId: info.clientId,
    workId: info.workId,
    taskId: thread.kind === 'task' ? thread.id : null,
    requestId: thread.kind === 'request' ? thread.id : null,
    messageId,
    name: f.name,
    size: f.size,
    type: f.type,
    sha256: f.sha256,
    blobKey: f.key,
    uploadedByType: 'contact' as const,
    uploadedById: parsed.contactId,
    createdAt: now,
  }));
  try {
    // The files go right after the message (their message_id names it). A retried webhook that lost the race
    // fails on the message's unique source id, and its whole batch with it: no second file, event or state change.
    const [message, ...rest] = statements;
    await db.batch([message, ...(fileRows.length ? [messageFilesInsert(db, fileRows)] : []), ...rest]);
  } catch (error) {
    await Promise.all(stored.map((f) => blobs.delete(f.key)));
    if (await isPostedSource(db, firmId, mail.MessageID)) return { status: 'duplicate' };
    throw error;
  }
  return { status: 'posted', messageId };
}

/**
 * Replies by email: Postmark's inbound webhook. A client answering a
 * notification writes to `<token>@<INBOUND_DOMAIN>`; the signed token names
 * the thread and the contact. Postmark is always answered 200 for a
 * well-formed email, posted or not, so it does not retry a refusal.
 */
export const inboundRoutes = new Hono<AppEnv>().post(
  '/inbound',
  op('hooks', "Postmark's inbound webhook: an email reply becomes a portal message", {
    errors: [401, 404, 413],
    description:
      'Basic auth with POSTMARK_INBOUND_USER / POSTMARK_INBOUND_PASSWORD (401 otherwise); 404 when replies by email are not set up (no INBOUND_DOMAIN). ' +
      'The body is Postmark\'s inbound JSON. The reply (StrippedTextReply, else TextBody without quoted history and signature) is posted as a portal message of the contact the token names, ' +
      'once per MessageID (a retry, even one racing the first delivery, answers `duplicate` and writes nothing), with its attachments checked like uploads (at most 10 MB each, allowed types only). ' +
      'The sender must be the contact the token names, and Postmark\'s checks must back the From address: a DKIM signature of its domain (`DKIM_VALID_AU` in `X-Spam-Tests`), ' +
      'else Postmark\'s `Received-SPF` about the From domain (its `envelope-from`) and not `Fail` or `SoftFail`; a reply without a `Received-SPF` header is judged on the From address alone. ' +
      'A reply from another address, with a forged, expired or other firm\'s token, to a closed thread (a task the firm completed, a withdrawn task, a closed or converted request), or with a refused attachment is not posted; ' +
      'the sender gets one short email (at most one an hour) saying how to reach the firm. A reply Postmark\'s checks do not back (`unverified`) gets no answer: its From is likely forged. ' +
      'Answers 200 `{ status: "posted" | "duplicate" | "refused" }` for every well-formed email, a refusal with its `reason` ' +
      '(`no_token`, `forged`, `expired`, `stranger`, `unverified`, `closed`, `file_refused`, `empty`); 400 for malformed JSON.',
  }),
  async (c, next) => {
    const inbound = c.get('deps').config.inbound;
    if (!inbound) throw notFound('Replies by email are not set up on this server');
    assertBasicAuth(c, inbound);
    await next();
  },
  validate('json', InboundMail),
  async (c) => {
    const mail = c.req.valid('json');
    const result = await receive(c, mail);
    if (result.status !== 'refused') return c.json(result);
    // A From that Postmark's checks do not back is likely forged: answering it would mail the person it impersonates.
    if (result.reason !== 'unverified') await answerRefusal(c, senderOf(mail), result.firmId);
    return c.json({ status: 'refused' as const, reason: result.reason });
  },
);
