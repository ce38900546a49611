/**
 * Where a sign-in link puts its token: in the portal page's fragment, which
 * browsers never send to a server. The rule (the elements' login-link.ts reads
 * the same places):
 * - no fragment: `#login=<token>`;
 * - a hash route (`#/portal`, `#!/portal`): `#/portal?login=<token>`, so the
 *   router still sees its route, with the token as a query parameter;
 * - a fragment with a query already (`#/portal?tab=x`): `…&login=<token>`;
 * - anything else, such as an anchor (`#top`): `#top&login=<token>`.
 */
export function signInLinkUrl(page: string, token: string): string {
  return fragmentLinkUrl(page, 'login', token);
}

/** The same rule for the portal's other fragment links: `#preview=<token>`, `#email-confirm=<token>`. */
export function fragmentLinkUrl(page: string, name: string, token: string): string {
  const url = new URL(page);
  const fragment = url.hash.replace(/^#/, '');
  const param = `${name}=${token}`;
  if (!fragment) url.hash = param;
  else if (fragment.includes('?')) url.hash = `${fragment}&${param}`;
  else if (/^!?\//.test(fragment)) url.hash = `${fragment}?${param}`;
  else url.hash = `${fragment}&${param}`;
  return url.href;
}

/** A page whose own fragment has `login=` cannot work: the elements would read that one, not the token. */
export function fragmentHasLogin(page: string): boolean {
  return /(^|[?&])login=/.test(new URL(page).hash.replace(/^#/, ''));
}
