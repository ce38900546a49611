import { Hono, type Context } from 'hono';
import { deleteCookie, setCookie } from 'hono/cookie';
import * as v from 'valibot';
import { ApiError, unauthorized } from '../errors.ts';
import type { AppEnv } from '../env.ts';
import type { Caller, ContactCaller } from '../domain/caller.ts';
import { countStickyMiss, hitRateLimit } from '../data/rate-limits.ts';
import { CODE_FAILURE_WINDOW_MS, countPersonCodeFailure, exchangeSignInToken, findUsableSignInToken, MAX_CODE_FAILURES, matchSignInCode, personCodeLocked, recordSignIn, revokeSession, type Audience, type SignInToken } from '../data/sessions.ts';
import { checkPin, isKnownDevice, pinStateOf, rememberDevice, setPin, unlockPin } from '../data/pins.ts';
import type { Db } from '../../db/client.ts';
import { findContactByEmail, findFirmBySlug, findMemberByEmail, findPerson, getFirm, portalClientsOf } from '../data/firms.ts';
import { exchangeIdentityToken, type IdentityRefusal } from '../data/identity.ts';
import { contactProfile } from '../data/notifications.ts';
import { requestSignInLink } from '../jobs/sign-in-link.ts';
import { resolveCaller, secretOf, SESSION_COOKIE } from '../middleware/auth.ts';
import { validate } from '../middleware/validate.ts';
import { Email, Pin, Secret, Slug } from './schemas.ts';
import { op } from './openapi.ts';
import { portalFirm } from './public.ts';

const LinkBody = v.object({ firm: Slug, email: Email, as: v.optional(v.picklist(['client', 'staff']), 'client') });
/** The 6-digit code beside the link, as typed: `123 456` or `123456`. */
const Code = v.pipe(v.string(), v.transform((s) => s.replace(/\s+/g, '')), v.regex(/^\d{6}$/, 'Type the 6 digits from the email'));
/** What a contact's browser adds: its random device token (a PIN is asked once per device), the PIN, or a new PIN. */
const PinFields = { device: v.optional(Secret), pin: v.optional(Pin), newPin: v.optional(Pin) };
const InspectBody = v.object({ token: Secret, device: v.optional(Secret) });
/** A link's token, or the code beside it with the firm and address it was sent to. */
const SessionBody = v.union(
  [
    v.object({ token: Secret, ...PinFields }),
    v.object({ firm: Slug, email: Email, code: Code, as: v.optional(v.picklist(['client', 'staff']), 'client'), ...PinFields }),
  ],
  'Send the token of a sign-in link, or firm, email and code',
);
const ForgotPinBody = v.object({ firm: Slug, email: Email });
const IdentityBody = v.object({ firm: Slug, token: v.pipe(v.string(), v.minLength(1), v.maxLength(4096)) });
const RATE_WINDOW_MS = 15 * 60_000;

const IDENTITY_REFUSALS: Record<IdentityRefusal, string> = {
  identity_token_invalid: 'This identity token is not valid for this firm (signature, algorithm HS256, aud, email, jti, iat and exp of at most 5 minutes).',
  identity_token_expired: 'This identity token has expired: sign a new one for each sign-in.',
  identity_token_used: 'This identity token was used already: sign a new one for each sign-in.',
  identity_unknown_contact: 'No contact of this firm has this email address.',
};
const identityRefused = (code: IdentityRefusal) => new ApiError(401, code, IDENTITY_REFUSALS[code]);

const wrongCode = () => new ApiError(401, 'invalid_code', 'That code is not right, or it has expired. Check the newest sign-in email, or ask for a new one.');
const lockedCode = () => new ApiError(401, 'code_locked', 'Too many wrong codes: sign-in by code is locked, and the links already sent no longer work. Ask for a new sign-in link and open it.');

/**
 * Counts a try per person (firm and address) and per client address, and
 * throws 429 with Retry-After once either is spent. Links (sign-in and
 * forgotten PIN) share one count; codes have their own, looser than the five
 * wrong codes that lock a person's links, so the lock is what a mistyping person meets.
 */
async function limitTries(c: Context<AppEnv>, kind: 'link' | 'code', firm: string, email: string, message: string): Promise<void> {
  const { db, clock, config } = c.get('deps');
  const now = clock.now();
  const address = c.get('clientAddress');
  const perPerson = kind === 'code' ? config.signInRateLimit * 2 : config.signInRateLimit;
  const wait = Math.max(
    await hitRateLimit(db, `${kind}:${firm}:${email}`, perPerson, RATE_WINDOW_MS, now),
    address ? await hitRateLimit(db, `${kind}-ip:${address}`, config.signInRateLimit * 4, RATE_WINDOW_MS, now) : 0,
  );
  if (wait > 0) throw new ApiError(429, 'rate_limited', message, undefined, { 'Retry-After': String(wait) });
}

/** Whether this contact's PIN will be asked on this device. */
async function pinAsked(db: Db, firmId: string, contactId: string, device: string | undefined): Promise<boolean> {
  const state = await pinStateOf(db, firmId, contactId);
  return Boolean(state?.pinHash) && !(await isKnownDevice(db, firmId, contactId, device));
}

/**
 * Lets a contact's sign-in through the PIN on a device not seen before, or
 * throws why not. A lock holds against links made before it; a newer link has
 * proved the address again and gives the PIN its tries back. Answers whether
 * the PIN was typed (so the device is remembered).
 */
async function passPinGate(c: Context<AppEnv>, row: SignInToken, device: string | undefined, pin: string | undefined): Promise<boolean> {
  const { db, clock, config } = c.get('deps');
  const state = await pinStateOf(db, row.firmId, row.subjectId);
  if (!state?.pinHash) return false;
  if (await isKnownDevice(db, row.firmId, row.subjectId, device)) return false;
  if (state.pinLockedAt !== null) {
    if (row.createdAt <= state.pinLockedAt) throw pinLocked();
    await unlockPin(db, row.firmId, row.subjectId);
  }
  if (!pin) throw new ApiError(401, 'pin_required', 'Type your 4-digit PIN to sign in on this device.');
  const check = await checkPin(db, { firmId: row.firmId, contactId: row.subjectId, pin, signingSecret: config.signingSecret, now: clock.now() });
  if (check === 'locked') throw pinLocked();
  if (check === 'wrong') throw new ApiError(401, 'wrong_pin', 'That PIN is not right.');
  return true;
}
const pinLocked = () => new ApiError(401, 'pin_locked', 'Too many wrong PINs. Use a new sign-in link (or "Forgot PIN") to try again.');

const portalInactive = () => new ApiError(401, 'portal_inactive', 'The firm has not opened its portal yet.');

const invalidToken = () => new ApiError(401, 'invalid_token', 'This sign-in link is not valid any more. Ask for a new one.');

/** Who is signed in: the same shape for a new session and for "who am I". */
async function sessionView(c: Context<AppEnv>, caller: Exclude<Caller, { kind: 'apikey' }>) {
  const { db } = c.get('deps');
  const firm = await getFirm(db, caller.firmId);
  const audience: Audience = caller.kind === 'contact' ? 'client' : 'staff';
  const user = await findPerson(db, caller.firmId, audience, caller.kind === 'contact' ? caller.contactId : caller.memberId);
  if (!firm || !user) throw unauthorized();
  const clients = caller.kind === 'contact' ? await portalClientsOf(db, caller.firmId, caller.contactId) : [];
  return {
    audience,
    user,
    firm: portalFirm(firm, c.get('deps').config.publicUrl),
    clients,
    ...(caller.kind === 'member' ? { role: caller.role } : {}),
    ...(caller.kind === 'contact' ? await contactExtras(db, caller, clients, user.name) : {}),
  };
}

/** For a contact: the company to open on, while it is still one of theirs; and for a staff preview, who is looking. */
async function contactExtras(db: Db, caller: ContactCaller, clients: { id: string }[], contactName: string) {
  const remembered = (await contactProfile(db, caller))?.lastClientId ?? null;
  const lastClientId = clients.some((client) => client.id === remembered) ? remembered : null;
  const previewer = caller.previewBy ? await findPerson(db, caller.firmId, 'staff', caller.previewBy) : null;
  const preview: { by: string; contactName: string } | null = caller.previewBy ? { by: previewer?.name ?? '', contactName } : null;
  return { lastClientId, preview };
}

export const authRoutes = new Hono<AppEnv>()
  .post(
    '/link',
    op('auth', 'Email a sign-in link', { ok: 202, description: 'Always 202, known address or not.', errors: [429] }),
    validate('json', LinkBody),
    async (c) => {
      const { firm: slug, email, as } = c.req.valid('json');
      await limitTries(c, 'link', slug, email, 'Too many sign-in requests. Try again later.');
      await requestSignInLink(c.get('deps'), { firm: slug, email, as });
      return c.json({ ok: true }, 202);
    },
  )
  .post(
    '/link/inspect',
    op('auth', 'Who a sign-in link is for, without using it up', {
      description: '`purpose` is `pin_reset` for a forgotten-PIN link (the portal asks for a new PIN); `pinRequired` says the PIN will be asked on this device (`device` as sent to `POST /auth/session`).',
      errors: [401],
    }),
    validate('json', InspectBody),
    async (c) => {
      const { db, clock } = c.get('deps');
      const { token, device } = c.req.valid('json');
      const row = await findUsableSignInToken(db, token, clock.now());
      if (row) c.set('firmId', row.firmId);
      const person = row && (await findPerson(db, row.firmId, row.audience, row.subjectId));
      const firm = row && (await getFirm(db, row.firmId));
      // A link confirming a new address is used by POST /auth/email/confirm only.
      if (!row || !person || !firm || row.purpose === 'email_change') throw invalidToken();
      const pinRequired = row.audience === 'client' && row.purpose !== 'pin_reset' && (await pinAsked(db, row.firmId, row.subjectId, device));
      return c.json({ email: person.email, audience: row.audience, firm: { slug: firm.slug, name: firm.name }, purpose: row.purpose === 'pin_reset' ? ('pin_reset' as const) : ('sign_in' as const), pinRequired });
    },
  )
  .post(
    '/session',
    op('auth', 'Use a sign-in link, or the code beside it: answers a bearer token (and sets the console cookie for staff)', {
      description:
        'With `{ token }` from the link; or `{ firm, email, code }` with the 6-digit code of the same email (single-use with its link: using one uses both). Five wrong codes for a person (across all their links, within a day) kill their live codes and links and lock sign-in by code (`code_locked`, also for the right code of a newer link) until a link is opened; an unknown address answers the same; attempts are also rate-limited per address. ' +
        'A contact with a PIN is asked for it on a device not seen before: `device` is a random token the portal keeps per browser; without `pin` the answer is 401 `pin_required` and the link stays usable; a wrong one is `wrong_pin`, the fifth in a row `pin_locked` (until a sign-in link made after the lock is used). ' +
        'A forgotten-PIN link (`purpose: pin_reset` in `/link/inspect`) takes `newPin` instead and sets it.',
      errors: [401, 429],
    }),
    validate('json', SessionBody),
    async (c) => {
      const { db, clock, config } = c.get('deps');
      const now = clock.now();
      const body = c.req.valid('json');
      let row: SignInToken | null;
      if ('code' in body) {
        await limitTries(c, 'code', body.firm, body.email, 'Too many tries. Try again later.');
        const firm = await findFirmBySlug(db, body.firm);
        const person = firm && (body.as === 'staff' ? await findMemberByEmail(db, firm.id, body.email) : await findContactByEmail(db, firm.id, body.email));
        if (!firm || !person) {
          // An address nobody has (of that audience) locks the same way after five wrong codes, so the answers tell no one apart.
          const key = `${body.as === 'staff' ? 'staff-code' : 'code'}:${body.firm}:${body.email}`;
          if (await countStickyMiss(db, key, MAX_CODE_FAILURES - 1, CODE_FAILURE_WINDOW_MS, now)) throw lockedCode();
          throw wrongCode();
        }
        c.set('firmId', firm.id);
        // A person's wrong codes count across all their links: five lock the code until one of their links is used.
        if (await personCodeLocked(db, firm.id, body.as, person.id)) throw lockedCode();
        const match = await matchSignInCode(db, { firmId: firm.id, audience: body.as, subjectId: person.id, code: body.code, now, signingSecret: config.signingSecret });
        if (match === 'locked' || match === 'wrong') {
          const personLocked = await countPersonCodeFailure(db, firm.id, body.as, person.id, now);
          throw match === 'locked' || personLocked ? lockedCode() : wrongCode();
        }
        row = match;
      } else {
        row = await findUsableSignInToken(db, body.token, now);
      }
      if (!row) throw invalidToken();
      c.set('firmId', row.firmId);
      if (row.audience === 'client' && !(await getFirm(db, row.firmId))?.portalActive) throw portalInactive();
      const device = body.device;
      // Only these purposes sign in; any other (an address change) has its own use.
      if (!['sign_in', 'invitation', 'pin_reset'].includes(row.purpose)) throw invalidToken();
      let trust = false;
      const newPin = row.audience === 'client' && row.purpose === 'pin_reset' ? ('newPin' in body ? body.newPin : undefined) : undefined;
      if (row.audience === 'client' && row.purpose === 'pin_reset') {
        if (!newPin) throw new ApiError(401, 'new_pin_required', 'Choose a new 4-digit PIN to use this link.');
        trust = true;
      } else if (row.audience === 'client') {
        trust = await passPinGate(c, row, device, body.pin);
      }
      const opened = await exchangeSignInToken(db, row.id, now, config.sessionTtlMs);
      if (!opened) throw invalidToken();
      const { session, secret } = opened;
      // Set only once the link was really used: a use that lost the race changes nothing.
      if (newPin) await setPin(db, { firmId: session.firmId, contactId: session.subjectId, pin: newPin, signingSecret: config.signingSecret, now });
      if (trust && device) await rememberDevice(db, session.firmId, session.subjectId, device, now);
      await recordSignIn(db, session, now);
      const caller = await c.get('sessions').resolve(secret, now);
      if (!caller || caller.kind === 'apikey') throw invalidToken();
      if (session.audience === 'staff') {
        setCookie(c, SESSION_COOKIE, secret, {
          httpOnly: true,
          secure: config.publicUrl.startsWith('https:'),
          sameSite: 'Strict',
          path: '/',
          // A lifetime, not a date: the browser's clock, not the server's (which DEV_CLOCK may have moved), counts it.
          maxAge: Math.floor(config.sessionTtlMs / 1000),
        });
      }
      return c.json({ token: secret, expiresAt: session.expiresAt, ...(await sessionView(c, caller)) });
    },
  )
  .post(
    '/pin/forgot',
    op('auth', 'Email a link to choose a new PIN', { ok: 202, description: 'Always 202, known address or not; rate-limited like sign-in links.', errors: [429] }),
    validate('json', ForgotPinBody),
    async (c) => {
      const { firm, email } = c.req.valid('json');
      await limitTries(c, 'link', firm, email, 'Too many requests. Try again later.');
      await requestSignInLink(c.get('deps'), { firm, email, as: 'client', purpose: 'pin_reset' });
      return c.json({ ok: true }, 202);
    },
  )
  .post(
    '/identity',
    op('auth', "Sign a client in with an identity token from the firm's own server (no email): answers like POST /auth/session", {
      description:
        "The token is a JWT signed with HS256 and the firm's embed secret (console: Settings), with `aud` the firm's slug, `email`, a unique `jti`, and `iat`/`exp` at most 5 minutes apart. Single-use. An unknown email is refused unless the firm lets identity tokens create contacts.",
      errors: [401],
    }),
    validate('json', IdentityBody),
    async (c) => {
      const { db, clock, config } = c.get('deps');
      const { firm: slug, token } = c.req.valid('json');
      const firm = await findFirmBySlug(db, slug);
      if (!firm) throw identityRefused('identity_token_invalid');
      c.set('firmId', firm.id);
      if (!firm.portalActive) throw portalInactive();
      const now = clock.now();
      const opened = await exchangeIdentityToken(db, { firm, token, signingSecret: config.signingSecret, now, sessionTtlMs: config.sessionTtlMs });
      if ('refused' in opened) throw identityRefused(opened.refused);
      const caller = await c.get('sessions').resolve(opened.secret, now);
      if (!caller || caller.kind !== 'contact') throw identityRefused('identity_token_invalid');
      return c.json({ token: opened.secret, expiresAt: opened.session.expiresAt, ...(await sessionView(c, caller)) });
    },
  )
  .get('/session', op('auth', 'Who is signed in', {
    caller: 'signed-in',
    description:
      'The person, the firm as `GET /public/firms/{slug}` answers it (branding and portal switches), and for a client their companies, `lastClientId` (the company to open on, null when none of theirs is remembered) ' +
      'and `preview` (`{ by, contactName }` for a staff preview session — `by` is the member\'s name — which is read-only; null otherwise).',
  }), async (c) => {
    const caller = await resolveCaller(c);
    if (caller.kind === 'apikey') return c.json({ audience: 'apikey' as const, firmId: caller.firmId });
    return c.json(await sessionView(c, caller));
  })
  .delete('/session', op('auth', 'Sign out (a session; an API key is revoked instead, 400)', { caller: 'signed-in', ok: 204, errors: [400] }), async (c) => {
    const caller = await resolveCaller(c);
    if (caller.kind === 'apikey') throw new ApiError(400, 'bad_request', 'An API key is revoked in the console, not signed out');
    const { db, clock } = c.get('deps');
    await revokeSession(db, caller.sessionId, clock.now());
    c.get('sessions').forget(secretOf(c) ?? '');
    deleteCookie(c, SESSION_COOKIE, { path: '/' });
    return c.body(null, 204);
  });
