import { PorticoApi } from './api-client.ts';

/**
 * Whether a request to the Portico server at `base` that failed without an
 * answer was refused by CORS rather than lost: the browser reports both as
 * the same `TypeError`, but a `no-cors` request to the health route, which
 * CORS does not check, still reaches a server that is up. Never true for the
 * page's own origin, where CORS plays no part.
 */
export const originRefused = async (base: string): Promise<boolean> => {
  const health = new URL(new PorticoApi({ base }).url('/health'), location.href);
  if (health.origin === location.origin) return false;
  try {
    await fetch(health, { mode: 'no-cors', cache: 'no-store', credentials: 'omit' });
    return true;
  } catch {
    return false;
  }
};

const reported = new Set<string>();

/** Tells the developer once per server and firm, in the console, what to configure. */
export const reportOriginRefused = (base: string, firm: string): void => {
  const key = `${base}\n${firm}`;
  if (reported.has(key)) return;
  reported.add(key);
  console.error(
    `Portico: ${base || location.origin} refuses requests from ${location.origin} (CORS). ` +
      `Add ${location.origin} to the allowed origins in the settings of the firm "${firm}".`,
  );
};
