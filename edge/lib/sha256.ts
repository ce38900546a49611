// node:crypto is there on Node, Deno and Bun alike (as node:zlib is for middleware/compress.ts); WebCrypto has no
// digest that takes its input a chunk at a time, and a file must be hashed as it streams, never held whole.
import { createHash } from 'node:crypto';

/** A SHA-256 fed chunk by chunk. */
export function sha256Stream() {
  const hash = createHash('sha256');
  return {
    update(chunk: Uint8Array) {
      hash.update(chunk);
    },
    hex: () => hash.digest('hex'),
  };
}
