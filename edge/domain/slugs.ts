/** A firm's public address: 3 to 40 letters, digits and hyphens, not starting or ending with a hyphen. */
export const SLUG_PATTERN = /^[a-z0-9](?:[a-z0-9-]{1,38}[a-z0-9])$/;

/** Addresses the app itself uses, or that would mislead a client: never a firm's. */
export const RESERVED_SLUGS: ReadonlySet<string> = new Set(['admin', 'api', 'app', 'assets', 'auth', 'console', 'dev', 'docs', 'embed', 'help', 'login', 'mail', 'new', 'p', 'portal', 'portico', 'public', 'settings', 'signin', 'signup', 'static', 'status', 'support', 'www']);

export const isUsableSlug = (slug: string) => SLUG_PATTERN.test(slug) && !RESERVED_SLUGS.has(slug);

/**
 * The address a firm's name suggests: letters folded to ASCII ("Õun & Pärn
 * OÜ" → "oun-parn-ou"), anything else a hyphen, at most 40 characters; a
 * name with too little in it, or a reserved word, gets "-firm" added.
 */
export function slugFromName(name: string): string {
  const folded = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40)
    .replace(/-+$/g, '');
  if (isUsableSlug(folded)) return folded;
  const padded = `${folded || 'my'}-firm`.replace(/^-+/, '');
  return isUsableSlug(padded) ? padded : 'my-firm';
}

/** The n-th alternative when the address is taken: "demo", "demo-2", "demo-3", … (still at most 40 characters). */
export function slugCandidate(base: string, n: number): string {
  if (n <= 1) return base;
  const suffix = `-${n}`;
  return `${base.slice(0, 40 - suffix.length).replace(/-+$/g, '')}${suffix}`;
}
