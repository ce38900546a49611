const escapes: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (ch) => escapes[ch] ?? ch);

/** A message quoted in an email (a portal message): who wrote it, and its plain text with its line breaks kept. */
export interface Quote {
  label: string;
  text: string;
}

const paragraph = (p: string | Quote) =>
  typeof p === 'string'
    ? `<p style="margin:0 0 16px">${escapeHtml(p)}</p>`
    : `<div style="border-left:3px solid #d0d7de;padding-left:12px;margin:0 0 16px"><p style="margin:0 0 4px;color:#5b6470;font-size:13px">${escapeHtml(p.label)}</p><p style="margin:0;white-space:pre-wrap">${escapeHtml(p.text)}</p></div>`;

/** A plain, accessible email body: a heading, paragraphs (or quoted messages) and one call-to-action button. */
export function layout(opts: { lang: string; heading: string; paragraphs: (string | Quote)[]; action?: { label: string; url: string }; after?: string[]; footer: string }) {
  const p = opts.paragraphs.map(paragraph).join('');
  const after = (opts.after ?? []).map(paragraph).join('');
  const button = opts.action
    ? `<p style="margin:24px 0"><a href="${escapeHtml(opts.action.url)}" style="background:#1f4d7a;color:#fff;padding:12px 20px;border-radius:6px;text-decoration:none;display:inline-block">${escapeHtml(opts.action.label)}</a></p>`
    : '';
  return `<!doctype html><html lang="${escapeHtml(opts.lang)}"><body style="font-family:system-ui,sans-serif;color:#1b1f24;line-height:1.5;max-width:560px;margin:0 auto;padding:24px"><h1 style="font-size:20px">${escapeHtml(opts.heading)}</h1>${p}${button}${after}<p style="color:#5b6470;font-size:13px">${escapeHtml(opts.footer)}</p></body></html>`;
}
