import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPostmarkStandIn, type PostmarkStandIn } from './fixtures/postmark-standin.ts';
import { freePort, sleep, startServerProcess, type ServerProcess } from './fixtures/server-process.ts';

/**
 * Two Node instances on one database file, started at the same moment, as a
 * deployment past one machine would run them: migrations and the seed must
 * survive the race, and every email must leave exactly once although both
 * instances' job loops claim from the same queue. Mail goes to a local
 * stand-in of Postmark through the official client.
 */
let postmark: PostmarkStandIn;
let servers: ServerProcess[] = [];
let dir: string;

beforeAll(async () => {
  postmark = await startPostmarkStandIn();
  dir = mkdtempSync(join(tmpdir(), 'portico-reliability-'));
  const env = {
    DATABASE_URL: `file:${join(dir, 'shared.db')}`,
    MAILER: 'postmark',
    POSTMARK_SERVER_TOKEN: 'reliability-token',
    POSTMARK_API_URL: `http://${postmark.host}`,
    DEV_ROUTES: '0',
  };
  const ports = [await freePort(), await freePort()];
  servers = await Promise.all(
    ports.map((port, i) => startServerProcess({ name: `node #${i + 1}`, file: process.execPath, args: ['--import', 'tsx', 'edge/node.ts'], port, env })),
  );
}, 60_000);

afterAll(async () => {
  await Promise.all(servers.map((s) => s.stop()));
  await postmark?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
}, 20_000);

const people = [
  { firm: 'demo', email: 'client@demo.test', as: 'client' },
  { firm: 'demo', email: 'timber@demo.test', as: 'client' },
  { firm: 'demo', email: 'owner@demo.test', as: 'staff' },
  { firm: 'demo', email: 'mari@demo.test', as: 'staff' },
  { firm: 'acme', email: 'client@acme.test', as: 'client' },
  { firm: 'acme', email: 'owner@acme.test', as: 'staff' },
];

describe('two instances on one database', () => {
  it('both start on a fresh file (one migrates and seeds, the other finds it done)', async () => {
    for (const server of servers) {
      const res = await fetch(`${server.base}/api/v1/public/firms/demo`);
      expect(res.status).toBe(200);
    }
  });

  it('send every email exactly once', async () => {
    const requests = people.flatMap((person, i) => [0, 1].map((round) => ({ person, server: servers[(i + round) % 2]! })));
    const answers = await Promise.all(
      requests.map(({ person, server }) =>
        fetch(`${server.base}/api/v1/auth/link`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(person) }),
      ),
    );
    expect(answers.map((a) => a.status)).toEqual(requests.map(() => 202));

    const deadline = Date.now() + 20_000;
    while (postmark.received.length < requests.length && Date.now() < deadline) await sleep(100);
    await sleep(1_000); // time for a duplicate to show up, were there one
    const keys = postmark.received.map((r) => (r.body.Metadata as { key: string }).key);
    expect(keys, servers.map((s) => s.output()).join('\n')).toHaveLength(requests.length);
    expect(new Set(keys).size).toBe(requests.length);
    expect(postmark.received.map((r) => r.body.To).sort()).toEqual(requests.map((r) => r.person.email).sort());
    expect(postmark.received.every((r) => r.token === 'reliability-token')).toBe(true);
  });
});
