import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * Starts the real runtime entries (edge/node.ts on Node, edge/deno.ts on Deno)
 * as child processes on a fresh database and signs a client in over HTTP, so a
 * change that only one runtime cannot load or serve shows up here.
 */

const root = fileURLToPath(new URL('..', import.meta.url));
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

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** True while any process of the group led by `pid` is alive. */
function groupAlive(pid: number): boolean {
  try {
    process.kill(-pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function stopGroup(child: ChildProcess): Promise<void> {
  const pid = child.pid;
  if (pid === undefined) return;
  const signal = (sig: NodeJS.Signals) => {
    try {
      process.kill(-pid, sig);
    } catch {
      // Already gone.
    }
  };
  signal('SIGTERM');
  for (let waited = 0; groupAlive(pid) && waited < 5_000; waited += 50) await sleep(50);
  if (groupAlive(pid)) signal('SIGKILL');
  for (let waited = 0; groupAlive(pid) && waited < 2_000; waited += 50) await sleep(50);
}

describe.each(runtimes)('$name runtime', (runtime) => {
  let dir: string;
  let base: string;
  let child: ChildProcess | undefined;
  let output = '';

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), `portico-smoke-${runtime.name}-`));
    const port = await freePort();
    base = `http://localhost:${port}`;
    const { file, args } = runtime.command({ dir });
    const proc = spawn(file, args, {
      cwd: root,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: {
        ...process.env,
        PORT: String(port),
        DATABASE_URL: `file:${join(dir, 'smoke.db')}`,
        PUBLIC_URL: base,
        DENO_NO_UPDATE_CHECK: '1',
        NO_COLOR: '1',
      },
    });
    child = proc;
    proc.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    proc.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    let exited: string | undefined;
    proc.on('exit', (code, sig) => (exited = `exited with ${sig ?? `code ${code}`}`));
    proc.on('error', (error) => (exited = `failed to start: ${error.message}`));

    const deadline = Date.now() + STARTUP_TIMEOUT_MS;
    let last = 'no answer yet';
    for (;;) {
      if (exited) throw new Error(`${runtime.name} server ${exited} before it was healthy.\nOutput:\n${output}`);
      try {
        const res = await fetch(`${base}/api/v1/health`, { signal: AbortSignal.timeout(2_000) });
        const body: unknown = await res.json().catch(() => undefined);
        if (res.ok && (body as { ok?: unknown } | undefined)?.ok === true) break;
        last = `HTTP ${res.status} ${JSON.stringify(body)}`;
      } catch (error) {
        last = String(error);
      }
      if (Date.now() > deadline) {
        throw new Error(
          `${runtime.name} server did not answer GET /api/v1/health with { ok: true } within ${STARTUP_TIMEOUT_MS} ms (last: ${last}).\nOutput:\n${output}`,
        );
      }
      await sleep(200);
    }
  }, STARTUP_TIMEOUT_MS + 5_000);

  afterAll(async () => {
    if (child) await stopGroup(child);
    if (dir) rmSync(dir, { recursive: true, force: true });
    if (child?.pid !== undefined) expect(groupAlive(child.pid), `${runtime.name} processes left running`).toBe(false);
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
      if (Date.now() > deadline) throw new Error(`No sign-in email within ${MAIL_TIMEOUT_MS} ms; mailbox: ${JSON.stringify(mails)}\nOutput:\n${output}`);
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
