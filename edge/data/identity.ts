import { and, eq, sql } from 'drizzle-orm';
import { errors as joseErrors, jwtVerify } from 'jose';
import * as v from 'valibot';
import type { Db } from '../../db/client.ts';
import { newId } from '../../db/ids.ts';
import { contacts, firms, identityTokenUses, sessions } from '../../db/schema.ts';
import { hashSecret, newSecret } from '../lib/secrets.ts';
import { sign } from '../lib/signing.ts';
import type { StaffCaller } from '../domain/caller.ts';
import { recordActivity } from './activity.ts';
import type { Firm } from './firms.ts';

/** An identity token may live at most this long (`exp - iat`), and is accepted this far past its times. */
export const IDENTITY_TOKEN_MAX_SECONDS = 300;
const CLOCK_SKEW_SECONDS = 30;
const SESSION_PREFIX = 'ps_';

/**
 * A firm's embed secret, derived from SIGNING_SECRET, the firm and the
 * secret's version: nothing to store, so nothing to steal from the database;
 * bumping the version revokes the old one. `pes_` lets secret scanners spot it.
 */
export async function embedSecretOf(signingSecret: string, firmId: string, version: number): Promise<string> {
  return `pes_${await sign(signingSecret, ['embed-secret', firmId, version])}`;
}

/** Makes a new embed secret for the firm (the old one stops working) and answers it: the only time it is shown. */
export async function regenerateEmbedSecret(db: Db, caller: StaffCaller, signingSecret: string, now: number) {
  const [, [firm]] = await db.batch([
    recordActivity(db, { firmId: caller.firmId, subjectId: caller.firmId, caller, action: 'firm.embed_secret_made', data: null, at: now }),
    db
      .update(firms)
      .set({ embedSecretVersion: sql`${firms.embedSecretVersion} + 1`, embedSecretCreatedAt: now })
      .where(eq(firms.id, caller.firmId))
      .returning({ version: firms.embedSecretVersion }),
  ]);
  if (!firm) return null;
  return { secret: await embedSecretOf(signingSecret, caller.firmId, firm.version), createdAt: now };
}

export type IdentityRefusal =
  /** Not a token of this firm: bad signature, another algorithm, another audience, a claim missing or malformed, too long a life. */
  | 'identity_token_invalid'
  | 'identity_token_expired'
  | 'identity_token_used'
  | 'identity_unknown_contact';

const Claims = v.object({
  email: v.pipe(v.string(), v.trim(), v.toLowerCase(), v.maxLength(254), v.email()),
  name: v.optional(v.pipe(v.string(), v.trim(), v.maxLength(120), v.regex(/^[^\r\n\0]*$/))),
  jti: v.pipe(v.string(), v.minLength(8), v.maxLength(200)),
  iat: v.number(),
  exp: v.number(),
});

/**
 * Checks an identity token the firm's own server signed (HS256 with its embed
 * secret, `aud` its slug, `email`, `jti`, `iat`, `exp` at most five minutes
 * later) and opens a session for the contact it names. `algorithms` pins HS256,
 * so `alg: none` and public-key algorithms are refused before any key is used.
 * The `jti` is spent and the session written in one batch: a replay, even a
 * concurrent one, opens nothing.
 */
export async function exchangeIdentityToken(
  db: Db,
  input: { firm: Firm; token: string; signingSecret: string; now: number; sessionTtlMs: number },
): Promise<{ refused: IdentityRefusal } | { secret: string; session: { id: string; firmId: string; subjectId: string; expiresAt: number } }> {
  const { firm, token, now } = input;
  if (firm.embedSecretVersion === 0) return { refused: 'identity_token_invalid' };
  const key = new TextEncoder().encode(await embedSecretOf(input.signingSecret, firm.id, firm.embedSecretVersion));
  let payload: unknown;
  try {
    ({ payload } = await jwtVerify(token, key, {
      algorithms: ['HS256'],
      audience: firm.slug,
      requiredClaims: ['exp', 'iat', 'jti', 'email'],
      currentDate: new Date(now),
      clockTolerance: CLOCK_SKEW_SECONDS,
    }));
  } catch (error) {
    return { refused: error instanceof joseErrors.JWTExpired ? 'identity_token_expired' : 'identity_token_invalid' };
  }
  const claims = v.safeParse(Claims, payload);
  if (!claims.success) return { refused: 'identity_token_invalid' };
  const { email, name, jti, iat, exp } = claims.output;
  if (exp - iat > IDENTITY_TOKEN_MAX_SECONDS || iat * 1000 > now + CLOCK_SKEW_SECONDS * 1000) return { refused: 'identity_token_invalid' };

  const contactId = await contactFor(db, firm, email, name, now);
  if (!contactId) return { refused: 'identity_unknown_contact' };

  const secret = SESSION_PREFIX + newSecret();
  const sessionId = newId('ses');
  const expiresAt = now + input.sessionTtlMs;
  const [spent] = await db.batch([
    db
      .insert(identityTokenUses)
      .values({ firmId: firm.id, jti, expiresAt: (exp + CLOCK_SKEW_SECONDS) * 1000 })
      .onConflictDoNothing()
      .returning({ jti: identityTokenUses.jti }),
    db.run(sql`insert into ${sessions} (id, firm_id, token_hash, audience, subject_id, expires_at, created_at)
      select ${sessionId}, ${firm.id}, ${hashSecret(secret)}, 'client', ${contactId}, ${expiresAt}, ${now} where changes() = 1`),
  ]);
  if (spent.length === 0) return { refused: 'identity_token_used' };
  await db.update(contacts).set({ lastSignInAt: now }).where(and(eq(contacts.firmId, firm.id), eq(contacts.id, contactId)));
  return { secret, session: { id: sessionId, firmId: firm.id, subjectId: contactId, expiresAt } };
}

/** The firm's contact with this email; made (with no company yet) only when the firm allows it. */
async function contactFor(db: Db, firm: Firm, email: string, name: string | undefined, now: number): Promise<string | null> {
  const found = async () => (await db.select({ id: contacts.id }).from(contacts).where(and(eq(contacts.firmId, firm.id), eq(contacts.email, email))))[0]?.id ?? null;
  const existing = await found();
  if (existing || !firm.identityCreatesContacts) return existing;
  // Two first sign-ins racing: the unique (firm, email) index keeps one contact, and both use it.
  await db
    .insert(contacts)
    .values({ id: newId('con'), firmId: firm.id, email, name: name || email.split('@')[0]!, createdAt: now })
    .onConflictDoNothing();
  return found();
}
