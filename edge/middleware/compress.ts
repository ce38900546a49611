import { gzipSync } from 'node:zlib';
import type { Context, MiddlewareHandler } from 'hono';
import { COMPRESSIBLE_CONTENT_TYPE_REGEX } from 'hono/compress';

/** Whether `Accept-Encoding` admits gzip (explicitly or by `*`, with a q above 0). */
function acceptsGzip(header: string | undefined): boolean {
  if (!header) return false;
  let wildcard = false;
  for (const part of header.split(',')) {
    const [name = '', ...params] = part.split(';').map((s) => s.trim().toLowerCase());
    const q = params.find((p) => p.startsWith('q='));
    const accepted = q === undefined || Number(q.slice(2)) > 0;
    if (name === 'gzip') return accepted;
    if (name === '*') wildcard = accepted;
  }
  return wildcard;
}

function weakenEtag(headers: Headers): void {
  const etag = headers.get('etag');
  if (etag && !etag.startsWith('W/')) headers.set('etag', `W/${etag}`);
}

/**
 * Puts `answer` in place of the current one, whose headers it already has.
 * Assigning over an existing answer makes Hono rebuild the new one around its
 * body stream to merge the old headers, the slow path on Node: clear it first.
 */
function replaceAnswer(c: Context, answer: Response): void {
  c.res = undefined;
  c.res = answer;
}

/**
 * gzip for pages, scripts, styles and JSON, for callers that accept it.
 * JSON is gzipped where it is made (`c.json`), while its text is at hand;
 * files are streamed through the standard CompressionStream; another answer
 * built in memory (the API reference page) is read back and gzipped at once.
 * Answers under `threshold` bytes stay as they are: gzip would make them
 * bigger and cost more than it saves. Zlib is Node's, which Deno provides too;
 * brotli is left out (Node 20's CompressionStream has none, and zlib's costs
 * several times gzip's CPU). Unlike `hono/compress`, nothing happens after
 * the handler for a caller that does not ask for gzip, and a JSON answer is
 * not read back, because rebuilding an answer after the handler is the
 * expensive step on Node (see cors.ts). Measured (20-task list, 10
 * connections): unchanged without Accept-Encoding; about 25% fewer requests a
 * second with gzip, for a body a fifth the size.
 */
export function compress(options: { threshold: number }): MiddlewareHandler {
  return async (c, next) => {
    // Set before the handler, as every header here (see cors.ts).
    c.header('Vary', 'Accept-Encoding', { append: true });
    const gzip = acceptsGzip(c.req.header('accept-encoding'));
    if (!gzip || c.req.method === 'HEAD') return next();
    // JSON is gzipped where it is made, while its text is at hand: reading it back from the answer costs more than gzip.
    const json = c.json;
    let madeJson = false;
    c.json = ((object: unknown, arg?: never, headers?: Record<string, string>) => {
      madeJson = true;
      const text = JSON.stringify(object);
      if (text.length < options.threshold) return json(object, arg, headers as never);
      return c.newResponse(gzipSync(text), arg, { ...headers, 'Content-Type': 'application/json', 'Content-Encoding': 'gzip' });
    }) as typeof c.json;
    await next();
    const res = c.res;
    if (madeJson && res.headers.get('content-type')?.startsWith('application/json')) return;
    const type = res.headers.get('content-type');
    if (res.status === 204 || res.status === 206 || res.status === 304 || !type || !COMPRESSIBLE_CONTENT_TYPE_REGEX.test(type)) return;
    if (res.headers.has('content-encoding') || /(?:^|,)\s*no-transform\s*(?:,|$)/i.test(res.headers.get('cache-control') ?? '')) return;
    const length = res.headers.get('content-length');
    if (length !== null) {
      // A file: streamed through gzip as it is read.
      if (Number(length) < options.threshold || !res.body) return;
      const headers = new Headers(res.headers);
      headers.delete('content-length');
      headers.set('content-encoding', 'gzip');
      weakenEtag(headers);
      replaceAnswer(c, new Response(res.body.pipeThrough(new CompressionStream('gzip') as unknown as TransformStream<Uint8Array, Uint8Array>), { status: res.status, headers }));
      return;
    }
    // Another answer built in memory (the API reference page): small, so read and gzipped at once, far cheaper than a stream on Node.
    const bytes = new Uint8Array(await res.arrayBuffer());
    if (bytes.length < options.threshold) {
      replaceAnswer(c, new Response(bytes, { status: res.status, headers: res.headers }));
      return;
    }
    const zipped = gzipSync(bytes);
    const headers = new Headers(res.headers);
    headers.set('content-length', String(zipped.length));
    headers.set('content-encoding', 'gzip');
    weakenEtag(headers);
    replaceAnswer(c, new Response(zipped, { status: res.status, headers }));
  };
}
