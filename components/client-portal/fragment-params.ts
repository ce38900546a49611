/**
 * Parameters our links put in the portal page's fragment (`#task=<id>` from a
 * task email, `#profile` from an email's footer), read where the server puts
 * them: at the start of the fragment, or after a `?` or `&` when the firm's
 * page already had a fragment of its own (`#/portal?task=<id>`, `#top&profile`).
 * The same placement as `login=` (see `internal/login-link.ts`).
 */
const paramIn = (name: string): RegExp => new RegExp(`(^|[?&])${name}(?:=([^&]*))?(?=&|$)`);

const fragment = (): string => location.hash.replace(/^#/, '');

/** The parameter's value (`''` for a bare `#profile`), or `null` when the fragment does not carry it. */
export const readFragmentParam = (name: string): string | null => {
  const match = paramIn(name).exec(fragment());
  if (!match) return null;
  try {
    return decodeURIComponent(match[2] ?? '');
  } catch {
    return null; // a malformed %-escape: not a link of ours
  }
};

/** Drops the parameter from the fragment (keeping everything else there, as written) without reloading or adding a history entry. */
export const removeFragmentParam = (name: string): void => {
  const hash = fragment();
  const match = paramIn(name).exec(hash);
  if (!match) return;
  const before = hash.slice(0, match.index);
  const after = hash.slice(match.index + match[0].length);
  // With parameters after it, the next one takes its separator; else its separator goes with it.
  const rest = after.startsWith('&') ? `${before}${match[1]}${after.slice(1)}` : `${before}${after}`;
  history.replaceState(history.state, '', `${location.pathname}${location.search}${rest ? `#${rest}` : ''}`);
};

/** Reads the parameter and takes it out of the address at once. */
export const takeFragmentParam = (name: string): string | null => {
  const value = readFragmentParam(name);
  removeFragmentParam(name);
  return value;
};
