import { createHash, randomBytes } from 'node:crypto';

/** A URL-safe random secret with 256 bits of entropy. */
export function newSecret(): string {
  return randomBytes(32).toString('base64url');
}

/**
 * SHA-256 hex of a secret: what the database stores instead of the secret.
 * `node:crypto` (also in Deno) hashes synchronously in about a microsecond,
 * where Web Crypto's `subtle.digest` costs a thread-pool round trip per call.
 */
export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}
