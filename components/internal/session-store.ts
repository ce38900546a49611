/**
 * Bearer tokens and company choice kept in `localStorage`, keyed by API origin
 * and firm so that two portals on one page (or one origin) do not mix.
 * Every access is guarded: storage may be disabled (private mode, sandboxed
 * iframes), in which case the session simply lasts as long as the page.
 */

const normaliseBase = (base: string): string => {
  try {
    return new URL(base || '/', location.href).origin + new URL(base || '/', location.href).pathname.replace(/\/+$/, '');
  } catch {
    return base;
  }
};

const key = (kind: 'session' | 'client', base: string, firm: string): string =>
  `portico:${kind}:${normaliseBase(base)}:${firm}`;

const read = (k: string): string | null => {
  try {
    return localStorage.getItem(k);
  } catch {
    return null;
  }
};

const write = (k: string, value: string | null): void => {
  try {
    if (value === null) localStorage.removeItem(k);
    else localStorage.setItem(k, value);
  } catch {
    /* storage unavailable: keep the session in memory only */
  }
};

export const sessionStore = {
  key,
  loadToken: (base: string, firm: string): string | null => read(key('session', base, firm)),
  saveToken: (base: string, firm: string, token: string): void => write(key('session', base, firm), token),
  loadClientId: (base: string, firm: string): string | null => read(key('client', base, firm)),
  saveClientId: (base: string, firm: string, clientId: string): void => write(key('client', base, firm), clientId),
  /** Forget the token and the company choice. */
  clear: (base: string, firm: string): void => {
    write(key('session', base, firm), null);
    write(key('client', base, firm), null);
  },
};
