import { fork } from 'node:child_process';
import autocannon from 'autocannon';
import { benchFixture } from './fixture.ts';

const DURATION_S = Number(process.env.BENCH_SECONDS ?? 5);
const CONNECTIONS = 10;

async function measure(kind: string, port: number, fixture: object, path: string, headers: Record<string, string> = {}) {
  const child = fork(new URL('./servers.ts', import.meta.url), [kind, String(port), JSON.stringify(fixture)], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  await new Promise<void>((resolve, reject) => {
    child.once('message', () => resolve());
    child.once('exit', (code) => reject(new Error(`${kind} server exited with ${code}`)));
  });
  try {
    const url = `http://127.0.0.1:${port}${path}`;
    const check = await fetch(url, { headers });
    if (check.status !== 200) throw new Error(`${kind}: ${check.status} ${await check.text()}`);
    await autocannon({ url, headers, connections: CONNECTIONS, duration: 1 }); // warm-up
    const result = await autocannon({ url, headers, connections: CONNECTIONS, duration: DURATION_S });
    if (result.non2xx > 0 || result.errors > 0) throw new Error(`${kind}: ${result.non2xx} non-2xx, ${result.errors} errors`);
    return { rps: result.requests.average, p99: result.latency.p99 };
  } finally {
    child.kill();
  }
}

export async function throughput() {
  const fixture = await benchFixture();
  const hello = await measure('hello', 9301, fixture, '/');
  const raw = await measure('raw', 9302, fixture, '/');
  // The app's own middleware (request id, CORS, headers) on its cheapest route: catches a change that slows every request.
  const health = await measure('portico', 9304, fixture, '/api/v1/health');
  const portico = await measure('portico', 9303, fixture, `/api/v1/portal/tasks?clientId=${fixture.clientId}`, {
    authorization: `Bearer ${fixture.token}`,
  });
  const pct = (x: number) => `${((x / hello.rps) * 100).toFixed(1)}%`;
  console.log(`\nThroughput (${CONNECTIONS} connections, ${DURATION_S} s each; 20 tasks per response)`);
  console.log(`  hello-world Hono          ${hello.rps.toFixed(0).padStart(7)} req/s  p99 ${hello.p99} ms  100% (baseline)`);
  console.log(`  GET /api/v1/health        ${health.rps.toFixed(0).padStart(7)} req/s  p99 ${health.p99} ms  ${pct(health.rps)} of hello-world (the middleware alone)`);
  console.log(`  raw libsql prepared       ${raw.rps.toFixed(0).padStart(7)} req/s  p99 ${raw.p99} ms  ${pct(raw.rps)} of hello-world`);
  console.log(`  GET /api/v1/portal/tasks  ${portico.rps.toFixed(0).padStart(7)} req/s  p99 ${portico.p99} ms  ${pct(portico.rps)} of hello-world (target >= 25%), ${((portico.rps / raw.rps) * 100).toFixed(0)}% of raw`);
  return { hello, health, raw, portico };
}

if (import.meta.url === `file://${process.argv[1]}`) await throughput();
