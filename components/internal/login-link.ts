/** Sign-in links carry their token in the page's fragment: `…#login=<token>`, never sent to a server by the browser. */
const LOGIN_PARAM = 'login';

/** The sign-in token in the page address, or `null`. */
export const readLoginToken = (): string | null =>
  new URLSearchParams(location.hash.replace(/^#/, '')).get(LOGIN_PARAM) || null;

/** Drops `login=…` from the fragment (keeping anything else there) without adding a history entry. */
export const removeLoginToken = (): void => {
  const params = new URLSearchParams(location.hash.replace(/^#/, ''));
  if (!params.has(LOGIN_PARAM)) return;
  params.delete(LOGIN_PARAM);
  const rest = params.toString();
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
