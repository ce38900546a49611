import { randomInt } from 'node:crypto';
import { and, desc, eq, gt, gte, isNotNull, isNull, lt, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { apiKeys, contacts, firms, members, sessions, signInTokens } from '../../db/schema.ts';
import { portalClientsOf } from './firms.ts';
import type { Caller } from '../domain/caller.ts';
import { newId } from '../../db/ids.ts';
import { recordContactHistory } from './contact-history.ts';
import { recordActivity, recordActivityIfChanged } from './activity.ts';
import { hashSecret, newSecret } from '../lib/secrets.ts';
import { sign, verify } from '../lib/signing.ts';

export type Audience = 'client' | 'staff';

/** Bearer secrets say what they are: `ps_` sessions, `pk_` firm API keys. */
const SESSION_PREFIX = 'ps_';
const API_KEY_PREFIX = 'pk_';

/** Wrong codes typed against one sign-in token before the code and its link stop working. */
export const MAX_CODE_FAILURES = 5;

/** A 6-digit code from the CSPRNG; `randomInt` has no modulo bias. */
const newSignInCode = () => String(randomInt(0, 1_000_000)).padStart(6, '0');
/** Keyed with SIGNING_SECRET and bound to its token: a million codes are no secret to a plain hash. */
const codeHashOf = (signingSecret: string, tokenId: string, code: string) => sign(signingSecret, ['sign-in-code', tokenId, code]);

export type SignInPurpose = 'sign_in' | 'invitation' | 'pin_reset';

/**
 * Makes a sign-in link's token and, for a sign-in or invitation, the 6-digit
 * code that goes beside it (a PIN reset has none: it is a link to click);
 * only their hashes are kept.
 */
export async function createSignInToken(
  db: Db,
  input: { firmId: string; audience: Audience; subjectId: string; now: number; ttlMs: number; signingSecret: string; purpose?: SignInPurpose },
): Promise<{ id: string; token: string; code: string | null }> {
  const token = newSecret();
  const purpose = input.purpose ?? 'sign_in';
  const code = purpose === 'pin_reset' ? null : newSignInCode();
  const id = newId('sit');
  await db.insert(signInTokens).values({
    id,
    firmId: input.firmId,
    tokenHash: hashSecret(token),
    purpose,
    codeHash: code === null ? null : await codeHashOf(input.signingSecret, id, code),
    audience: input.audience,
    subjectId: input.subjectId,
    expiresAt: input.now + input.ttlMs,
    createdAt: input.now,
  });
  return { id, token, code };
}

/** Unused, unexpired, and its code not guessed at too often (which kills the link with it). */
const usable = (now: number) => and(isNull(signInTokens.usedAt), gt(signInTokens.expiresAt, now), lt(signInTokens.codeFailures, MAX_CODE_FAILURES));

export type SignInToken = typeof signInTokens.$inferSelect;

/** A sign-in token that is still usable, without consuming it. */
export async function findUsableSignInToken(db: Db, token: string, now: number): Promise<SignInToken | null> {
  const [row] = await db
    .select()
    .from(signInTokens)
    .where(and(eq(signInTokens.tokenHash, hashSecret(token)), usable(now)));
  return row ?? null;
}

/**
 * Consumes a sign-in token (found by `findUsableSignInToken` or
 * `matchSignInCode`) and opens its session in one batch: the conditional
 * update makes a token usable once even when two clicks race, and the session
 * is written only by the statement that consumed it, in the same transaction,
 * so a failure never burns the link without a session.
 */
export async function exchangeSignInToken(db: Db, tokenId: string, now: number, sessionTtlMs: number) {
  const which = eq(signInTokens.id, tokenId);
  const secret = SESSION_PREFIX + newSecret();
  const sessionId = newId('ses');
  const [used] = await db.batch([
    db.update(signInTokens).set({ usedAt: now }).where(and(which, usable(now))).returning(),
    db.run(sql`insert into ${sessions} (id, firm_id, token_hash, audience, subject_id, expires_at, created_at)
      select ${sessionId}, firm_id, ${hashSecret(secret)}, audience, subject_id, ${now + sessionTtlMs}, ${now}
      from ${signInTokens} where ${which} and used_at = ${now} and changes() = 1`),
  ]);
  const consumed = used[0];
  if (!consumed) return null;
  const session = { id: sessionId, firmId: consumed.firmId, audience: consumed.audience, subjectId: consumed.subjectId, expiresAt: now + sessionTtlMs };
  return { secret, session };
}

/**
 * Finds the live sign-in link whose code this is, among all the person's (the
 * newest email is not always the one opened), without using it. A wrong code
 * counts against every live link of that person, so guessing gets five tries
 * in all, not five per link; from the try that reaches the limit on, `locked`.
 */
export async function matchSignInCode(
  db: Db,
  input: { firmId: string; audience: Audience; subjectId: string; code: string; now: number; signingSecret: string },
): Promise<SignInToken | 'wrong' | 'locked'> {
  const { firmId, audience, subjectId, now } = input;
  const mine = and(eq(signInTokens.firmId, firmId), eq(signInTokens.audience, audience), eq(signInTokens.subjectId, subjectId));
  const live = await db
    .select()
    .from(signInTokens)
    .where(and(mine, usable(now), isNotNull(signInTokens.codeHash)))
    .orderBy(desc(signInTokens.createdAt))
    .limit(10);
  for (const row of live) {
    if (row.codeHash && (await verify(input.signingSecret, ['sign-in-code', row.id, input.code], row.codeHash))) return row;
  }
  if (live.length === 0) {
    const [locked] = await db
      .select({ id: signInTokens.id })
      .from(signInTokens)
      .where(and(mine, isNull(signInTokens.usedAt), gt(signInTokens.expiresAt, now), gte(signInTokens.codeFailures, MAX_CODE_FAILURES)))
      .limit(1);
    return locked ? 'locked' : 'wrong';
  }
  const counted = await db
    .update(signInTokens)
    .set({ codeFailures: sql`${signInTokens.codeFailures} + 1` })
    .where(and(mine, usable(now), isNotNull(signInTokens.codeHash)))
    .returning({ failures: signInTokens.codeFailures });
  return counted.some((row) => row.failures >= MAX_CODE_FAILURES) ? 'locked' : 'wrong';
}

/** How long a staff preview of the portal lasts. */
export const PREVIEW_TTL_MS = 15 * 60_000;

/**
 * Opens a read-only portal session as the firm's contact for a member (a
 * preview): answers null when the firm has no such contact. The contact's
 * history notes it (`contact.previewed { by }`); no sign-in is recorded.
 */
export async function openPreviewSession(db: Db, input: { firmId: string; contactId: string; memberId: string; now: number }) {
  const [contact] = await db
    .select({ id: contacts.id })
    .from(contacts)
    .where(and(eq(contacts.firmId, input.firmId), eq(contacts.id, input.contactId)));
  if (!contact) return null;
  const secret = SESSION_PREFIX + newSecret();
  const expiresAt = input.now + PREVIEW_TTL_MS;
  await db.batch([
    db.insert(sessions).values({ id: newId('ses'), firmId: input.firmId, tokenHash: hashSecret(secret), audience: 'client', subjectId: contact.id, expiresAt, previewBy: input.memberId, createdAt: input.now }),
    recordContactHistory(db, { firmId: input.firmId, contactId: contact.id, actor: { type: 'member', id: input.memberId }, action: 'contact.previewed', data: { by: input.memberId }, at: input.now }),
  ]);
  return { secret, expiresAt };
}

/**
 * Access health: when the person last signed in. A used link (or right
 * code) also clears the person's wrong-code count, and with it a code lock.
 */
export async function recordSignIn(db: Db, session: { firmId: string; audience: Audience; subjectId: string }, now: number): Promise<void> {
  if (session.audience === 'client') {
    await db.batch([
      db
        .update(contacts)
        .set({ lastSignInAt: now, signInFailures: 0, signInFailuresSince: null })
        .where(and(eq(contacts.firmId, session.firmId), eq(contacts.id, session.subjectId))),
      recordContactHistory(db, { firmId: session.firmId, contactId: session.subjectId, actor: { type: 'contact', id: session.subjectId }, action: 'contact.signed_in', at: now }),
    ]);
    return;
  }
  await db
    .update(members)
    .set({ lastSignInAt: now, signInFailures: 0, signInFailuresSince: null })
    .where(and(eq(members.firmId, session.firmId), eq(members.id, session.subjectId)));
}

/** Wrong codes for one person, across all their links, are counted over this window (a link's lifetime). */
export const CODE_FAILURE_WINDOW_MS = 24 * 3_600_000;

/** Where an audience's people are kept: contacts sign in to the portal, members to the console. */
const peopleOf = (audience: Audience) => (audience === 'client' ? contacts : members);

/** Whether the person's sign-in code is locked: five wrong codes, until one of their links is used. */
export async function personCodeLocked(db: Db, firmId: string, audience: Audience, personId: string): Promise<boolean> {
  const people = peopleOf(audience);
  const [row] = await db
    .select({ failures: people.signInFailures })
    .from(people)
    .where(and(eq(people.firmId, firmId), eq(people.id, personId)));
  return (row?.failures ?? 0) >= MAX_CODE_FAILURES;
}

/**
 * Counts one wrong code for the person (a count older than the window starts
 * again, unless it already locked: a lock holds until a link is used). At the
 * limit every live link of theirs dies with its code, so a code cannot be
 * guessed link after link. Answers whether the person is now locked.
 */
export async function countPersonCodeFailure(db: Db, firmId: string, audience: Audience, personId: string, now: number): Promise<boolean> {
  const people = peopleOf(audience);
  const stale = sql`(${people.signInFailures} < ${MAX_CODE_FAILURES} and (${people.signInFailuresSince} is null or ${people.signInFailuresSince} <= ${now - CODE_FAILURE_WINDOW_MS}))`;
  const [row] = await db
    .update(people)
    .set({
      signInFailures: sql`case when ${stale} then 1 else ${people.signInFailures} + 1 end`,
      signInFailuresSince: sql`case when ${stale} then ${now} else ${people.signInFailuresSince} end`,
    })
    .where(and(eq(people.firmId, firmId), eq(people.id, personId)))
    .returning({ failures: people.signInFailures });
  const locked = (row?.failures ?? 0) >= MAX_CODE_FAILURES;
  if (locked) {
    await db
      .update(signInTokens)
      .set({ codeFailures: MAX_CODE_FAILURES })
      .where(and(eq(signInTokens.firmId, firmId), eq(signInTokens.audience, audience), eq(signInTokens.subjectId, personId), usable(now), isNotNull(signInTokens.codeHash)));
  }
  return locked;
}

export async function revokeSession(db: Db, sessionId: string, now: number): Promise<void> {
  await db.update(sessions).set({ revokedAt: now }).where(eq(sessions.id, sessionId));
}

/**
 * Creates an API key for server-to-server use; the secret is shown once and
 * only its hash is kept. Made by a member (`by`), it goes into the firm's
 * activity (`firm.api_key_created`).
 */
export async function createApiKey(db: Db, firmId: string, name: string, now: number, by?: Caller) {
  const secret = API_KEY_PREFIX + newSecret();
  const key = { id: newId('key'), firmId, name, keyHash: hashSecret(secret), prefix: secret.slice(0, 10), createdAt: now };
  const insert = db.insert(apiKeys).values(key);
  if (by) await db.batch([insert, recordActivity(db, { firmId, subjectId: firmId, caller: by, action: 'firm.api_key_created', data: { keyId: key.id, name }, at: now })]);
  else await insert;
  return { ...apiKeyView(key), secret };
}

function apiKeyView(key: Pick<typeof apiKeys.$inferSelect, 'id' | 'name' | 'prefix' | 'createdAt'> & { revokedAt?: number | null }) {
  return { id: key.id, name: key.name, prefix: key.prefix, createdAt: key.createdAt, revokedAt: key.revokedAt ?? null };
}

export async function listApiKeys(db: Db, firmId: string) {
  const rows = await db.select().from(apiKeys).where(eq(apiKeys.firmId, firmId)).orderBy(desc(apiKeys.createdAt));
  return rows.map(apiKeyView);
}

/** Revokes a key of the firm; answers false when the firm has no such live key. */
export async function revokeApiKey(db: Db, firmId: string, keyId: string, now: number, by?: Caller): Promise<boolean> {
  const revoke = db
    .update(apiKeys)
    .set({ revokedAt: now })
    .where(and(eq(apiKeys.firmId, firmId), eq(apiKeys.id, keyId), isNull(apiKeys.revokedAt)))
    .returning({ id: apiKeys.id });
  if (!by) return (await revoke).length === 1;
  const [revoked] = await db.batch([revoke, recordActivityIfChanged(db, { firmId, subjectId: firmId, caller: by, action: 'firm.api_key_revoked', data: { keyId }, at: now })]);
  return revoked.length === 1;
}

interface CacheEntry {
  caller: Caller | null;
  until: number;
}

/**
 * Resolves bearer secrets to callers, with the contact's companies and the
 * firm's timezone. Lookups are cached for a few seconds
 * (`SESSION_CACHE_SECONDS`) so a busy widget costs one query, not three; a
 * sign-out on this instance drops the entry at once, one on another instance
 * (or a company closed or unlinked) takes effect within that lag.
 */
export class SessionStore {
  readonly #cache = new Map<string, CacheEntry>();

  constructor(
    private readonly db: Db,
    private readonly cacheMs: number,
    private readonly maxEntries = 10_000,
  ) {}

  async resolve(secret: string, now: number): Promise<Caller | null> {
    const hash = hashSecret(secret);
    const hit = this.#cache.get(hash);
    if (hit && hit.until > now) return hit.caller;
    const caller = secret.startsWith(API_KEY_PREFIX) ? await this.#apiKey(hash) : await this.#session(hash, now);
    if (this.cacheMs > 0) {
      if (this.#cache.size >= this.maxEntries) this.#cache.clear();
      this.#cache.set(hash, { caller, until: now + this.cacheMs });
    }
    return caller;
  }

  forget(secret: string): void {
    this.#cache.delete(hashSecret(secret));
  }

  /** Drops every cached lookup (a revoked API key is known only by id here). */
  forgetAll(): void {
    this.#cache.clear();
  }

  async #session(hash: string, now: number): Promise<Caller | null> {
    const [row] = await this.db
      .select({ id: sessions.id, firmId: sessions.firmId, audience: sessions.audience, subjectId: sessions.subjectId, previewBy: sessions.previewBy, role: members.role, timezone: firms.timezone })
      .from(sessions)
      .innerJoin(firms, eq(firms.id, sessions.firmId))
      // The member of a staff session, or the one who opened a preview (which ends with their membership or admin role).
      .leftJoin(members, and(eq(members.id, sql`case when ${sessions.audience} = 'staff' then ${sessions.subjectId} else ${sessions.previewBy} end`), eq(members.firmId, sessions.firmId), isNull(members.removedAt)))
      .where(and(eq(sessions.tokenHash, hash), isNull(sessions.revokedAt), gt(sessions.expiresAt, now)));
    if (!row) return null;
    if (row.audience === 'client') {
      if (row.previewBy && row.role !== 'owner' && row.role !== 'admin') return null;
      const companies = await portalClientsOf(this.db, row.firmId, row.subjectId);
      return { kind: 'contact', firmId: row.firmId, contactId: row.subjectId, sessionId: row.id, clientIds: companies.map((c) => c.id), timezone: row.timezone, previewBy: row.previewBy };
    }
    if (!row.role) return null; // the member was removed
    return { kind: 'member', firmId: row.firmId, memberId: row.subjectId, role: row.role, sessionId: row.id, timezone: row.timezone };
  }

  async #apiKey(hash: string): Promise<Caller | null> {
    const [row] = await this.db
      .select({ id: apiKeys.id, firmId: apiKeys.firmId, timezone: firms.timezone })
      .from(apiKeys)
      .innerJoin(firms, eq(firms.id, apiKeys.firmId))
      .where(and(eq(apiKeys.keyHash, hash), isNull(apiKeys.revokedAt)));
    return row ? { kind: 'apikey', firmId: row.firmId, keyId: row.id, timezone: row.timezone } : null;
  }
}
