import { emailLinkRoutes } from './routes/email-links.ts';
import { Hono, type Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { requestId } from 'hono/request-id';
import { generateSpecs } from 'hono-openapi';
import type { OpenAPIV3_1 } from 'openapi-types';
import type { AppDeps, AppEnv } from './env.ts';
import { ApiError } from './errors.ts';
import { SessionStore } from './data/sessions.ts';
import { compress } from './middleware/compress.ts';
import { embeddingCors } from './middleware/embedding-cors.ts';
import { isStreamedUpload } from './middleware/uploads.ts';
import { onError, onNotFound } from './middleware/errors.ts';
import { securityHeaders } from './middleware/security-headers.ts';
import { authRoutes } from './routes/auth.ts';
import { op, withBodyErrors } from './routes/openapi.ts';
import { devRoutes } from './routes/dev.ts';
import { docsPage, docsScript } from './routes/docs.ts';
import { downloadRoutes, firmFileRoutes, portalFileRoutes } from './routes/files.ts';
import { firmRoutes } from './routes/firm.ts';
import { firmUploadRoutes, portalUploadRoutes } from './routes/uploads.ts';
import { jobsRoutes } from './routes/jobs.ts';
import { deliveryRoutes } from './routes/delivery.ts';
import { portalRoutes } from './routes/portal.ts';
import { firmMessageRoutes, portalMessageRoutes } from './routes/messages.ts';
import { firmRequestRoutes, portalRequestRoutes } from './routes/requests.ts';
import { inboundRoutes, INBOUND_MAX_BYTES } from './routes/inbound.ts';
import { postmarkHookRoutes } from './routes/postmark-hooks.ts';
import { publicRoutes } from './routes/public.ts';
import { notificationRoutes } from './routes/notifications.ts';
import { emailConfirmRoutes, portalProfileRoutes } from './routes/portal-profile.ts';
import { firmAccountRoutes, publicImageRoutes } from './routes/account.ts';
import { firmAnnouncementRoutes, portalAnnouncementRoutes } from './routes/announcements.ts';
import { contactRoutes } from './routes/contacts.ts';
import { clientRoutes } from './routes/clients.ts';
import { CONTACT_IMPORT_MAX_BYTES, CONTACT_IMPORT_PATH, importRoutes } from './routes/imports.ts';

const MAX_JSON_BODY_BYTES = 64 * 1024;
const INBOUND_PATH = '/api/v1/hooks/postmark/inbound';
/** Below this, gzip saves less than it costs (and can make the answer bigger). */
const COMPRESS_MIN_BYTES = 1024;

/** The one error shape, as OpenAPI shows it. */
const errorEnvelopeSchema = {
  type: 'object',
  required: ['error'],
  properties: {
    error: {
      type: 'object',
      required: ['code', 'message', 'requestId'],
      properties: {
        code: { type: 'string', examples: ['validation_failed', 'unauthorized', 'not_found', 'conflict', 'rate_limited'] },
        message: { type: 'string' },
        issues: { type: 'array', items: { type: 'object', properties: { path: { type: 'string' }, message: { type: 'string' } } } },
        requestId: { type: 'string' },
      },
    },
  },
} satisfies OpenAPIV3_1.SchemaObject;

/** What `GET /api/openapi.json` says beyond the routes themselves. */
function describeOptions(publicUrl: string): Parameters<typeof generateSpecs>[1] {
  return {
    documentation: {
      info: { title: 'Portico API', version: '0.1.0', description: 'Client portal for accounting firms.', license: { name: 'MIT', identifier: 'MIT' } },
      servers: [{ url: publicUrl, description: 'This server (PUBLIC_URL)' }],
      components: {
        schemas: { Error: errorEnvelopeSchema },
        securitySchemes: {
          bearer: { type: 'http', scheme: 'bearer', description: 'A session token from POST /api/v1/auth/session, or a firm API key' },
          cookie: { type: 'apiKey', in: 'cookie', name: 'portico_session', description: 'The console session' },
        },
      },
    },
    defaultValidationErrorResponse: {
      description: 'Bad input: `validation_failed` with one issue per field',
      content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
    },
    exclude: ['/api/openapi.json', '/api/docs', '/api/docs.js', /^\/dev\//, /^\/(?!api\/)/],
  };
}

/**
 * The caller's address for rate limits. Behind a trusted proxy it is the
 * last `X-Forwarded-For` entry, the one the proxy appended (earlier entries
 * are whatever the caller wrote). Empty when unknown: no per-address limit
 * then, rather than one bucket shared by everybody.
 */
function clientAddressOf(c: Context, deps: AppDeps): string {
  if (deps.config.trustProxy) {
    const forwarded = c.req.header('x-forwarded-for')?.split(',').at(-1)?.trim();
    if (forwarded) return forwarded;
  }
  return deps.clientAddress?.(c) ?? '';
}

/** Builds the whole app from its dependencies; the runtime entries only add a server. */
export function createApp(deps: AppDeps) {
  const sessions = new SessionStore(deps.db, deps.config.sessionCacheMs);
  const app = new Hono<AppEnv>();
  app.onError(onError);
  app.notFound(onNotFound);
  app.use(requestId());
  app.use(async (c, next) => {
    c.set('deps', deps);
    c.set('sessions', sessions);
    c.set('clientAddress', clientAddressOf(c, deps));
    await next();
  });
  app.use(compress({ threshold: COMPRESS_MIN_BYTES }));
  // A write may have enqueued a job due now without waking the scheduler (an event's dispatcher is
  // written in the write's own batch): the in-process scheduler looks right after, not at its 30 s poll.
  // A tus chunk that did not finish its file wrote no job (no `Portico-File-Id`): a 10 MB upload is many chunks.
  app.use('/api/*', async (c, next) => {
    await next();
    if (c.req.method === 'GET' || c.req.method === 'HEAD' || c.req.method === 'OPTIONS' || c.res.status >= 400) return;
    if (c.res.headers.has('Upload-Offset') && !c.res.headers.has('Portico-File-Id')) return;
    deps.scheduler.nudge?.();
  });
  app.use('/api/*', embeddingCors(deps));
  for (const path of ['/api/openapi.json', '/api/docs', '/api/docs.js']) app.use(path, securityHeaders);
  // Every JSON body is small; nobody gets to make the server read megabytes before validation says no.
  // (Only requests that can carry one: on Node, merely looking at a GET's body builds a full Request.)
  const limitBody = bodyLimit({
    maxSize: MAX_JSON_BODY_BYTES,
    onError: () => {
      throw new ApiError(413, 'payload_too_large', `Request bodies are limited to ${MAX_JSON_BODY_BYTES / 1024} KB`);
    },
  });
  // Postmark's inbound webhook carries whole emails with their attachments: it has its own, larger limit.
  const limitInbound = bodyLimit({
    maxSize: INBOUND_MAX_BYTES,
    onError: () => {
      throw new ApiError(413, 'payload_too_large', 'This email is over the inbound size limit');
    },
  });
  // A CSV import of 10 000 rows is about 1.5 MB: its own limit.
  const limitImport = bodyLimit({
    maxSize: CONTACT_IMPORT_MAX_BYTES,
    onError: () => {
      throw new ApiError(413, 'payload_too_large', `A CSV import is limited to ${CONTACT_IMPORT_MAX_BYTES / 1024 / 1024} MB`);
    },
  });
  // Uploads stream under their own limit (edge/data/uploads.ts), counted as they arrive.
  app.use('/api/*', (c, next) =>
    c.req.method === 'GET' || c.req.method === 'HEAD' || c.req.method === 'OPTIONS' || isStreamedUpload(c.req.method, c.req.path)
      ? next()
      : c.req.path === INBOUND_PATH
        ? limitInbound(c, next)
        : c.req.path === CONTACT_IMPORT_PATH
          ? limitImport(c, next)
          : limitBody(c, next),
  );
  // Answers carry sessions and client data: never kept by a browser or proxy cache.
  // (Set before the handler: see middleware/cors.ts for why never after.)
  app.use('/api/v1/*', async (c, next) => {
    c.header('Cache-Control', 'no-store');
    c.header('X-Content-Type-Options', 'nosniff');
    await next();
  });

  const api = app
    .get('/api/v1/health', op('health', 'Health: answers { ok: true } while the server runs'), (c) => c.json({ ok: true }))
    .route('/api/v1/auth', authRoutes)
    .route('/api/v1/public', publicRoutes)
    .route('/api/v1/links', emailLinkRoutes)
    // Before the portal and firm apps, whose guards would refuse tus's OPTIONS without a session.
    .route('/api/v1/portal/uploads', portalUploadRoutes)
    .route('/api/v1/firm/uploads', firmUploadRoutes)
    .route('/api/v1/portal', portalRoutes)
    .route('/api/v1/portal', portalFileRoutes)
    .route('/api/v1/firm', firmRoutes)
    .route('/api/v1/portal', portalMessageRoutes)
    .route('/api/v1/portal', portalRequestRoutes)
    .route('/api/v1/firm', firmMessageRoutes)
    .route('/api/v1/firm', firmRequestRoutes)
    .route('/api/v1/hooks/postmark', inboundRoutes)
    .route('/api/v1/hooks/postmark', postmarkHookRoutes)
    .route('/api/v1/firm', firmFileRoutes)
    .route('/api/v1/firm', notificationRoutes)
    .route('/api/v1/portal', portalProfileRoutes)
    .route('/api/v1/firm', firmAnnouncementRoutes)
    .route('/api/v1/firm', contactRoutes)
    .route('/api/v1/firm', clientRoutes)
    .route('/api/v1/firm', importRoutes)
    .route('/api/v1/portal', portalAnnouncementRoutes)
    .route('/api/v1/files', downloadRoutes)
    .route('/api/v1/jobs', jobsRoutes)
    .route('/api/v1/firm/delivery', deliveryRoutes)
    .route('/api/v1/firm', firmAccountRoutes)
    .route('/api/v1/public', publicImageRoutes)
    .route('/api/v1/auth', emailConfirmRoutes);

  // Built once, on first request (the routes are all there by then).
  let description: Promise<unknown> | undefined;
  app.get('/api/openapi.json', async (c) => c.json(await (description ??= generateSpecs(app, describeOptions(deps.config.publicUrl), c).then(withBodyErrors))));
  app.get('/api/docs', (c) => c.html(docsPage));
  app.get('/api/docs.js', (c) => c.body(docsScript, 200, { 'Content-Type': 'text/javascript; charset=utf-8' }));

  if (deps.config.devRoutes) app.route('/dev', devRoutes);
  mountPages(app, deps);
  return api;
}

/**
 * The demo site, the hosted portal `/p/:slug` and the console from the built
 * `dist/web`, and the embed for firms' own sites: the loader `/embed/portico.js` and its chunks.
 */
function mountPages(app: Hono<AppEnv>, deps: AppDeps) {
  const { serveStatic, distRoot } = deps;
  if (!serveStatic || !distRoot) return;
  const webRoot = `${distRoot}/web`;
  const page = (file: string) => serveStatic({ root: webRoot, path: file });
  for (const path of ['/', '/portal', '/console', '/p/:slug', '/assets/*', '/embed/*']) app.use(path, securityHeaders);
  app.get('/', page('index.html'));
  app.get('/portal', page('portal.html'));
  app.get('/console', page('console.html'));
  app.get('/p/:slug', page('hosted.html'));
  app.use('/assets/*', async (c, next) => {
    await next();
    if (c.res.ok) c.header('Cache-Control', 'public, max-age=31536000, immutable');
  });
  app.get('/assets/*', serveStatic({ root: webRoot }));
  // A module script loaded by a firm's page (the loader and the chunks it imports) is a cross-origin fetch:
  // it needs CORS and a cross-origin resource policy. Names without a hash are cached briefly.
  app.use('/embed/*', async (c, next) => {
    c.header('Access-Control-Allow-Origin', '*');
    c.header('Cross-Origin-Resource-Policy', 'cross-origin');
    await next();
    if (c.res.ok) c.header('Cache-Control', 'public, max-age=300');
  });
  // The loader `/embed/portico.js` and the chunks it imports beside it (`/embed/client-portal-<hash>.js`, ...).
  app.get('/embed/*', serveStatic({ root: distRoot }));
}

export type AppType = ReturnType<typeof createApp>;
