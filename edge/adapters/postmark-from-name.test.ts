import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPostmarkStandIn, type PostmarkStandIn } from '../../test/fixtures/postmark-standin.ts';
import { senderName } from '../emails/brand.ts';
import { createPostmarkMailer } from './postmark-mailer.ts';

/**
 * The From of an email sent in a member's name, through the official client
 * to a stand-in of Postmark's API: the display name arrives as one RFC 5322
 * quoted string (a comma in it does not split it into two addresses), the
 * address stays the configured one, and Estonian letters arrive as they are
 * (Postmark encodes non-ASCII headers itself; its API takes UTF-8 JSON).
 */
let standIn: PostmarkStandIn;
beforeAll(async () => { standIn = await startPostmarkStandIn(); });
afterAll(() => standIn.close());

const mailer = () => createPostmarkMailer({ serverToken: 'server-token-123', from: 'portal@firm.example', requestHost: standIn.host, useHttps: false });

/** Reads a `"display name" <address>` header the way a mail client does: the quoted string unescaped, then the address. */
function parseFrom(header: string): { name: string; address: string } | null {
  const match = /^"((?:[^"\\\r\n]|\\.)*)" <([^<>\s]+)>$/.exec(header);
  return match ? { name: match[1]!.replace(/\\(.)/g, '$1'), address: match[2]! } : null;
}

describe('the From name through the Postmark client', () => {
  it.each([
    ['Kadri Tamm', 'Demo & Partners', '"Kadri Tamm, Demo & Partners" <portal@firm.example>'],
    ['Mägi Õie', 'Õun & Pärn OÜ', '"Mägi Õie, Õun & Pärn OÜ" <portal@firm.example>'],
    ['Kadri "KT" Tamm', 'Demo \\ Partners', '"Kadri \\"KT\\" Tamm, Demo \\\\ Partners" <portal@firm.example>'],
    [null, 'Šokolaad & Žürii AS', '"Šokolaad & Žürii AS" <portal@firm.example>'],
  ])('%s of %s is sent as %s and reads back whole', async (member, firm, expected) => {
    const name = senderName(firm, member);
    await mailer().send({ to: 'client@demo.test', subject: 'Uus ülesanne', text: 't', html: '<p>h</p>', key: `from-${name}`, fromName: name });
    const from = standIn.received.at(-1)!.body.From as string;
    expect(from).toBe(expected);
    expect(parseFrom(from)).toEqual({ name, address: 'portal@firm.example' });
  });

  it('a line break in a name cannot add a header', async () => {
    const name = senderName('Demo\r\nBcc: victim@evil.test', 'Kadri\nTamm');
    await mailer().send({ to: 'client@demo.test', subject: 's', text: 't', html: 'h', key: 'from-crlf', fromName: name });
    const from = standIn.received.at(-1)!.body.From as string;
    expect(from).not.toMatch(/[\r\n]/);
    expect(parseFrom(from)).toEqual({ name: 'Kadri Tamm, Demo Bcc: victim@evil.test', address: 'portal@firm.example' });
  });
});
