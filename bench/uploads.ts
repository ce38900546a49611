/**
 * Ten concurrent 10 MB uploads through the API (PUT to a portal task: session,
 * visibility, streaming with sniffing, SHA-256 and the disk blob store) against
 * a bare Node http server that streams the same bodies to disk, each server in
 * its own process, in one run. Prints the throughput ratio (target >= 0.5)
 * and each server's peak RSS growth per concurrent upload (target < 2 MB:
 * streamed, never buffered), from the kernel's high-water mark (Linux).
 *
 *   node --import tsx bench/uploads.ts
 */
import { fork, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';

const CONCURRENT = 10;
const SIZE = 10 * 1024 * 1024;
const ROUNDS = 3;

if (process.argv[2] === 'serve') await serveChild(process.argv[3] as 'bare' | 'portico', process.argv[4]!);
else await main();

async function serveChild(kind: 'bare' | 'portico', dir: string) {
  if (kind === 'bare') {
    let n = 0;
    const server = createServer((req, res) => {
      void pipeline(req, createWriteStream(join(dir, `bare-${n++}`))).then(() => res.writeHead(201).end('{}'), () => res.writeHead(500).end());
    });
    server.listen(0, '127.0.0.1', () => process.send!({ port: (server.address() as { port: number }).port }));
    return;
  }
  const { serve } = await import('@hono/node-server');
  const { startPortico } = await import('../edge/server.ts');
  const { freePort } = await import('../test/fixtures/server-process.ts');
  const port = await freePort();
  const portico = await startPortico({ DATABASE_URL: `file:${join(dir, 'bench.db')}`, BLOB_DIR: join(dir, 'blobs'), PORT: String(port), PUBLIC_URL: `http://127.0.0.1:${port}` });
  serve({ fetch: portico.app.fetch, port, hostname: '127.0.0.1' }, () => process.send!({ port }));
}

/** The child's current and peak resident set, in bytes (Linux /proc). */
function memoryOf(pid: number) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string) => Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(status)![1]) * 1024;
  return { rss: kb('VmRSS'), peak: kb('VmHWM') };
}

/** Resets the kernel's peak RSS mark of the child to its current RSS (so the baseline is after warm-up). */
function resetPeak(pid: number) {
  try {
    writeFileSync(`/proc/${pid}/clear_refs`, '5');
  } catch {
    /* not permitted: the peak then includes start-up */
  }
}

async function start(kind: 'bare' | 'portico', dir: string): Promise<{ child: ChildProcess; base: string }> {
  const child = fork(fileURLToPath(import.meta.url), ['serve', kind, dir], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
  const { port } = await new Promise<{ port: number }>((resolve, reject) => {
    child.once('message', (m) => resolve(m as { port: number }));
    child.once('exit', (code) => reject(new Error(`${kind} server exited (${code})`)));
  });
  return { child, base: `http://127.0.0.1:${port}` };
}

/** A distinct, valid 10 MiB PDF per upload (distinct so none is answered as a duplicate). */
function bodies(round: number) {
  return Array.from({ length: CONCURRENT }, (_, i) => {
    const body = Buffer.alloc(SIZE, 0x78);
    body.write(`%PDF-1.4\n%round ${round} file ${i}\n`, 0);
    body.write('\n%%EOF\n', SIZE - 7);
    return body;
  });
}

async function signIn(base: string) {
  await fetch(`${base}/api/v1/auth/link`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ firm: 'demo', email: 'client@demo.test' }) });
  for (let i = 0; i < 100; i++) {
    const mails = (await (await fetch(`${base}/dev/mail.json`)).json()) as { to: string; text: string }[];
    const login = mails.find((m) => m.to === 'client@demo.test')?.text.match(/#login=([\w-]+)/)?.[1];
    if (login) {
      const { token } = (await (await fetch(`${base}/api/v1/auth/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ token: login }) })).json()) as { token: string };
      const tasks = (await (await fetch(`${base}/api/v1/portal/tasks`, { headers: { authorization: `Bearer ${token}` } })).json()) as { items: { id: string }[] };
      return { token, taskId: tasks.items[0]!.id };
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('no sign-in mail');
}

async function measure(kind: 'bare' | 'portico') {
  const dir = mkdtempSync(join(tmpdir(), `portico-bench-uploads-${kind}-`));
  const { child, base } = await start(kind, dir);
  try {
    const auth = kind === 'portico' ? await signIn(base) : undefined;
    const url = (round: number, i: number) => (auth ? `${base}/api/v1/portal/tasks/${auth.taskId}/files/bench-${round}-${i}.pdf` : `${base}/upload/${round}-${i}`);
    const headers = auth ? { authorization: `Bearer ${auth.token}` } : undefined;
    const send = (round: number) =>
      Promise.all(
        bodies(round).map(async (body, i) => {
          const res = await fetch(url(round, i), { method: 'PUT', body, headers });
          if (res.status !== 201) throw new Error(`${kind}: ${res.status} ${await res.text()}`);
        }),
      );
    await send(-1); // warm-up
    resetPeak(child.pid!);
    const baseline = memoryOf(child.pid!).rss;
    let best = Infinity;
    for (let round = 0; round < ROUNDS; round++) {
      const started = performance.now();
      await send(round);
      best = Math.min(best, performance.now() - started);
    }
    const { peak } = memoryOf(child.pid!);
    return { mbPerSecond: (CONCURRENT * SIZE) / 1024 / 1024 / (best / 1000), growthPerUpload: Math.max(0, peak - baseline) / CONCURRENT };
  } finally {
    child.kill();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function main() {
  const bare = await measure('bare');
  const portico = await measure('portico');
  const mb = (n: number) => `${(n / 1024 / 1024).toFixed(2)} MB`;
  console.log(`uploads: ${CONCURRENT} concurrent ${SIZE / 1024 / 1024} MB PUTs, best of ${ROUNDS}`);
  console.log(`  bare Node http to disk: ${bare.mbPerSecond.toFixed(0)} MB/s, peak RSS growth ${mb(bare.growthPerUpload)} per upload`);
  console.log(`  Portico PUT /portal/tasks/:id/files: ${portico.mbPerSecond.toFixed(0)} MB/s, peak RSS growth ${mb(portico.growthPerUpload)} per upload`);
  console.log(`  throughput ratio ${(portico.mbPerSecond / bare.mbPerSecond).toFixed(2)} (target >= 0.5); Portico's growth per upload ${mb(portico.growthPerUpload)} (target < 2 MB)`);
}
