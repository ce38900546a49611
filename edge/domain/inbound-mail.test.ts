import { describe, expect, it } from 'vitest';
import { replyText, senderVerified, type MailHeader } from './inbound-mail.ts';

const spf = (value: string): MailHeader => ({ Name: 'Received-SPF', Value: value });
const tests = (value: string): MailHeader => ({ Name: 'X-Spam-Tests', Value: value });
// Postmark's documented format of its Received-SPF header.
const postmarkSpf = (result: string, envelopeFrom: string) =>
  spf(`${result} (sender SPF authorized) identity=mailfrom; client-ip=209.85.160.180; helo=mail-gy0-f180.google.com; envelope-from=${envelopeFrom}; receiver=abc+ahoy@inbound.postmarkapp.com`);

describe("the sender check on Postmark's verdicts", () => {
  it.each<[string, MailHeader[], boolean]>([
    ['Gmail: DKIM of the From domain and SPF pass', [tests('DKIM_SIGNED,DKIM_VALID,DKIM_VALID_AU,SPF_PASS'), postmarkSpf('Pass', 'kadri@gmail.com')], true],
    ['SPF pass for the From domain, no DKIM', [postmarkSpf('Pass', 'kadri@northwind.example')], true],
    ['SPF pass from a bounce subdomain of the From domain', [postmarkSpf('Pass', 'bounces+123@mail.northwind.example')], true],
    ['SPF neutral or none for the From domain (a domain without a strict record)', [postmarkSpf('Neutral', 'kadri@northwind.example')], true],
    ['a forwarded reply: SPF fails but the From domain signed it', [tests('DKIM_SIGNED,DKIM_VALID,DKIM_VALID_AU'), postmarkSpf('Fail', 'kadri@northwind.example')], true],
    ['no verdict at all (not through Postmark)', [{ Name: 'X-Spam-Status', Value: 'No' }], true],
    ['SPF fail for the From domain', [postmarkSpf('Fail', 'kadri@northwind.example')], false],
    ['SPF softfail for the From domain (Gmail publishes ~all)', [postmarkSpf('SoftFail', 'kadri@gmail.com')], false],
    ['SPF pass, but for another domain than the From', [tests('DKIM_SIGNED,DKIM_VALID'), postmarkSpf('Pass', 'mailer@evil.example')], false],
    ['a look-alike domain is not a subdomain', [postmarkSpf('Pass', 'x@evilnorthwind.example')], false],
    ['a forged pass below Postmark\'s own fail counts for nothing', [postmarkSpf('Fail', 'kadri@northwind.example'), postmarkSpf('Pass', 'kadri@northwind.example')], false],
    ['header names in any case, a quoted envelope-from', [{ Name: 'received-spf', Value: 'pass (ok) identity=mailfrom; envelope-from="kadri@northwind.example"' }], true],
  ])('%s', (_name, headers, verified) => {
    const from = headers.some((h) => h.Value.includes('@gmail.com')) ? 'Kadri@Gmail.com' : 'Kadri@Northwind.example';
    expect(senderVerified(headers, from)).toBe(verified);
  });
});

describe('the reply text of an email', () => {
  it('keeps what is above the quoted history and the signature', () => {
    expect(replyText('Thanks!\r\n\r\nOn Tue, 1 Dec 2026, Demo wrote:\r\n> old')).toBe('Thanks!');
    expect(replyText('Aitäh\n\nT, 1. dets 2026 kell 10:00 Demo kirjutas:\n> vana')).toBe('Aitäh');
    expect(replyText('Here\n-- \nKadri')).toBe('Here');
  });
});
