import { createConfig, lintFromString } from '@redocly/openapi-core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, PUBLIC_URL, type TestApp } from '../../test/fixtures/test-app.ts';

let t: TestApp;
beforeEach(async () => { t = await createTestApp(); });
afterEach(() => t.cleanup());

describe('GET /api/openapi.json', () => {
  it("passes Redocly's recommended rules with no error and no warning", async () => {
    const spec = (await t.request('GET', '/api/openapi.json')).json;
    const config = await createConfig({ extends: ['recommended'] });
    const problems = await lintFromString({ source: JSON.stringify(spec), absoluteRef: `${PUBLIC_URL}/api/openapi.json`, config });
    const found = problems.map((p) => `${p.severity} ${p.ruleId}: ${p.message} at ${p.location.map((l) => l.pointer).join(', ')}`);
    expect(found).toEqual([]);
  });

  it('names its server (PUBLIC_URL) and its license, and every operation can answer a 4xx', async () => {
    const spec = (await t.request('GET', '/api/openapi.json')).json;
    expect(spec.servers).toEqual([{ url: PUBLIC_URL, description: expect.any(String) }]);
    expect(spec.info.license).toEqual({ name: 'MIT', identifier: 'MIT' });
    const operations = Object.entries(spec.paths as Record<string, Record<string, { responses: Record<string, unknown> }>>).flatMap(([path, item]) =>
      Object.entries(item).map(([method, op]) => ({ at: `${method} ${path}`, statuses: Object.keys(op.responses) })),
    );
    expect(operations.length).toBeGreaterThan(10);
    for (const { at, statuses } of operations) expect(statuses.some((s) => /^4(\d\d|XX)$/.test(s)), at).toBe(true);
  });

  it('lists 413 and 415 for every operation that takes a JSON body', async () => {
    const spec = (await t.request('GET', '/api/openapi.json')).json;
    const withBody = Object.entries(spec.paths as Record<string, Record<string, { requestBody?: unknown; responses: Record<string, unknown> }>>).flatMap(([path, item]) =>
      Object.entries(item).filter(([, op]) => op.requestBody).map(([method, op]) => ({ at: `${method} ${path}`, statuses: Object.keys(op.responses) })),
    );
    expect(withBody.map((o) => o.at)).toEqual(expect.arrayContaining(['post /api/v1/auth/link', 'patch /api/v1/firm/settings', 'post /api/v1/firm/tasks']));
    for (const { at, statuses } of withBody) expect(statuses, at).toEqual(expect.arrayContaining(['413', '415']));
  });
});
