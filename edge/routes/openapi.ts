import { describeRoute } from 'hono-openapi';

type Caller = 'anyone' | 'contact' | 'staff' | 'signed-in';

const errorNames: Record<number, string> = {
  400: 'Bad input',
  401: 'Not signed in, or the session or link is no longer valid',
  403: 'Signed in, but not allowed to do this',
  404: 'No such record for this caller (also for another firm\'s records)',
  409: 'The record is not in a state that allows this',
  413: 'The request body is over the size limit',
  415: 'The request body is not declared as JSON (Content-Type: application/json)',
  429: 'Too many requests; see Retry-After',
};
const anyRefusal = 'Refused, in the error envelope';

const security: Record<Caller, Record<string, string[]>[]> = {
  anyone: [],
  contact: [{ bearer: [] }],
  staff: [{ bearer: [] }, { cookie: [] }],
  'signed-in': [{ bearer: [] }, { cookie: [] }],
};

const defaultErrors: Record<Caller, number[]> = { anyone: [], contact: [401, 403], staff: [401, 403], 'signed-in': [401] };

const errorResponse = (status: number | '4XX') => ({
  description: status === '4XX' ? anyRefusal : (errorNames[status] ?? 'Error'),
  content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
});

type Operations = Record<string, Record<string, { requestBody?: unknown; responses?: Record<string, unknown> } | undefined>>;

/** Adds what every operation with a JSON body can also answer (the body limit, the JSON check) to a generated description. */
export function withBodyErrors<T extends { paths?: unknown }>(spec: T): T {
  for (const item of Object.values((spec.paths ?? {}) as Operations)) {
    for (const operation of Object.values(item)) {
      if (!operation?.requestBody) continue;
      operation.responses ??= {};
      for (const status of [413, 415]) operation.responses[status] ??= errorResponse(status);
    }
  }
  return spec;
}

/**
 * Describes one operation for `GET /api/openapi.json`: its summary, who may
 * call it (security), its success status and the error answers it can give,
 * all in the one error envelope. Bad input (400) is added by the validator.
 */
export function op(tag: string, summary: string, options: { caller?: Caller; ok?: number; description?: string; errors?: number[] } = {}) {
  const caller = options.caller ?? 'anyone';
  const ok = options.ok ?? 200;
  const errors: (number | '4XX')[] = [...new Set([...defaultErrors[caller], ...(options.errors ?? [])])].sort();
  // Any request can be refused (a body over the limit, a path this server does not serve): say so where nothing more specific is listed.
  if (errors.length === 0) errors.push('4XX');
  return describeRoute({
    tags: [tag],
    summary,
    ...(options.description ? { description: options.description } : {}),
    security: security[caller],
    responses: {
      [ok]: { description: ok === 204 ? 'Done, no content' : ok === 201 ? 'Created' : ok === 202 ? 'Accepted' : 'OK' },
      ...Object.fromEntries(errors.map((status) => [status, errorResponse(status)])),
    },
  });
}
