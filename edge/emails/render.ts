import { DEFAULT_EMAIL_COLOR, EMAIL_PAPER, EMAIL_TEXT, inkOf, textOn, type EmailFirm } from './brand.ts';

const escapes: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (ch) => escapes[ch] ?? ch);

export type Lang = 'en' | 'et';
/** The email's language: Estonian for `et`, English for anything else. */
export const langOf = (locale: string | null | undefined): Lang => (locale === 'et' ? 'et' : 'en');

/** A message quoted in an email (a portal message): who wrote it, and its plain text with its line breaks kept. */
export interface Quote {
  label: string;
  text: string;
}

export interface Link {
  label: string;
  url: string;
}

/** Lines that belong together (tasks, a digest's updates): bullets in the text, a list in the HTML; an item with a URL links there. */
export interface List {
  items: { text: string; url?: string | undefined }[];
}

export type Block = string | Quote | List;

/** One email's words, before layout: every email is laid out by `renderEmail`, so all look alike and carry the firm. */
export interface EmailContent {
  lang: Lang;
  subject: string;
  /** The first line: the HTML's heading and the text's opening. */
  heading: string;
  blocks: Block[];
  /** The one button. `bare`: the text shows the address alone on its line (a sign-in link, for copying). */
  action?: (Link & { bare?: boolean }) | undefined;
  /** Blocks below the button (the sign-in code, for those who cannot use the link). */
  after?: Block[] | undefined;
  /** Why the recipient got this and how to change it. */
  footer: { why: string; links?: Link[] };
}

export interface RenderedEmail {
  subject: string;
  text: string;
  html: string;
}

const FONT = "-apple-system,BlinkMacSystemFont,'Segoe UI',Roboto,Helvetica,Arial,sans-serif";
const MUTED = '#5b6470';

const isQuote = (b: Block): b is Quote => typeof b === 'object' && 'label' in b;

function blockText(b: Block): string {
  if (typeof b === 'string') return b;
  if (isQuote(b)) return `${b.label}:\n${b.text}`;
  return b.items.map((i) => `• ${i.text}${i.url ? `\n  ${i.url}` : ''}`).join('\n');
}

function blockHtml(b: Block, ink: string): string {
  if (typeof b === 'string') return `<p style="margin:0 0 16px">${escapeHtml(b)}</p>`;
  if (isQuote(b)) {
    return `<div style="border-left:3px solid #d0d7de;padding-left:12px;margin:0 0 16px"><p style="margin:0 0 4px;color:${MUTED};font-size:14px">${escapeHtml(b.label)}</p><p style="margin:0;white-space:pre-wrap">${escapeHtml(b.text)}</p></div>`;
  }
  const items = b.items
    .map((i) => `<li style="margin:0 0 6px">${i.url ? `<a href="${escapeHtml(i.url)}" style="color:${ink};text-decoration:underline">${escapeHtml(i.text)}</a>` : escapeHtml(i.text)}</li>`)
    .join('');
  return `<ul style="margin:0 0 16px;padding-left:22px">${items}</ul>`;
}

/** The firm's logo, or its name when it has none (and as the logo's alt text, for clients that block images). */
function letterhead(firm: EmailFirm, ink: string): string {
  const mark = firm.logoUrl
    ? `<img src="${escapeHtml(firm.logoUrl)}" alt="${escapeHtml(firm.name)}" height="40" style="display:block;height:40px;width:auto;max-width:220px;border:0">`
    : `<span style="font-size:18px;font-weight:700;color:${ink}">${escapeHtml(firm.name)}</span>`;
  return `<div style="margin:0 0 20px">${mark}</div>`;
}

/**
 * The one layout of every email: HTML with inline styles only (mail clients
 * drop `<style>` and external CSS), no tables, at most 560 px wide, dark text
 * on white whatever the firm's colour (the button's text turns dark on a
 * light colour), and the plain-text alternative with the same words. The
 * firm's colour reaches the HTML only as validated `#rrggbb` (brand.ts).
 */
export function renderEmail(firm: EmailFirm | null, c: EmailContent): RenderedEmail {
  const color = firm?.color ?? DEFAULT_EMAIL_COLOR;
  const ink = inkOf(color);
  const action = c.action
    ? `<p style="margin:24px 0 8px"><a href="${escapeHtml(c.action.url)}" style="background-color:${color};color:${textOn(color)};padding:12px 20px;border-radius:6px;text-decoration:none;display:inline-block;font-weight:600">${escapeHtml(c.action.label)}</a></p>`
    : '';
  const links = c.footer.links ?? [];
  const footerLinks = links.length
    ? `<p style="margin:8px 0 0">${links.map((l) => `<a href="${escapeHtml(l.url)}" style="color:${MUTED};text-decoration:underline">${escapeHtml(l.label)}</a>`).join(' · ')}</p>`
    : '';
  const html =
    `<!doctype html><html lang="${c.lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><meta name="color-scheme" content="light"><meta name="supported-color-schemes" content="light"><title>${escapeHtml(c.subject)}</title></head>` +
    `<body style="margin:0;padding:0;background-color:#f3f4f6;color:${EMAIL_TEXT}">` +
    `<div style="max-width:560px;margin:0 auto;padding:24px 12px;font-family:${FONT};font-size:16px;line-height:1.5;color:${EMAIL_TEXT}">` +
    `<div style="background-color:${EMAIL_PAPER};border:1px solid #e1e4e8;border-top:4px solid ${color};border-radius:8px;padding:24px">` +
    (firm ? letterhead(firm, ink) : '') +
    `<h1 style="margin:0 0 16px;font-size:20px;line-height:1.3;color:${EMAIL_TEXT}">${escapeHtml(c.heading)}</h1>` +
    c.blocks.map((b) => blockHtml(b, ink)).join('') +
    action +
    (c.after ?? []).map((b) => blockHtml(b, ink)).join('') +
    `</div>` +
    `<div style="padding:16px 12px 0;color:${MUTED};font-size:13px;line-height:1.5">` +
    (firm ? `<p style="margin:0 0 4px;font-weight:600">${escapeHtml(firm.name)}</p>` : '') +
    `<p style="margin:0">${escapeHtml(c.footer.why)}</p>${footerLinks}</div>` +
    `</div></body></html>`;
  const actionText = c.action ? (c.action.bare ? `${c.action.label}:\n${c.action.url}` : `${c.action.label}: ${c.action.url}`) : null;
  // "-- " starts a signature: mail clients set it apart (and leave it out of a quoted reply).
  const signature = ['-- ', ...(firm ? [firm.name] : []), c.footer.why, ...links.map((l) => `${l.label}: ${l.url}`)].join('\n');
  const text = [c.heading, ...c.blocks.map(blockText), ...(actionText ? [actionText] : []), ...(c.after ?? []).map(blockText), signature].join('\n\n');
  return { subject: c.subject, text: `${text}\n`, html };
}
