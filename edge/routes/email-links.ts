import { Hono, type Context } from 'hono';
import * as v from 'valibot';
import type { AppEnv } from '../env.ts';
import { notFound } from '../errors.ts';
import { linkContact, linkTask, turnRemindersOff } from '../data/email-links.ts';
import { escapeHtml } from '../emails/render.ts';
import { portalTaskUrl, readRemindersOff, readTaskLink } from '../jobs/reminder-links.ts';
import { requestSignInLink } from '../jobs/sign-in-link.ts';
import { validate } from '../middleware/validate.ts';
import { op } from './openapi.ts';

/**
 * The links in task emails, opened by a browser: a task link (to the portal
 * page with `#task=<id>`, or once `tasks.link_expires_at` passed, a page
 * offering a new sign-in link in one click) and the one-click "stop
 * reminders" of the List-Unsubscribe header. Server-rendered pages, so they
 * work from any mail client without the elements.
 */
const TokenParam = v.object({ token: v.pipe(v.string(), v.maxLength(200)) });

const words = {
  en: {
    expired: 'This link has expired',
    expiredText: (firm: string) => `Links in emails from ${firm} work for a while only. We can email you a new sign-in link that opens your portal.`,
    send: 'Email me a new sign-in link',
    sent: 'Check your email',
    sentText: (email: string) => `We sent a new sign-in link to ${email}.`,
    gone: 'This task is no longer in your portal',
    goneText: (firm: string) => `${firm} has completed or withdrawn it. Nothing more is needed from you.`,
    stop: 'Stop reminder emails?',
    stopText: (firm: string) => `You will no longer get automatic reminders from ${firm}. Other emails (new tasks, messages) still come.`,
    stopButton: 'Stop reminders',
    stopped: 'Reminders are off',
    stoppedText: 'You can turn them on again in your portal profile.',
  },
  et: {
    expired: 'See link on aegunud',
    expiredText: (firm: string) => `${firm} kirjades olevad lingid kehtivad piiratud aja. Saadame sulle uue sisselogimislingi, mis avab portaali.`,
    send: 'Saada mulle uus sisselogimislink',
    sent: 'Vaata oma postkasti',
    sentText: (email: string) => `Saatsime uue sisselogimislingi aadressile ${email}.`,
    gone: 'Seda ülesannet pole enam sinu portaalis',
    goneText: (firm: string) => `${firm} on selle lõpetanud või tagasi võtnud. Sinult pole enam midagi vaja.`,
    stop: 'Lõpetada meeldetuletused?',
    stopText: (firm: string) => `Sa ei saa enam ${firm} automaatseid meeldetuletusi. Muud kirjad (uued ülesanded, sõnumid) tulevad endiselt.`,
    stopButton: 'Lõpeta meeldetuletused',
    stopped: 'Meeldetuletused on välja lülitatud',
    stoppedText: 'Saad need portaali profiilis uuesti sisse lülitada.',
  },
} as const;

type Lang = keyof typeof words;
const langOf = (locale: string | null | undefined): Lang => (locale === 'et' ? 'et' : 'en');

function page(lang: Lang, heading: string, text: string, button?: string) {
  const form = button ? `<form method="post"><button type="submit" style="font:inherit;background:#1f4d7a;color:#fff;border:0;padding:12px 20px;border-radius:6px;cursor:pointer">${escapeHtml(button)}</button></form>` : '';
  return `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><meta name="robots" content="noindex"><title>${escapeHtml(heading)}</title></head><body style="font-family:system-ui,sans-serif;color:#1b1f24;line-height:1.5;max-width:560px;margin:0 auto;padding:24px"><main><h1 style="font-size:22px">${escapeHtml(heading)}</h1><p>${escapeHtml(text)}</p>${form}</main></body></html>`;
}

export const emailLinkRoutes = new Hono<AppEnv>()
  .use('*', async (c, next) => {
    await next();
    c.header('Cache-Control', 'no-store');
    c.header('Referrer-Policy', 'no-referrer');
  })
  .get(
    '/task/:token',
    op('public', 'Open a task from an email', {
      errors: [404],
      description: 'Redirects (302) to the firm\'s portal page with `#task=<id>` while the task\'s link is valid (`link_expires_at`); once expired, a page offering a new sign-in link in one click (a POST to the same address). 404 for a tampered link.',
    }),
    validate('param', TokenParam),
    async (c) => {
      const found = await taskLinkTarget(c);
      const lang = langOf(found.contact.locale ?? found.firm.locale);
      if (!found.task) return c.html(page(lang, words[lang].gone, words[lang].goneText(found.firm.name)), 410);
      const now = c.get('deps').clock.now();
      if (found.task.linkExpiresAt === null || found.task.linkExpiresAt <= now) {
        return c.html(page(lang, words[lang].expired, words[lang].expiredText(found.firm.name), words[lang].send), 410);
      }
      const portal = found.firm.portalUrl ?? `${c.get('deps').config.publicUrl}/p/${found.firm.slug}`;
      return c.redirect(portalTaskUrl(portal, found.task.id), 302);
    },
  )
  .post('/task/:token', op('public', 'Ask for a new sign-in link from an expired task link', { errors: [404] }), validate('param', TokenParam), async (c) => {
    const found = await taskLinkTarget(c);
    const lang = langOf(found.contact.locale ?? found.firm.locale);
    await requestSignInLink(c.get('deps'), { firm: found.firm.slug, email: found.contact.email, as: 'client' });
    return c.html(page(lang, words[lang].sent, words[lang].sentText(found.contact.email)), 202);
  })
  .get('/reminders-off/:token', op('public', 'Ask before turning reminders off (a mail scanner following the link changes nothing)', { errors: [404] }), validate('param', TokenParam), async (c) => {
    const { firm, contact } = await remindersOffTarget(c);
    const lang = langOf(contact.locale ?? firm.locale);
    return c.html(page(lang, words[lang].stop, words[lang].stopText(firm.name), words[lang].stopButton));
  })
  .post(
    '/reminders-off/:token',
    op('public', 'Turn reminder emails off for a contact (RFC 8058 one-click)', {
      errors: [404],
      description: 'The `List-Unsubscribe` address of every reminder email; a POST (as mail providers send for `List-Unsubscribe=One-Click`) sets the contact\'s `email_prefs.reminders` to false.',
    }),
    validate('param', TokenParam),
    async (c) => {
      const { firm, contact } = await remindersOffTarget(c);
      await turnRemindersOff(c.get('deps').db, firm.id, contact.id);
      const lang = langOf(contact.locale ?? firm.locale);
      return c.html(page(lang, words[lang].stopped, words[lang].stoppedText));
    },
  );

type Ctx = Context<AppEnv>;

async function contactOf(c: Ctx, firmId: string, contactId: string) {
  const found = await linkContact(c.get('deps').db, firmId, contactId);
  if (!found) throw notFound('No such link');
  return found;
}

async function taskLinkTarget(c: Ctx) {
  const subject = readTaskLink(c.get('deps').config.signingSecret, c.req.param('token') ?? '');
  if (!subject) throw notFound('No such link');
  const { firm, contact } = await contactOf(c, subject.firmId, subject.contactId);
  return { firm, contact, task: await linkTask(c.get('deps').db, { firmId: firm.id, contactId: contact.id }, subject.taskId) };
}

async function remindersOffTarget(c: Ctx) {
  const subject = readRemindersOff(c.get('deps').config.signingSecret, c.req.param('token') ?? '');
  if (!subject) throw notFound('No such link');
  return contactOf(c, subject.firmId, subject.contactId);
}
