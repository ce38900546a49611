import { Hono } from 'hono';
import * as v from 'valibot';
import { listSentMailWithSender } from '../data/emails.ts';
import type { AppEnv } from '../env.ts';
import { ApiError } from '../errors.ts';
import { escapeHtml } from '../emails/render.ts';
import { validate } from '../middleware/validate.ts';

const ClockBody = v.object({ advanceSeconds: v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(400 * 86_400)) });

/** Development only (`DEV_ROUTES`): the mailbox of `MAILER=dev`, and the movable clock of `DEV_CLOCK=1`. */
export const devRoutes = new Hono<AppEnv>()
  .get('/mail.json', async (c) => {
    const rows = await listSentMailWithSender(c.get('deps').db);
    return c.json(rows.map(({ to, subject, text, html, sentAt, fromName, replyTo }) => ({ to, subject, text, html, sentAt, fromName, replyTo })));
  })
  .get('/mail', async (c) => {
    const rows = await listSentMailWithSender(c.get('deps').db);
    const items = rows
      .map(
        (m) => `<article><h2>${escapeHtml(m.subject)}</h2><p class="meta">To ${escapeHtml(m.to)}${m.fromName ? ` · from ${escapeHtml(m.fromName)}` : ''}${m.replyTo ? ` · Reply-To ${escapeHtml(m.replyTo)}` : ''} · ${new Date(m.sentAt ?? m.createdAt).toISOString()}</p>
<iframe title="${escapeHtml(m.subject)}" sandbox="allow-popups allow-top-navigation-by-user-activation" srcdoc="${escapeHtml(m.html)}"></iframe>
<details><summary>Plain text</summary><pre>${escapeHtml(m.text)}</pre></details></article>`,
      )
      .join('');
    return c.html(`<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>Dev mailbox · Portico</title>
<style>body{font-family:system-ui,sans-serif;max-width:760px;margin:2rem auto;padding:0 1rem;color:#1b1f24}article{border:1px solid #d0d7de;border-radius:8px;padding:1rem;margin:1rem 0}.meta{color:#57606a;margin:0}iframe{width:100%;height:320px;border:0}</style></head>
<body><h1>Dev mailbox</h1><p>Every email Portico sent with <code>MAILER=dev</code>, newest first. <a href="/dev/mail.json">JSON</a></p>${items || '<p>No mail yet.</p>'}</body></html>`);
  })
  .post('/clock', validate('json', ClockBody), async (c) => {
    const { config, advanceClock, clock } = c.get('deps');
    if (!config.devClock || !advanceClock) throw new ApiError(404, 'not_found', 'The dev clock is off (set DEV_CLOCK=1)');
    advanceClock(c.req.valid('json').advanceSeconds * 1000);
    return c.json({ now: clock.now() });
  });
