import { describe, expect, it } from 'vitest';
import type { Branding } from '../../db/schema.ts';
import { assignedEmail } from './assigned-email.ts';
import { DEFAULT_EMAIL_COLOR, emailFirm, type EmailFirm } from './brand.ts';
import { messageEmail } from './message-email.ts';
import { digestEmail, fileRejectedEmail, staffNoticeEmail, withdrawnEmail } from './notice-emails.ts';
import { reminderEmail } from './reminder-email.ts';
import { replyRefusedEmail } from './reply-refused-email.ts';
import { signInEmail } from './sign-in-email.ts';

/** Every email Portico sends, composed for one firm in one language; `settings`: which settings link its footer carries. */
const EMAILS = {
  assigned: { settings: 'contact', make: (firm: EmailFirm, locale: string) => assignedEmail({ firm, locale, url: 'https://portico.test/l/1', tasks: [{ title: 'Payroll', dueDate: '2030-03-10' }] }) },
  'assigned, several': { settings: 'contact', make: (firm: EmailFirm, locale: string) => assignedEmail({ firm, locale, url: 'https://firm.test/portal', tasks: [{ title: 'Payroll', dueDate: null }, { title: 'VAT', dueDate: null }], canReply: false }) },
  reminder: {
    settings: 'contact',
    make: (firm: EmailFirm, locale: string) =>
      reminderEmail({ firm, locale, portalUrl: 'https://firm.test/portal', unsubscribeUrl: 'https://portico.test/off', tasks: [{ title: 'Payroll', dueDate: null, count: 0, step: 'first', url: 'https://portico.test/l/1' }] }),
  },
  message: { settings: 'contact', make: (firm: EmailFirm, locale: string) => messageEmail({ firm, locale, url: 'https://firm.test/portal', threadTitle: 'Payroll', messages: [{ author: 'Kadri Tamm', body: 'Hello' }], canReply: true }) },
  withdrawn: { settings: 'contact', make: (firm: EmailFirm, locale: string) => withdrawnEmail({ firm, locale, url: 'https://firm.test/portal', taskTitle: 'Payroll' }) },
  'file refused': { settings: 'contact', make: (firm: EmailFirm, locale: string) => fileRejectedEmail({ firm, locale, url: 'https://firm.test/portal', taskTitle: 'Payroll', fileName: 'a.pdf', reason: 'Page 2 is missing' }) },
  digest: { settings: 'contact', make: (firm: EmailFirm, locale: string) => digestEmail({ firm, locale, url: 'https://firm.test/portal', lines: [{ kind: 'assigned', title: 'Payroll' }] }) },
  'staff notice': {
    settings: 'staff',
    make: (firm: EmailFirm, locale: string) => staffNoticeEmail({ firm, locale, url: 'https://portico.test/console', kind: 'task.uploads_done', actorName: 'Kadri', clientName: 'Northwind', summary: 'Payroll' }),
  },
  'sign-in link': { settings: null, make: (firm: EmailFirm, locale: string) => signInEmail({ firm, locale, url: 'https://firm.test/portal#login=abc', code: '123456', validHours: 24 }) },
  'new PIN link': { settings: null, make: (firm: EmailFirm, locale: string) => signInEmail({ firm, locale, url: 'https://firm.test/portal#login=abc', code: null, purpose: 'pin_reset', validHours: 24 }) },
  'reply refused': { settings: null, make: (firm: EmailFirm, locale: string) => replyRefusedEmail({ firm, locale, portalUrl: 'https://firm.test/portal' }) },
} as const;

const firmWith = (branding: Branding, name = 'Demo & Partners') =>
  emailFirm({ name, slug: 'demo', branding, portalUrl: 'https://firm.test/portal' }, { publicUrl: 'https://portico.test' });
const branded = firmWith({ primaryColor: '#7a1f1f', logoUrl: 'https://cdn.firm.test/logo.png' });
const cases = Object.entries(EMAILS).flatMap(([name, email]) => (['en', 'et'] as const).map((lang) => [name, lang, email] as const));

/** Every `style` attribute's value: what a mail client applies (no <style> block, no stylesheet). */
const styles = (html: string) => [...html.matchAll(/ style="([^"]*)"/g)].map((m) => m[1]!);

describe('every email', () => {
  it.each(cases)('%s (%s): the firm’s logo, name and colour, in the recipient’s language, inline-styled, 560 px at most, dark on white', (_name, lang, email) => {
    const mail = email.make(branded, lang);
    expect(mail.html).toContain(`<html lang="${lang}">`);
    expect(mail.html).toContain('<img src="https://cdn.firm.test/logo.png" alt="Demo &amp; Partners"');
    expect(mail.html).toContain('border-top:4px solid #7a1f1f');
    expect(mail.html).toContain('background-color:#7a1f1f;color:#ffffff');
    expect(mail.html).toContain('max-width:560px');
    expect(mail.html).toMatch(/<body style="[^"]*color:#1b1f24/);
    expect(mail.html).toContain('background-color:#ffffff');
    expect(mail.html).not.toMatch(/<style|<link|<script|class=/);
    expect(styles(mail.html).length).toBeGreaterThan(5);
    expect(mail.text).toContain('Demo & Partners');
    expect(mail.subject).not.toMatch(/[\r\n]/);
    // The other language says it otherwise.
    expect(email.make(branded, lang === 'en' ? 'et' : 'en').subject).not.toBe(mail.subject);
  });

  it.each(cases)('%s (%s): a footer saying why it came, with the settings link where it can be changed', (_name, lang, email) => {
    const mail = email.make(branded, lang);
    const signature = mail.text.split('\n-- \n')[1]!;
    expect(signature.split('\n')[0]).toBe('Demo & Partners');
    expect(signature.split('\n')[1]).toMatch(lang === 'et' ? /^(Said|Saad) / : /^You get/);
    const label = lang === 'et' ? { contact: 'E-kirjade seaded', staff: 'Teavituste seaded' } : { contact: 'Email settings', staff: 'Notification settings' };
    if (email.settings === 'contact') {
      expect(signature).toContain(`${label.contact}: https://firm.test/portal#profile`);
      expect(mail.html).toContain(`href="https://firm.test/portal#profile"`);
    } else if (email.settings === 'staff') {
      expect(signature).toContain(`${label.staff}: https://portico.test/console`);
    } else {
      // A sign-in link or an automatic answer cannot be turned off: no settings link to promise it.
      expect(signature).not.toContain('http');
    }
  });

  it('without a logo shows the firm’s name in its place; without a firm (a reply refused to a stranger), no letterhead', () => {
    const plain = assignedEmail({ firm: firmWith({}), locale: 'en', url: 'https://x.test', tasks: [{ title: 'A', dueDate: null }] });
    expect(plain.html).not.toContain('<img');
    expect(plain.html).toContain(`font-weight:700;color:${DEFAULT_EMAIL_COLOR}">Demo &amp; Partners</span>`);
    const stranger = replyRefusedEmail({ firm: null, locale: 'en', portalUrl: null });
    expect(stranger.html).not.toContain('<img');
    expect(stranger.html).toContain(`border-top:4px solid ${DEFAULT_EMAIL_COLOR}`);
    expect(stranger.text).toMatch(/^Your email could not be delivered/);
  });

  it('on a light brand colour the button text turns dark and links keep a readable colour', () => {
    const mail = assignedEmail({ firm: firmWith({ primaryColor: '#ffe066' }), locale: 'en', url: 'https://x.test', tasks: [{ title: 'A', dueDate: null }] });
    expect(mail.html).toContain('background-color:#ffe066;color:#1b1f24');
    expect(mail.html).toContain(`color:${DEFAULT_EMAIL_COLOR}">Demo &amp; Partners`);
  });

  it.each(cases)('%s (%s): hostile branding never reaches the HTML or its CSS', (_name, lang, email) => {
    const hostile = firmWith(
      { primaryColor: '#000;}</style><script>alert(1)</script>', accentColor: 'red" onmouseover="alert(2)', logoUrl: 'javascript:alert(3)' },
      '<img src=x onerror=alert(4)> "Evil" & Co',
    );
    const mail = email.make(hostile, lang);
    expect(mail.html).not.toMatch(/<script|<img|javascript:|onmouseover|<\/style/);
    expect(mail.html).toContain('&lt;img src=x onerror=alert(4)&gt; &quot;Evil&quot; &amp; Co');
    for (const style of styles(mail.html)) expect(style).toMatch(/^[-a-z0-9#:;,.%'() ]*$/i);
    expect(mail.html).toContain(`border-top:4px solid ${DEFAULT_EMAIL_COLOR}`);
  });
});
