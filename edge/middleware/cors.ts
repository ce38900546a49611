import type { Context, MiddlewareHandler } from 'hono';

export interface CorsOptions {
  /** Whether a preflight from `origin` passes. A preflight carries no credentials and no body. */
  allowPreflight: (c: Context, origin: string) => boolean | Promise<boolean>;
  /**
   * Whether `origin` may read the answer, or `'after'` when only the handler
   * can tell (the firm of a session or of a sign-in link).
   */
  allow: (c: Context, origin: string) => boolean | 'after' | Promise<boolean | 'after'>;
  /** Asked once the answer exists, when `allow` said `'after'`. */
  allowAfter: (c: Context, origin: string) => boolean | Promise<boolean>;
  allowMethods: string[];
  allowHeaders: string[];
  exposeHeaders: string[];
  maxAgeSeconds: number;
}

/**
 * CORS for the widgets on firms' own sites. Headers are set before the
 * handler runs: a header set with `c.header()` after the answer exists makes
 * Hono rebuild the answer around its body stream, which on Node costs more
 * than the rest of a small request (hono/cors appends `Vary` that way;
 * measured: 79k -> 28k req/s). When only the handler knows the firm, the two
 * headers go onto the finished answer's own `Headers`, which does not rebuild it.
 */
export function cors(options: CorsOptions): MiddlewareHandler {
  const methods = options.allowMethods.join(', ');
  const headers = options.allowHeaders.join(', ');
  const expose = options.exposeHeaders.join(', ');
  const maxAge = String(options.maxAgeSeconds);
  return async (c, next) => {
    const origin = c.req.header('origin');
    c.header('Vary', 'Origin', { append: true });
    if (c.req.method === 'OPTIONS' && c.req.header('access-control-request-method')) {
      if (origin === undefined || !(await options.allowPreflight(c, origin))) return c.body(null, 204);
      c.header('Access-Control-Allow-Origin', origin);
      c.header('Access-Control-Allow-Methods', methods);
      c.header('Access-Control-Allow-Headers', headers);
      c.header('Access-Control-Max-Age', maxAge);
      return c.body(null, 204);
    }
    const allowed = origin === undefined ? false : await options.allow(c, origin);
    if (allowed === true) {
      c.header('Access-Control-Allow-Origin', origin);
      c.header('Access-Control-Expose-Headers', expose);
    }
    await next();
    if (allowed === 'after' && (await options.allowAfter(c, origin!))) {
      c.res.headers.set('Access-Control-Allow-Origin', origin!);
      c.res.headers.set('Access-Control-Expose-Headers', expose);
    }
  };
}
