import { hc, type ClientRequestOptions } from 'hono/client';
import type { AppType } from './app.ts';

/**
 * The typed API client for server-to-server use (an API key) or any
 * TypeScript caller: paths, inputs and JSON answers are checked against the
 * server's own routes.
 *
 * ```ts
 * const portico = createPorticoClient('https://portal.example.com', { headers: { authorization: `Bearer ${key}` } });
 * const res = await portico.api.v1.firm.tasks.$post({ json: { clientId, title: 'Send receipts' } });
 * ```
 */
export function createPorticoClient(baseUrl: string, options?: ClientRequestOptions) {
  return hc<AppType>(baseUrl, options);
}

export type PorticoClient = ReturnType<typeof createPorticoClient>;
export type { AppType };
