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

const key = (kind: 'session' | 'client' | 'console' | 'device', base: string, firm: string): string =>
  `portico:${kind}:${normaliseBase(base)}:${firm}`;

/** The storage to use; a function because merely reading `localStorage` can throw (sandboxed iframes). */
type StorageRef = () => Storage;
const local: StorageRef = () => localStorage;

const read = (k: string, store = local): string | null => {
  try {
    return store().getItem(k);
  } catch {
    return null;
  }
};

const write = (k: string, value: string | null, store = local): void => {
  try {
    if (value === null) store().removeItem(k);
    else store().setItem(k, value);
  } catch {
    /* storage unavailable: keep the session in memory only */
  }
};

/** Device tokens of this page when storage is unavailable. */
const memoryDevices = new Map<string, string>();

export const sessionStore = {
  key,
  loadToken: (base: string, firm: string): string | null => read(key('session', base, firm)),
  saveToken: (base: string, firm: string, token: string): void => write(key('session', base, firm), token),
  loadClientId: (base: string, firm: string): string | null => read(key('client', base, firm)),
  saveClientId: (base: string, firm: string, clientId: string): void => write(key('client', base, firm), clientId),
  /**
   * This browser's random device token for the firm (32 random bytes,
   * base64url), made on first use and kept across sign-outs: a device that
   * passed the PIN once is not asked again. Without storage, one per page.
   */
  deviceToken: (base: string, firm: string): string => {
    const k = key('device', base, firm);
    const kept = read(k) ?? memoryDevices.get(k);
    if (kept) return kept;
    const bytes = crypto.getRandomValues(new Uint8Array(32));
    const token = btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
    memoryDevices.set(k, token);
    write(k, token);
    return token;
  },
  /** Forget the token and the company choice (the device token stays). */
  clear: (base: string, firm: string): void => {
    write(key('session', base, firm), null);
    write(key('client', base, firm), null);
  },
};

const tab: StorageRef = () => sessionStorage;

/**
 * The staff console's bearer token, keyed like the portal's by API origin and
 * firm, but kept per tab (`sessionStorage`): a staff session should not
 * outlive the browser tab, and the HttpOnly cookie carries it anyway.
 */
export const staffTokenStore = {
  load: (base: string, firm: string): string | null => read(key('console', base, firm), tab),
  save: (base: string, firm: string, token: string): void => write(key('console', base, firm), token, tab),
  clear: (base: string, firm: string): void => write(key('console', base, firm), null, tab),
};
