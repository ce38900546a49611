import type { MiddlewareHandler } from 'hono';
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

/**
 * gzip for pages, scripts, styles and JSON, with the standard
 * CompressionStream (Node and Deno alike; brotli is not in Node 20's).
 * Answers under `threshold` bytes stay as they are: gzip would make them
 * bigger and cost more than it saves. Unlike `hono/compress` it does nothing
 * after the handler for a caller that does not ask for gzip, and it measures
 * a JSON answer of unknown length before deciding (most API answers are a
 * few hundred bytes), because rebuilding an answer after the handler is the
 * expensive step on Node (see cors.ts).
 */
export function compress(options: { threshold: number }): MiddlewareHandler {
  return async (c, next) => {
    // Set before the handler, as every header here (see cors.ts).
    c.header('Vary', 'Accept-Encoding', { append: true });
    const gzip = acceptsGzip(c.req.header('accept-encoding'));
    await next();
    if (!gzip || c.req.method === 'HEAD') return;
    const res = c.res;
    const type = res.headers.get('content-type');
    if (!res.body || res.status === 204 || res.status === 206 || !type || !COMPRESSIBLE_CONTENT_TYPE_REGEX.test(type)) return;
    if (res.headers.has('content-encoding') || /(?:^|,)\s*no-transform\s*(?:,|$)/i.test(res.headers.get('cache-control') ?? '')) return;
    const length = res.headers.get('content-length');
    let body: ReadableStream<Uint8Array> | string = res.body;
    if (length === null) {
      const text = await res.text();
      if (new TextEncoder().encode(text).length < options.threshold) {
        c.res = new Response(text, { status: res.status, headers: res.headers });
        return;
      }
      body = text;
    } else if (Number(length) < options.threshold) return;
    const stream = typeof body === 'string' ? new Blob([body]).stream() : body;
    c.res = new Response(stream.pipeThrough(new CompressionStream('gzip') as unknown as TransformStream<Uint8Array, Uint8Array>), { status: res.status, headers: res.headers });
    c.res.headers.delete('content-length');
    c.res.headers.set('content-encoding', 'gzip');
    const etag = c.res.headers.get('etag');
    if (etag && !etag.startsWith('W/')) c.res.headers.set('etag', `W/${etag}`);
  };
}
