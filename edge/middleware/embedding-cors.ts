import type { Context } from 'hono';
import type { AppDeps, AppEnv } from '../env.ts';
import { embeddingOriginsOfFirms } from '../data/firms.ts';
import { cors } from './cors.ts';

/** How long one instance trusts the firms' origins it read (a settings change takes effect within this). */
export const ORIGINS_CACHE_MS = 30_000;

interface FirmOrigins {
  any: Set<string>;
  ofFirm: Map<string, Set<string>>;
  firmOfSlug: Map<string, string>;
}

/**
 * What the path says about who may read the answer:
 * - `staff`: the firm side (/firm/*, settings, API keys) and QStash's wake-ups,
 *   called by the console from Portico's own origin or by servers: no firm origin.
 * - `slug`: a firm's public info, for that firm's origins.
 * - `per-firm`: sign-in and the portal, for the origins of the firm the handler
 *   finds (the session's, the link's, or the `firm` named in the body).
 * - `open`: health and the API description, which belong to no firm: any firm's origin.
 */
function routeOf(path: string): { kind: 'staff' | 'per-firm' | 'open' } | { kind: 'slug'; slug: string } {
  if (/^\/api\/v1\/(firm|jobs)(\/|$)/.test(path)) return { kind: 'staff' };
  if (/^\/api\/v1\/(portal|auth)(\/|$)/.test(path)) return { kind: 'per-firm' };
  const publicFirm = /^\/api\/v1\/public\/firms\/([^/]+)\/?$/.exec(path);
  if (publicFirm) return { kind: 'slug', slug: decodeURIComponent(publicFirm[1]!).trim().toLowerCase() };
  return { kind: 'open' };
}

/** The `firm` a sign-in request names in its JSON body, once the validator has read it (never read here). */
async function firmNamedInBody(c: Context): Promise<string | undefined> {
  // Hono keeps the text of a body it parsed as JSON.
  let body: unknown;
  try {
    const text: unknown = await c.req.bodyCache.text;
    body = typeof text === 'string' ? JSON.parse(text) : undefined;
  } catch {
    return undefined;
  }
  const firm = body && typeof body === 'object' ? (body as { firm?: unknown }).firm : undefined;
  return typeof firm === 'string' ? firm.trim().toLowerCase() : undefined;
}

/**
 * CORS for the widgets on firms' own sites: an origin reads only its own
 * firm's answers, and never the firm side. Portico's own origin (the hosted
 * portal and the console) always passes.
 *
 * A preflight has no session and no body, so for sign-in and portal routes it
 * passes for an origin of any firm; the answer itself then carries
 * `Access-Control-Allow-Origin` only when the origin is one of the firm the
 * session, the link or the body's `firm` belongs to. An answer that belongs
 * to no firm (a 401 for a dead link or no session, an unknown firm) is
 * readable by any firm's origin, so a widget can tell its user what happened.
 */
export function embeddingCors(deps: AppDeps) {
  const own = new URL(deps.config.publicUrl).origin;
  let cached: { origins: FirmOrigins; until: number } | undefined;
  const firmOrigins = async (): Promise<FirmOrigins> => {
    const now = Date.now();
    if (!cached || cached.until < now) {
      const firms = await embeddingOriginsOfFirms(deps.db);
      cached = {
        origins: {
          any: new Set(firms.flatMap((f) => f.origins)),
          ofFirm: new Map(firms.map((f) => [f.id, new Set(f.origins)])),
          firmOfSlug: new Map(firms.map((f) => [f.slug, f.id])),
        },
        until: now + ORIGINS_CACHE_MS,
      };
    }
    return cached.origins;
  };
  const allowedFor = async (origin: string, firmId: string | undefined) => {
    const origins = await firmOrigins();
    return firmId === undefined ? origins.any.has(origin) : (origins.ofFirm.get(firmId)?.has(origin) ?? false);
  };
  const beforeHandler = async (c: Context, origin: string): Promise<boolean | 'after'> => {
    if (origin === own) return true;
    const route = routeOf(c.req.path);
    if (route.kind === 'staff') return false;
    if (route.kind === 'open') return allowedFor(origin, undefined);
    if (route.kind === 'slug') return allowedFor(origin, (await firmOrigins()).firmOfSlug.get(route.slug));
    return 'after';
  };
  return cors({
    allowPreflight: async (c, origin) => {
      const decision = await beforeHandler(c, origin);
      return decision === 'after' ? allowedFor(origin, undefined) : decision;
    },
    allow: beforeHandler,
    allowAfter: async (c: Context<AppEnv>, origin) => {
      const slug = c.get('firmId') === undefined ? await firmNamedInBody(c) : undefined;
      const firmId = c.get('firmId') ?? (slug === undefined ? undefined : (await firmOrigins()).firmOfSlug.get(slug));
      return allowedFor(origin, firmId);
    },
    // The tus headers: resumable uploads from the widgets (edge/routes/uploads.ts).
    allowMethods: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'],
    allowHeaders: ['Authorization', 'Content-Type', 'Tus-Resumable', 'Upload-Length', 'Upload-Offset', 'Upload-Metadata'],
    exposeHeaders: ['Retry-After', 'X-Request-Id', 'Location', 'Upload-Offset', 'Upload-Length', 'Upload-Expires', 'Tus-Resumable', 'Tus-Version', 'Tus-Max-Size', 'Portico-File-Id', 'Portico-Duplicate'],
    maxAgeSeconds: 600,
  });
}
