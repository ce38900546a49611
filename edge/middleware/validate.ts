import type { StandardSchemaV1 } from '@standard-schema/spec';
import { validator } from 'hono-openapi';
import type { Context, ValidationTargets } from 'hono';
import { ApiError } from '../errors.ts';

function pathOf(issue: StandardSchemaV1.Issue): string {
  return (issue.path ?? []).map((p) => (typeof p === 'object' ? String(p.key) : String(p))).join('.');
}

/** The one validation hook: a failed parse becomes a 400 `validation_failed` envelope listing each issue. */
function onInvalid(result: { success: boolean; error?: readonly StandardSchemaV1.Issue[]; target: keyof ValidationTargets }) {
  if (result.success) return;
  const issues = (result.error ?? []).map((i) => ({ path: pathOf(i), message: i.message }));
  const where = result.target === 'json' ? 'body' : result.target;
  throw new ApiError(400, 'validation_failed', `The request ${where} is not valid`, issues);
}

/** `application/json`, optionally with parameters (`; charset=utf-8`), or a `+json` type: what Hono's validator parses. */
const JSON_MEDIA_TYPE = /^application\/([\w.-]+\+)?json$/i;

/**
 * Hono reads a body that is not declared JSON as `{}`, so a text/plain
 * `{ "name": … }` would pass as "change nothing". A JSON route refuses it
 * instead. Only routes that validate a JSON body check this: raw uploads
 * (`PUT` with a file as the body) declare their own type.
 */
function assertJsonBody(c: Context): void {
  const mediaType = (c.req.header('content-type') ?? '').split(';')[0]!.trim();
  if (!JSON_MEDIA_TYPE.test(mediaType)) throw new ApiError(415, 'unsupported_media_type', 'Send the request body as JSON, with Content-Type: application/json');
}

/** Validates one request part with a valibot schema, documents it in OpenAPI, and types `c.req.valid()`. */
export const validate = <S extends StandardSchemaV1, T extends keyof ValidationTargets>(target: T, schema: S) => {
  const validateTarget = validator(target, schema, onInvalid);
  if (target !== 'json') return validateTarget;
  // Same function shape and the same OpenAPI marker (a symbol-keyed property), so types and docs still flow.
  const checked = ((c, next) => {
    assertJsonBody(c);
    return validateTarget(c, next);
  }) as typeof validateTarget;
  return Object.assign(checked, validateTarget);
};
