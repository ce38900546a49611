import type { MiddlewareHandler } from 'hono';

/**
 * The one header set for every page and every file served to a browser
 * (pages, /assets, /embed, the API description and its reference page).
 * The pages load only their own scripts and styles and talk only to this
 * API; nothing may be framed by another site or sniffed into another type.
 * Written as constants and set before the handler (see cors.ts for why not
 * after), the same set Hono's `secureHeaders` sends by default, plus a CSP.
 */
const HEADERS: Record<string, string> = {
  'Content-Security-Policy': [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: https:",
    "connect-src 'self'",
    "frame-ancestors 'self'",
    "base-uri 'self'",
    "form-action 'self'",
  ].join('; '),
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'Origin-Agent-Cluster': '?1',
  'Referrer-Policy': 'no-referrer',
  'Strict-Transport-Security': 'max-age=15552000; includeSubDomains',
  'X-Content-Type-Options': 'nosniff',
  'X-DNS-Prefetch-Control': 'off',
  'X-Download-Options': 'noopen',
  'X-Frame-Options': 'SAMEORIGIN',
  'X-Permitted-Cross-Domain-Policies': 'none',
  'X-XSS-Protection': '0',
};

export const securityHeaders: MiddlewareHandler = async (c, next) => {
  for (const name in HEADERS) c.header(name, HEADERS[name]);
  await next();
};
