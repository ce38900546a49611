import { Hono } from 'hono';
import * as v from 'valibot';
import { findMailboxEmail, listMailboxPage, type MailboxCursor } from '../data/dev-mailbox.ts';
import { listSentMailWithSender } from '../data/emails.ts';
import type { AppEnv } from '../env.ts';
import { ApiError, notFound } from '../errors.ts';
import { escapeHtml } from '../emails/render.ts';
import { securityHeaders } from '../middleware/security-headers.ts';
import { validate } from '../middleware/validate.ts';

const ClockBody = v.object({ advanceSeconds: v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(400 * 86_400)) });

/** The mailbox list's page size. */
export const MAILBOX_PAGE = 50;

/** `before`: where an older page starts, `<createdAt>.<email id>` as the "Older" link writes it. */
const CURSOR = /^(\d{1,16})\.(eml_[a-z0-9]{1,40})$/;
const MailboxQuery = v.object({
  to: v.optional(v.pipe(v.string(), v.trim(), v.maxLength(320))),
  before: v.optional(v.pipe(v.string(), v.regex(CURSOR, 'Use the "Older" link'))),
});
const MailParam = v.object({ id: v.pipe(v.string(), v.maxLength(60)) });

const cursorOf = (value: string | undefined): MailboxCursor | undefined => {
  const match = value ? CURSOR.exec(value) : null;
  return match ? { createdAt: Number(match[1]), id: match[2]! } : undefined;
};

const when = (at: number) => `<time datetime="${new Date(at).toISOString()}">${new Date(at).toISOString().slice(0, 16).replace('T', ' ')} UTC</time>`;

const STYLE = `body{font-family:system-ui,sans-serif;max-width:860px;margin:0 auto;padding:1rem;color:#1b1f24;line-height:1.4}
a{color:#1f4d7a}h1{font-size:1.4rem}.muted{color:#57606a}
form{display:flex;flex-wrap:wrap;gap:.5rem;align-items:end;margin:1rem 0}label{display:flex;flex-direction:column;font-size:.9rem}
input{font:inherit;padding:.4rem;min-width:14rem;max-width:100%}button{font:inherit;padding:.4rem .8rem}
ol{list-style:none;padding:0;margin:0}li{border-top:1px solid #d0d7de;padding:.6rem 0}li .subject{font-weight:600;overflow-wrap:anywhere}
.meta{display:flex;flex-wrap:wrap;gap:.2rem .8rem;font-size:.85rem;color:#57606a;margin-top:.2rem}.meta span{overflow-wrap:anywhere}
.state-failed,.state-undeliverable{color:#b42318;font-weight:600}.state-queued{color:#8a5a00}
dl{display:grid;grid-template-columns:max-content 1fr;gap:.3rem 1rem;margin:1rem 0}dt{font-weight:600}dd{margin:0;overflow-wrap:anywhere}
iframe{width:100%;height:640px;border:1px solid #d0d7de;border-radius:8px;background:#fff}
pre{white-space:pre-wrap;overflow-wrap:anywhere;background:#f6f8fa;padding:1rem;border-radius:8px}
nav{display:flex;gap:1rem;margin:1rem 0}`;

function page(title: string, body: string) {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><meta name="robots" content="noindex"><title>${escapeHtml(title)} · Portico</title><style>${STYLE}</style></head><body>${body}</body></html>`;
}

const mailboxHref = (params: { to?: string | undefined; before?: string | undefined }) => {
  const query = new URLSearchParams(Object.entries(params).filter((e): e is [string, string] => !!e[1])).toString();
  return `/dev/mail${query ? `?${query}` : ''}`;
};

/**
 * Development only (`DEV_ROUTES`): the mailbox of `MAILER=dev` (a list, each
 * email as its recipient would see it, and the JSON the tests read), and the
 * movable clock of `DEV_CLOCK=1`.
 */
export const devRoutes = new Hono<AppEnv>()
  .use('/mail', securityHeaders)
  .use('/mail/*', securityHeaders)
  .get('/mail.json', async (c) => {
    const rows = await listSentMailWithSender(c.get('deps').db);
    return c.json(rows.map(({ id, kind, to, subject, text, html, sentAt, fromName, replyTo }) => ({ id, kind, to, subject, text, html, sentAt, fromName, replyTo })));
  })
  .get('/mail', validate('query', MailboxQuery), async (c) => {
    const { to, before } = c.req.valid('query');
    const { items, next } = await listMailboxPage(c.get('deps').db, { to: to || undefined, before: cursorOf(before), limit: MAILBOX_PAGE });
    const list = items
      .map(
        (m) => `<li><a class="subject" href="/dev/mail/${encodeURIComponent(m.id)}">${escapeHtml(m.subject || '(no subject)')}</a>
<div class="meta"><span>${when(m.sentAt ?? m.createdAt)}</span><span>To <a href="${escapeHtml(mailboxHref({ to: m.to }))}">${escapeHtml(m.to)}</a></span><span>From ${escapeHtml(m.fromName ?? 'the sender address')}</span><span>${escapeHtml(m.kind ?? 'email')}</span><span class="state-${escapeHtml(m.state)}">${escapeHtml(m.state)}</span></div></li>`,
      )
      .join('');
    const older = next ? `<a rel="next" href="${escapeHtml(mailboxHref({ to, before: `${next.createdAt}.${next.id}` }))}">Older</a>` : '';
    const newest = before ? `<a href="${escapeHtml(mailboxHref({ to }))}">Newest</a>` : '';
    return c.html(
      page(
        'Dev mailbox',
        `<h1>Dev mailbox</h1><p class="muted">Every email Portico queued with <code>MAILER=dev</code>, newest first, with its state. <a href="/dev/mail.json">JSON</a> (sent only)</p>
<form method="get" action="/dev/mail"><label>Recipient<input type="email" name="to" value="${escapeHtml(to ?? '')}" placeholder="client@demo.test"></label><button type="submit">Filter</button>${to ? ' <a href="/dev/mail">All recipients</a>' : ''}</form>
${list ? `<ol>${list}</ol>` : '<p>No mail yet.</p>'}<nav>${newest}${older}</nav>`,
      ),
    );
  })
  .get('/mail/:id', validate('param', MailParam), async (c) => {
    const { config, db } = c.get('deps');
    const mail = await findMailboxEmail(db, c.req.valid('param').id);
    if (!mail) throw notFound('No such email in the dev mailbox');
    const from = mail.fromName ? `${mail.fromName} <${config.mailFrom}>` : config.mailFrom;
    const headers: [string, string | null | undefined][] = [
      ['From', from],
      ['To', mail.to],
      ['Reply-To', mail.replyTo],
      ['Subject', mail.subject],
      ...Object.entries(mail.headers ?? {}),
      ['Kind', mail.kind],
      ['State', mail.state],
      ['Last error', mail.lastError],
    ];
    const rows = headers
      .filter((h): h is [string, string] => !!h[1])
      .map(([name, value]) => `<dt>${escapeHtml(name)}</dt><dd>${escapeHtml(value)}</dd>`)
      .join('');
    // The email's HTML runs in a sandbox with no scripts and an opaque origin; a click on a link may open it on top.
    const rendered = mail.html
      ? `<iframe title="The email as HTML" sandbox="allow-popups allow-top-navigation-by-user-activation" srcdoc="${escapeHtml(mail.html)}"></iframe>`
      : '<p class="muted">No HTML part.</p>';
    return c.html(
      page(
        mail.subject || 'Email',
        `<nav><a href="/dev/mail">← Dev mailbox</a><a href="${escapeHtml(mailboxHref({ to: mail.to }))}">Mail to ${escapeHtml(mail.to)}</a></nav>
<h1>${escapeHtml(mail.subject || '(no subject)')}</h1><dl><dt>Date</dt><dd>${when(mail.sentAt ?? mail.createdAt)}</dd>${rows}</dl>
<h2>HTML</h2>${rendered}<h2>Plain text</h2><pre>${escapeHtml(mail.text)}</pre>`,
      ),
    );
  })
  .post('/clock', validate('json', ClockBody), async (c) => {
    const { config, advanceClock, clock } = c.get('deps');
    if (!config.devClock || !advanceClock) throw new ApiError(404, 'not_found', 'The dev clock is off (set DEV_CLOCK=1)');
    advanceClock(c.req.valid('json').advanceSeconds * 1000);
    return c.json({ now: clock.now() });
  });
