import type { StandardSchemaV1 } from '@standard-schema/spec';
import { validator } from 'hono-openapi';
import type { ValidationTargets } from 'hono';
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

/** Validates one request part with a valibot schema, documents it in OpenAPI, and types `c.req.valid()`. */
export const validate = <S extends StandardSchemaV1, T extends keyof ValidationTargets>(target: T, schema: S) =>
  validator(target, schema, onInvalid);
