/**
 * The hosted portal page, served at `/p/:slug` for firms that do not embed
 * the widgets on their own site. Reads the firm slug from the address,
 * mounts `<client-portal firm=slug>` and sets the page's title, language and
 * header colour from the firm's public profile (best effort: the portal works
 * without it). The firm's name and logo are the portal's to show, not the
 * page's: shown here too they would appear twice.
 */
import '../components/define.ts';
import type { PublicFirm } from '../components/internal/api-types.ts';

/** `/p/<slug>` -> slug; `?firm=` as a fallback when the file is opened directly. */
function slugFromLocation(): string | null {
  const match = /^\/p\/([^/]+)\/?$/.exec(location.pathname);
  if (match?.[1]) {
    try {
      return decodeURIComponent(match[1]);
    } catch {
      return null;
    }
  }
  return new URLSearchParams(location.search).get('firm');
}

/**
 * The page around the portal: its title (for tabs and history), its language
 * (which the portal follows, so the firm's locale applies) and the header's
 * colour. That is why the page still asks for the firm's profile itself.
 */
async function brandPage(slug: string): Promise<void> {
  try {
    const response = await fetch(`/api/v1/public/firms/${encodeURIComponent(slug)}`);
    if (!response.ok) return;
    const firm = (await response.json()) as PublicFirm;
    document.title = `Client portal · ${firm.name}`;
    if (firm.locale) document.documentElement.lang = firm.locale;
    const color = firm.branding?.primaryColor;
    if (color && CSS.supports('color', color)) document.documentElement.style.setProperty('--brand', color);
  } catch {
    // Branding is decoration; the portal element reports real errors itself.
  }
}

const mount = document.getElementById('portal-mount');
const slug = slugFromLocation();
if (mount) {
  if (slug && /^[a-z0-9][a-z0-9-]*$/i.test(slug)) {
    void brandPage(slug);
    const portal = document.createElement('client-portal');
    portal.setAttribute('api', '');
    portal.setAttribute('firm', slug);
    portal.append(document.createElement('client-task-list'), document.createElement('request-form'));
    mount.replaceChildren(portal);
  } else {
    const p = document.createElement('p');
    p.className = 'notice';
    p.setAttribute('role', 'alert');
    p.textContent = 'This portal address is not complete. Please use the link your accounting firm sent you.';
    mount.replaceChildren(p);
  }
}
