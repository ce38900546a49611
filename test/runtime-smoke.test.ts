import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, groupAlive, root, sleep, startServerProcess, type ServerProcess } from './fixtures/server-process.ts';

/**
 * Starts the real runtime entries (edge/node.ts on Node, edge/deno.ts on Deno)
 * as child processes on a fresh database and signs a client in over HTTP, so a
 * change that only one runtime cannot load or serve shows up here.
 */

const bin = (name: string) => join(root, 'node_modules', '.bin', name);

const STARTUP_TIMEOUT_MS = 25_000;
const MAIL_TIMEOUT_MS = 10_000;

interface Runtime {
  name: string;
  command: (ctx: { dir: string }) => { file: string; args: string[] };
}

const runtimes: Runtime[] = [
  {
    name: 'node',
    command: () => ({ file: process.execPath, args: ['--import', 'tsx', 'edge/node.ts'] }),
  },
  {
    name: 'deno',
    // What the server needs: net (listen), env (config), read (code, node_modules, dist/web, migrations),
    // write (only the database folder), ffi (libSQL's native module), sys (libSQL's loader reads
    // process.report to tell glibc from musl, which asks for cpus, hostname, network interfaces, ...).
    command: ({ dir }) => ({
      file: bin('deno'),
      args: ['run', '--allow-net', '--allow-env', '--allow-read', `--allow-write=${dir}`, '--allow-ffi', '--allow-sys', 'edge/deno.ts'],
    }),
  },
];

describe.each(runtimes)('$name runtime', (runtime) => {
  let dir: string;
  let base: string;
  let server: ServerProcess | undefined;
  const output = () => server?.output() ?? '';

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), `portico-smoke-${runtime.name}-`));
    const { file, args } = runtime.command({ dir });
    server = await startServerProcess({
      name: runtime.name,
      file,
      args,
      port: await freePort(),
      env: { DATABASE_URL: `file:${join(dir, 'smoke.db')}` },
      timeoutMs: STARTUP_TIMEOUT_MS,
    });
    base = server.base;
  }, STARTUP_TIMEOUT_MS + 10_000);

  afterAll(async () => {
    await server?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
    const pid = server?.child.pid;
    if (pid !== undefined) expect(groupAlive(pid), `${runtime.name} processes left running`).toBe(false);
  }, 15_000);

  it('signs a client in with an emailed link and lists their tasks', async () => {
    const link = await fetch(`${base}/api/v1/auth/link`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ firm: 'demo', email: 'client@demo.test' }),
    });
    expect(link.status).toBe(202);

    let loginToken: string | undefined;
    const deadline = Date.now() + MAIL_TIMEOUT_MS;
    for (;;) {
      const res = await fetch(`${base}/dev/mail.json`);
      expect(res.status).toBe(200);
      const mails = (await res.json()) as Array<{ to: string; text: string }>;
      expect(Array.isArray(mails)).toBe(true);
      const mail = mails.find((m) => m.to === 'client@demo.test' && m.text.includes('#login='));
      loginToken = mail?.text.match(/#login=([^\s&]+)/)?.[1];
      if (loginToken) break;
      if (Date.now() > deadline) throw new Error(`No sign-in email within ${MAIL_TIMEOUT_MS} ms; mailbox: ${JSON.stringify(mails)}\nOutput:\n${output()}`);
      await sleep(200);
    }

    const session = await fetch(`${base}/api/v1/auth/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ token: loginToken }),
    });
    expect(session.status).toBe(200);
    const { token } = (await session.json()) as { token: string };
    expect(token).toEqual(expect.any(String));

    const tasks = await fetch(`${base}/api/v1/portal/tasks`, { headers: { authorization: `Bearer ${token}` } });
    expect(tasks.status).toBe(200);
    const { items } = (await tasks.json()) as { items: Array<{ id: string; title: string }> };
    expect(items.length).toBeGreaterThan(0);
    expect(items[0]).toMatchObject({ id: expect.stringMatching(/^tsk_/), title: expect.any(String) });
  });

  it('refuses the task list without a bearer token', async () => {
    const res = await fetch(`${base}/api/v1/portal/tasks`);
    expect(res.status).toBe(401);
    const body = (await res.json()) as { error?: { code?: unknown } };
    expect(body.error?.code).toEqual(expect.any(String));
  });
});
