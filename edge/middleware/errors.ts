import type { Context, ErrorHandler, NotFoundHandler } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { ApiError, type ErrorEnvelope } from '../errors.ts';
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

/** Every error leaves as `{ error: { code, message, issues?, requestId } }`; internals never leave. */
export const onError: ErrorHandler<AppEnv> = (err, c) => {
  if (err instanceof ApiError) return envelope(c, err);
  if (err instanceof HTTPException && err.status < 500) {
    const code = err.status === 400 ? 'bad_request' : err.status === 401 ? 'unauthorized' : err.status === 413 ? 'payload_too_large' : 'bad_request';
    return envelope(c, new ApiError(err.status as 400, code, err.message || 'Bad request'));
  }
  console.error(`[${c.get('requestId')}] ${c.req.method} ${c.req.path}`, err);
  return envelope(c, new ApiError(500, 'internal', 'Something went wrong on our side. Please try again.'));
};

export const onNotFound: NotFoundHandler<AppEnv> = (c) =>
  envelope(c, new ApiError(404, 'not_found', `No route for ${c.req.method} ${c.req.path}`));
