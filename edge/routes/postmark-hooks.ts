import { Hono } from 'hono';
import * as v from 'valibot';
import type { AppEnv } from '../env.ts';
import { notFound } from '../errors.ts';
import { findEmailByProviderId, markUndeliverable } from '../data/emails.ts';
import { validate } from '../middleware/validate.ts';
import { assertBasicAuth } from './inbound.ts';
import { op } from './openapi.ts';

/**
 * Bounce types after which mail to the address cannot arrive (Postmark's
 * bounce types). Others (Transient, SoftBounce, AutoResponder, DnsError, ...)
 * pass, unless Postmark itself deactivated the address (`Inactive`).
 */
const PERMANENT_BOUNCES = new Set(['HardBounce', 'BadEmailAddress', 'SpamComplaint', 'ManuallyDeactivated', 'Blocked']);

const text = (max: number) => v.pipe(v.string(), v.maxLength(max));
/** The fields of Postmark's Bounce and SpamComplaint webhooks that we read (the rest is let through and ignored). */
const Report = {
  MessageID: text(200),
  Type: text(100),
  TypeCode: v.optional(v.number()),
  Email: text(320),
  BouncedAt: v.optional(text(100)),
  Description: v.optional(v.nullable(text(2000))),
  Details: v.optional(v.nullable(text(5000))),
  Inactive: v.optional(v.boolean()),
};
const PostmarkHook = v.variant('RecordType', [
  v.object({ RecordType: v.literal('Bounce'), ...Report }),
  v.object({ RecordType: v.literal('SpamComplaint'), ...Report }),
  // The other webhooks, should Postmark be set to send them here: acknowledged, nothing done.
  v.looseObject({ RecordType: v.picklist(['Delivery', 'Open', 'Click', 'SubscriptionChange']) }),
]);

const lower = (s: string) => s.trim().toLowerCase();

export const postmarkHookRoutes = new Hono<AppEnv>().post(
  '/',
  op('hooks', "Postmark's bounce and spam-complaint webhook: a dead address is marked undeliverable", {
    errors: [401, 404],
    description:
      'Basic auth with POSTMARK_WEBHOOK_USER / POSTMARK_WEBHOOK_PASSWORD (401 otherwise); 404 when they are not set. The body is Postmark\'s webhook JSON (`RecordType` `Bounce` or `SpamComplaint`; ' +
      '`Delivery`, `Open`, `Click` and `SubscriptionChange` are acknowledged and ignored; anything else is 400). ' +
      'A permanent bounce (`HardBounce`, `BadEmailAddress`, `ManuallyDeactivated`, `Blocked`, or any bounce after which Postmark made the address `Inactive`) or a spam complaint ' +
      'marks the email `undeliverable` with its bounce time, and the address of the contact it went to: nothing more is sent there, and staff see it on the contact (`emailUndeliverable`). ' +
      'A transient or soft bounce marks nothing. A report for a MessageID this server never sent, or for another address than the email went to, is ignored. Answers 200 `{ status: "recorded" | "ignored" }`.',
  }),
  async (c, next) => {
    const expected = c.get('deps').config.postmarkWebhook;
    if (!expected) throw notFound('The Postmark webhook is not set up on this server');
    assertBasicAuth(c, expected, 'webhook');
    await next();
  },
  validate('json', PostmarkHook),
  async (c) => {
    const report = c.req.valid('json');
    if (report.RecordType !== 'Bounce' && report.RecordType !== 'SpamComplaint') return c.json({ status: 'ignored' as const });
    const { db, clock } = c.get('deps');
    const permanent = report.RecordType === 'SpamComplaint' || PERMANENT_BOUNCES.has(report.Type) || report.Inactive === true;
    if (!permanent) return c.json({ status: 'ignored' as const });
    const email = await findEmailByProviderId(db, report.MessageID);
    // The email row is what scopes the report to a firm: without one (or for another address), there is nothing of ours to mark.
    if (!email || lower(email.to) !== lower(report.Email)) return c.json({ status: 'ignored' as const });
    const bouncedAt = Date.parse(report.BouncedAt ?? '');
    const why = report.RecordType === 'SpamComplaint' ? 'SpamComplaint: the recipient marked the email as spam' : `${report.Type}: ${report.Description ?? report.Details ?? 'reported by Postmark'}`;
    await markUndeliverable(db, email, why.slice(0, 500), Number.isFinite(bouncedAt) ? bouncedAt : clock.now(), true);
    return c.json({ status: 'recorded' as const });
  },
);
