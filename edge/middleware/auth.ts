import type { Context, MiddlewareHandler } from 'hono';
import { getCookie } from 'hono/cookie';
import { forbidden, unauthorized } from '../errors.ts';
import type { AppEnv, Caller } from '../env.ts';

export const SESSION_COOKIE = 'portico_session';

/** The bearer secret of the request: `Authorization: Bearer …`, else the console's cookie. */
export function secretOf(c: Context<AppEnv>): string | undefined {
  const header = c.req.header('authorization');
  if (header) {
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match) throw unauthorized('The Authorization header must be "Bearer <token>"');
    return match[1];
  }
  return getCookie(c, SESSION_COOKIE) || undefined;
}

export async function resolveCaller(c: Context<AppEnv>): Promise<Caller> {
  const secret = secretOf(c);
  if (!secret) throw unauthorized();
  const caller = await c.get('sessions').resolve(secret, c.get('deps').clock.now());
  if (!caller) throw unauthorized('Your session has ended. Please sign in again.');
  return caller;
}

/** Lets only a signed-in client contact through; sets `contact`. */
export const requireContact: MiddlewareHandler<AppEnv> = async (c, next) => {
  const caller = await resolveCaller(c);
  if (caller.kind !== 'contact') throw forbidden('This is for client contacts');
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
