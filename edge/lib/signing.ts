/**
 * Short-lived signatures (HMAC-SHA256 with `config.signingSecret`) over a few
 * parts joined unambiguously: a download link binds firm, file and expiry, so
 * a link for one file or firm never opens another.
 */
const encoder = new TextEncoder();
const keys = new Map<string, Promise<CryptoKey>>();

function keyFor(secret: string) {
  let key = keys.get(secret);
  if (!key) {
    key = crypto.subtle.importKey('raw', encoder.encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign', 'verify']);
    keys.set(secret, key);
  }
  return key;
}

const message = (parts: readonly (string | number)[]) => encoder.encode(parts.map((p) => `${String(p).length}:${p}`).join('|'));
const hex = (bytes: ArrayBuffer) => [...new Uint8Array(bytes)].map((b) => b.toString(16).padStart(2, '0')).join('');

export async function sign(secret: string, parts: readonly (string | number)[]): Promise<string> {
  return hex(await crypto.subtle.sign('HMAC', await keyFor(secret), message(parts)));
}

/** Whether `signature` (hex) is ours for `parts`; compared in constant time by WebCrypto. */
export async function verify(secret: string, parts: readonly (string | number)[], signature: string): Promise<boolean> {
  if (!/^[0-9a-f]{64}$/.test(signature)) return false;
  const bytes = Uint8Array.from(signature.match(/../g)!.map((b) => parseInt(b, 16)));
  return crypto.subtle.verify('HMAC', await keyFor(secret), bytes, message(parts));
}
