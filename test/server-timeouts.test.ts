import { mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, startServerProcess, type ServerProcess } from './fixtures/server-process.ts';

/**
 * The real Node entry (edge/node.ts) with short timeouts, against raw TCP
 * clients that send slowly: a connection that dawdles is answered 408 and
 * closed, instead of holding a socket open for as long as it likes.
 */
const HEADERS_TIMEOUT_S = 1;
const REQUEST_TIMEOUT_S = 2;
/** Far above the configured timeouts (and Node's checking interval), far below "forever". */
const GIVE_UP_MS = 8_000;

let dir: string;
let server: ServerProcess;
let port: number;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'portico-timeouts-'));
  port = await freePort();
  server = await startServerProcess({
    name: 'node',
    file: process.execPath,
    args: ['--import', 'tsx', 'edge/node.ts'],
    port,
    env: {
      DATABASE_URL: `file:${join(dir, 'timeouts.db')}`,
      SEED: '0',
      HEADERS_TIMEOUT_SECONDS: String(HEADERS_TIMEOUT_S),
      REQUEST_TIMEOUT_SECONDS: String(REQUEST_TIMEOUT_S),
    },
  });
}, 40_000);
afterAll(async () => {
  await server?.stop();
  rmSync(dir, { recursive: true, force: true });
}, 15_000);

/**
 * Opens a raw connection, writes `head` and then one more byte of `drip`
 * every 200 ms, and answers what the server said and how long it kept the
 * connection open (or `null` if it was still open after GIVE_UP_MS).
 */
function dawdle(head: string, drip: string): Promise<{ answer: string; openMs: number | null }> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const socket = connect(port, '127.0.0.1');
    let answer = '';
    let i = 0;
    const timer = setInterval(() => {
      if (!socket.writable) return;
      socket.write(drip[i++ % drip.length]!);
    }, 200);
    const giveUp = setTimeout(() => finish(null), GIVE_UP_MS);
    const finish = (openMs: number | null) => {
      clearInterval(timer);
      clearTimeout(giveUp);
      socket.destroy();
      resolve({ answer, openMs });
    };
    socket.on('connect', () => socket.write(head));
    socket.on('data', (chunk) => (answer += chunk.toString()));
    socket.on('close', () => finish(Date.now() - started));
    socket.on('error', (error: NodeJS.ErrnoException) => (error.code === 'ECONNRESET' ? finish(Date.now() - started) : reject(error)));
  });
}

describe('server timeouts (Node)', () => {
  it('closes a connection whose headers never finish, with 408', async () => {
    const { answer, openMs } = await dawdle('GET /api/v1/health HTTP/1.1\r\nHost: localhost\r\n', 'X-Slow: aaaaaaaa\r\n');
    expect(openMs, 'the connection was still open').not.toBeNull();
    expect(openMs!).toBeGreaterThanOrEqual(HEADERS_TIMEOUT_S * 1000 - 100);
    expect(answer).toMatch(/^HTTP\/1\.1 408/);
  }, GIVE_UP_MS + 2_000);

  it('closes a connection whose body never finishes, with 408', async () => {
    const head = 'POST /api/v1/auth/link HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"firm":"demo","email":"';
    const { answer, openMs } = await dawdle(head, 'a');
    expect(openMs, 'the connection was still open').not.toBeNull();
    expect(openMs!).toBeGreaterThanOrEqual(REQUEST_TIMEOUT_S * 1000 - 100);
    expect(answer).toMatch(/^HTTP\/1\.1 408/);
  }, GIVE_UP_MS + 2_000);

  it('still serves a prompt request', async () => {
    expect(await (await fetch(`${server.base}/api/v1/health`)).json()).toEqual({ ok: true });
  });
});
