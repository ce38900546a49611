import type { Context, ErrorHandler, NotFoundHandler } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { ApiError, type ErrorCode, type ErrorEnvelope } from '../errors.ts';
import type { AppEnv } from '../env.ts';

function envelope(c: Context<AppEnv>, error: ApiError) {
  const body: ErrorEnvelope = {
    error: {
      code: error.code,
      message: error.message,
      ...(error.issues ? { issues: error.issues } : {}),
      requestId: c.get('requestId') ?? '',
    },
  };
  for (const [name, value] of Object.entries(error.headers ?? {})) c.header(name, value);
  return c.json(body, error.status);
}

const httpCodes: Partial<Record<number, ErrorCode>> = {
  400: 'bad_request',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not_found',
  409: 'conflict',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
  429: 'rate_limited',
};

/** Every error leaves as `{ error: { code, message, issues?, requestId } }`; internals never leave. */
export const onError: ErrorHandler<AppEnv> = (err, c) => {
  if (err instanceof ApiError) return envelope(c, err);
  if (err instanceof HTTPException && err.status < 500) {
    return envelope(c, new ApiError(err.status as 400, httpCodes[err.status] ?? 'bad_request', err.message || 'Bad request'));
  }
  console.error(`[${c.get('requestId')}] ${c.req.method} ${c.req.path}`, err);
  return envelope(c, new ApiError(500, 'internal', 'Something went wrong on our side. Please try again.'));
};

export const onNotFound: NotFoundHandler<AppEnv> = (c) =>
  envelope(c, new ApiError(404, 'not_found', `No route for ${c.req.method} ${c.req.path}`));
