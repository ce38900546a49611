import type { Context, MiddlewareHandler } from 'hono';
import { getCookie } from 'hono/cookie';
import { ApiError, forbidden, unauthorized } from '../errors.ts';
import type { AppEnv } from '../env.ts';
import { isAdmin, type Caller } from '../domain/caller.ts';

export const SESSION_COOKIE = 'portico_session';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** The bearer secret of the request: `Authorization: Bearer …`, else the console's cookie. */
export function secretOf(c: Context<AppEnv>): string | undefined {
  const header = c.req.header('authorization');
  if (header) {
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match) throw unauthorized('The Authorization header must be "Bearer <token>"');
    return match[1];
  }
  const cookie = getCookie(c, SESSION_COOKIE);
  if (!cookie) return undefined;
  // A browser sends the cookie with any same-site request, including a plain form post from a
  // sibling subdomain (SameSite does not stop those): a cookie-borne change must come from our own pages.
  if (!SAFE_METHODS.has(c.req.method) && c.req.header('origin') !== new URL(c.get('deps').config.publicUrl).origin) {
    throw forbidden('Cross-origin changes with the console cookie are refused; send the session as a bearer token');
  }
  return cookie;
}

export async function resolveCaller(c: Context<AppEnv>): Promise<Caller> {
  const secret = secretOf(c);
  if (!secret) throw unauthorized();
  const caller = await c.get('sessions').resolve(secret, c.get('deps').clock.now());
  if (!caller) throw unauthorized('Your session has ended. Please sign in again.');
  c.set('firmId', caller.firmId);
  return caller;
}

/**
 * Lets only a signed-in client contact through; sets `contact`. A staff
 * preview session (read-only) gets only reads: any change is 403 `preview_read_only`.
 */
export const requireContact: MiddlewareHandler<AppEnv> = async (c, next) => {
  const caller = await resolveCaller(c);
  if (caller.kind !== 'contact') throw forbidden('This is for client contacts');
  if (caller.previewBy && !SAFE_METHODS.has(c.req.method)) {
    throw new ApiError(403, 'preview_read_only', 'This is a preview of the portal: nothing can be changed in it.');
  }
  c.set('contact', caller);
  await next();
};

/** Lets only firm staff (a member session or an API key) through; sets `staff`. */
export const requireStaff: MiddlewareHandler<AppEnv> = async (c, next) => {
  const caller = await resolveCaller(c);
  if (caller.kind === 'contact') throw forbidden('This is for firm staff');
  c.set('staff', caller);
  await next();
};

/** After `requireStaff`: lets only the owner or an admin, signed in as themselves, through (not a plain member, not an API key). */
export const requireAdmin =
  (refusal: string): MiddlewareHandler<AppEnv> =>
  async (c, next) => {
    if (!isAdmin(c.get('staff'))) throw forbidden(refusal);
    await next();
  };
