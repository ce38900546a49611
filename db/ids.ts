const alphabet = '0123456789abcdefghijklmnopqrstuvwxyz';

/** A random, prefixed, non-sequential id such as `tsk_k3j9…` (about 103 bits). */
export function newId(prefix: string): string {
  const bytes = crypto.getRandomValues(new Uint8Array(20));
  let out = '';
  for (const b of bytes) out += alphabet[b % 36];
  return `${prefix}_${out}`;
}
