import { firmImageUrl } from '../domain/firm-images.ts';
import type { Branding } from '../../db/schema.ts';

/**
 * What an email shows of the firm that sends it, checked for a mail client:
 * branding is the firm's own input, so nothing of it reaches an email's HTML
 * or CSS unless it parses as what it claims to be (a #rrggbb colour, an
 * absolute URL a mail client can fetch).
 */
export interface EmailFirm {
  name: string;
  /** Absolute (https, or under PUBLIC_URL); null: the firm's name shows instead. */
  logoUrl: string | null;
  /** `#rrggbb`: the top rule and the button. */
  color: string;
  /** Where a contact chooses which emails they get: the portal page, opening the profile (`#profile`). */
  contactSettingsUrl: string;
  /** Where a member does: the console (its Notifications view). */
  staffSettingsUrl: string;
}

/** Portico's own blue: white text on it passes WCAG AA. */
export const DEFAULT_EMAIL_COLOR = '#1f4d7a';

const HEX = /^#([0-9a-f]{3}|[0-9a-f]{6})$/i;

/** A colour as `#rrggbb` (lowercase), or null for anything else (a CSS expression, a name, garbage). */
export function hexColor(value: unknown): string | null {
  if (typeof value !== 'string' || !HEX.test(value.trim())) return null;
  const hex = value.trim().slice(1).toLowerCase();
  return `#${hex.length === 3 ? [...hex].map((c) => c + c).join('') : hex}`;
}

/** The firm's primary colour, else its accent colour, else Portico's. */
export const brandColor = (branding: Branding | null | undefined): string =>
  hexColor(branding?.primaryColor) ?? hexColor(branding?.accentColor) ?? DEFAULT_EMAIL_COLOR;

/**
 * The logo as an address a mail client can load: an https URL (no
 * credentials), or one on this server (`/logo.png` or `PUBLIC_URL/…`, which
 * may be plain http in development). Anything else (`javascript:`, `data:`,
 * another site's http) is dropped.
 */
export function emailLogoUrl(value: unknown, publicUrl: string): string | null {
  if (typeof value !== 'string' || value.length === 0 || value.length > 2000) return null;
  let base: URL;
  let url: URL;
  try {
    base = new URL(`${publicUrl.replace(/\/+$/, '')}/`);
    url = new URL(value, base);
  } catch {
    return null;
  }
  if (url.username || url.password) return null;
  // A relative value resolves under PUBLIC_URL; `//host/x` resolves to another host and is judged as absolute.
  const onThisServer = url.origin === base.origin && url.pathname.startsWith(base.pathname);
  return url.protocol === 'https:' || (onThisServer && url.protocol === 'http:') ? url.href : null;
}

/** The portal page with a parameter in its fragment, placed the way the elements read it (after the page's own fragment, if any). */
export function portalPageWith(page: string, param: string): string {
  const url = new URL(page);
  const fragment = url.hash.replace(/^#/, '');
  url.hash = fragment ? `${fragment}${fragment.includes('?') || !/^!?\//.test(fragment) ? '&' : '?'}${param}` : param;
  return url.href;
}

/** The firm as its emails show it. */
export function emailFirm(firm: { name: string; slug: string; branding: Branding | null; portalUrl: string | null; logoKey?: string | null }, config: { publicUrl: string }): EmailFirm {
  const portal = firm.portalUrl ?? `${config.publicUrl}/p/${firm.slug}`;
  // An uploaded logo wins over a logo address in the settings.
  const logo = firm.logoKey ? firmImageUrl(config.publicUrl, firm.slug, 'logo', firm.logoKey) : firm.branding?.logoUrl;
  return {
    name: oneLine(firm.name),
    logoUrl: emailLogoUrl(logo, config.publicUrl),
    color: brandColor(firm.branding),
    contactSettingsUrl: portalPageWith(portal, 'profile'),
    staffSettingsUrl: `${config.publicUrl}/console#notifications`,
  };
}

/** One line, however it was written: a header holds no line breaks. */
export const oneLine = (s: string) => s.replace(/\s+/g, ' ').trim();

/**
 * The From display name: the responsible member, then the firm
 * (`Kadri Tamm, Demo & Partners`), or the firm alone. The mailer quotes it.
 */
export function senderName(firmName: string, memberName?: string | null): string {
  const member = memberName ? oneLine(memberName) : '';
  return member ? `${member}, ${oneLine(firmName)}` : oneLine(firmName);
}

/** WCAG relative luminance of a `#rrggbb` colour. */
function luminance(hex: string): number {
  const channel = (i: number) => {
    const c = parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5);
}

/** WCAG contrast ratio of two `#rrggbb` colours (1 to 21). */
export function contrast(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

export const EMAIL_TEXT = '#1b1f24';
export const EMAIL_PAPER = '#ffffff';

/** The text colour for a button of this colour: white, or dark text on a light brand colour. */
export const textOn = (color: string): string => (contrast(color, EMAIL_PAPER) >= contrast(color, EMAIL_TEXT) ? EMAIL_PAPER : EMAIL_TEXT);

/** The brand colour where it is text on white (links, the name), when it reads (AA); else Portico's blue. */
export const inkOf = (color: string): string => (contrast(color, EMAIL_PAPER) >= 4.5 ? color : DEFAULT_EMAIL_COLOR);
