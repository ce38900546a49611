import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * The signed token in a per-thread reply address (`<token>@<inbound domain>`):
 * whoever answers a notification email reaches that thread as that contact.
 *
 * Layout, all lowercase base36 so a mail server that changes the case of the
 * local part changes nothing: `<t|r><thread>.<contact>.<expiry>.<mac>`, where
 * thread and contact are the ids without their prefix, expiry is the day
 * (days since 1970) after which it no longer works, and mac is 64 bits of an
 * HMAC-SHA256 over the firm, the thread, the contact and the expiry. With the
 * ids of `newId` (20 characters) that is 61 characters: a local part may hold 64.
 */
export interface ReplyThread {
  firmId: string;
  kind: 'task' | 'request';
  threadId: string;
  contactId: string;
}

const DAY_MS = 86_400_000;
export const REPLY_TOKEN_DAYS = 60;
const MAX_LOCAL_PART = 64;
const PREFIX = { task: 'tsk_', request: 'req_' } as const;
const KIND_LETTER = { task: 't', request: 'r' } as const;
const CONTACT_PREFIX = 'con_';
const TOKEN = /^([tr])([a-z0-9]{1,40})\.([a-z0-9]{1,40})\.([a-z0-9]{1,6})\.([a-z0-9]{13})$/;

function mac(secret: string, thread: ReplyThread, expiryDay: number): string {
  const digest = createHmac('sha256', secret).update(`reply:v1:${thread.firmId}:${thread.threadId}:${thread.contactId}:${expiryDay}`).digest();
  return digest.readBigUInt64BE(0).toString(36).padStart(13, '0');
}

const unprefixed = (id: string, prefix: string) => (id.startsWith(prefix) ? id.slice(prefix.length) : null);

/** The token for a thread and contact, valid `REPLY_TOKEN_DAYS` from `now`; null when the ids do not fit an address. */
export function replyToken(secret: string, thread: ReplyThread, now: number): string | null {
  const threadPart = unprefixed(thread.threadId, PREFIX[thread.kind]);
  const contactPart = unprefixed(thread.contactId, CONTACT_PREFIX);
  if (!threadPart || !contactPart) return null;
  const expiryDay = Math.ceil((now + REPLY_TOKEN_DAYS * DAY_MS) / DAY_MS);
  const token = `${KIND_LETTER[thread.kind]}${threadPart}.${contactPart}.${expiryDay.toString(36)}.${mac(secret, thread, expiryDay)}`;
  return token.length <= MAX_LOCAL_PART ? token : null;
}

/** The reply address of a thread for a contact, when replies by email are set up (and the ids fit). */
export function replyAddress(config: { signingSecret: string; inbound: { domain: string } | undefined }, thread: ReplyThread, now: number): string | undefined {
  if (!config.inbound) return undefined;
  const token = replyToken(config.signingSecret, thread, now);
  return token ? `${token}@${config.inbound.domain}` : undefined;
}

/** What a token names, before its signature is checked (the firm comes from the thread's row). */
export interface ParsedReplyToken {
  kind: 'task' | 'request';
  threadId: string;
  contactId: string;
  expiryDay: number;
  mac: string;
}

/** Reads a token's parts (any case); null when it is not shaped like one. */
export function parseReplyToken(token: string): ParsedReplyToken | null {
  const match = TOKEN.exec(token.toLowerCase());
  if (!match) return null;
  const [, letter, thread, contact, expiry, signature] = match as unknown as [string, 't' | 'r', string, string, string, string];
  const kind = letter === 't' ? 'task' : 'request';
  return { kind, threadId: `${PREFIX[kind]}${thread}`, contactId: `${CONTACT_PREFIX}${contact}`, expiryDay: parseInt(expiry, 36), mac: signature };
}

/**
 * Checks a parsed token against the firm its thread belongs to: `'valid'`,
 * `'expired'` (signed by us, past its day) or `'forged'` (a wrong signature,
 * also one made for another firm).
 */
export function checkReplyToken(secret: string, parsed: ParsedReplyToken, firmId: string, now: number): 'valid' | 'expired' | 'forged' {
  const expected = Buffer.from(mac(secret, { firmId, kind: parsed.kind, threadId: parsed.threadId, contactId: parsed.contactId }, parsed.expiryDay));
  const given = Buffer.from(parsed.mac);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return 'forged';
  return now > parsed.expiryDay * DAY_MS ? 'expired' : 'valid';
}
