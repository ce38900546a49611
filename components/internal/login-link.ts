/**
 * Sign-in links carry their token in the page's fragment, never sent to a
 * server by the browser. The server appends `login=<token>` to whatever
 * fragment the firm's portal page already has: `#login=<token>` when it has
 * none, `#/portal?login=<token>` after a hash route, `#/portal?tab=x&login=<token>`
 * after a route with a query, `#top&login=<token>` after an anchor. So the
 * token is found at the start of the fragment or after a `?` or `&`.
 */
const LOGIN_IN_FRAGMENT = /(^|[?&])login=([^&]+)/;

const fragment = (): string => location.hash.replace(/^#/, '');

/** The sign-in token in the page address, or `null`. */
export const readLoginToken = (): string | null => {
  const match = LOGIN_IN_FRAGMENT.exec(fragment());
  try {
    return match ? decodeURIComponent(match[2]!) : null;
  } catch {
    return null; // a malformed %-escape: not a link of ours
  }
};

/** Drops `login=…` from the fragment (keeping everything else there, as written) without adding a history entry. */
export const removeLoginToken = (): void => {
  const hash = fragment();
  const match = LOGIN_IN_FRAGMENT.exec(hash);
  if (!match) return;
  const before = hash.slice(0, match.index);
  const after = hash.slice(match.index + match[0].length);
  // With parameters after it, the next one takes its separator; else its separator goes with it.
  const rest = after.startsWith('&') ? `${before}${match[1]}${after.slice(1)}` : `${before}${after}`;
  history.replaceState(history.state, '', `${location.pathname}${location.search}${rest ? `#${rest}` : ''}`);
};

/**
 * Reads the sign-in token and removes it from the address at once, so that
 * it is kept only in the caller's memory: not readable by other scripts on
 * the page while a "Continue" view is open, and not left in the history.
 */
export const takeLoginToken = (): string | null => {
  const token = readLoginToken();
  removeLoginToken();
  return token;
};
