import { parseArgs } from 'node:util';
import * as v from 'valibot';
import { createDb } from '../../db/client.ts';
import { migrateDb } from '../../db/migrate.ts';
import { loadConfig } from '../config.ts';
import { createFirm } from '../data/firm-signup.ts';
import { createSignInToken } from '../data/sessions.ts';
import { isTimezone } from '../domain/calendar.ts';
import { signInLinkUrl } from '../domain/login-fragment.ts';
import { isUsableSlug } from '../domain/slugs.ts';
import { Email } from '../routes/schemas.ts';

const USAGE = `Usage: npm run firm -- create --name "Firm name" --owner owner@firm.example [--owner-name "Name"] [--slug address] [--timezone Europe/Tallinn] [--locale en|et]`;

export class UsageError extends Error {}

/**
 * `npm run firm -- create …`: what a self-hoster does instead of the public
 * sign-up. Makes the firm (its portal off), its owner and the default work
 * statuses on DATABASE_URL, and answers a console sign-in link for the owner
 * (valid as a sign-in link is, used once): whoever runs this has the
 * database already, so no email is needed.
 */
export async function firmCommand(argv: string[], env: Record<string, string | undefined>, now = Date.now()): Promise<string> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      name: { type: 'string' },
      owner: { type: 'string' },
      'owner-name': { type: 'string' },
      slug: { type: 'string' },
      timezone: { type: 'string' },
      locale: { type: 'string' },
    },
  });
  if (positionals[0] !== 'create') throw new UsageError(USAGE);
  const name = values.name?.trim();
  if (!name || /[\r\n]/.test(name) || name.length > 120) throw new UsageError(`--name: the firm's name, one line, at most 120 characters\n${USAGE}`);
  const email = v.safeParse(Email, values.owner ?? '');
  if (!email.success) throw new UsageError(`--owner: the owner's email address\n${USAGE}`);
  const slug = values.slug?.trim().toLowerCase();
  if (slug !== undefined && !isUsableSlug(slug)) throw new UsageError('--slug: 3 to 40 letters, digits and hyphens, not a reserved word');
  if (values.timezone !== undefined && !isTimezone(values.timezone)) throw new UsageError('--timezone: an IANA timezone such as Europe/Tallinn');
  if (values.locale !== undefined && values.locale !== 'en' && values.locale !== 'et') throw new UsageError('--locale: en or et');

  const config = loadConfig(env);
  const db = await createDb(config.databaseUrl, config.databaseAuthToken);
  try {
    await migrateDb(db);
    const made = await createFirm(
      db,
      { name, ownerEmail: email.output, ownerName: values['owner-name']?.trim() || email.output.split('@')[0]!, slug, timezone: values.timezone, locale: values.locale as 'en' | 'et' | undefined },
      now,
    );
    if (made === 'slug_taken') throw new UsageError(`--slug: another firm has the address "${slug}"`);
    const { token } = await createSignInToken(db, { firmId: made.firmId, audience: 'staff', subjectId: made.ownerId, now, ttlMs: config.signInLinkTtlMs, signingSecret: config.signingSecret });
    const hours = Math.round(config.signInLinkTtlMs / 3_600_000);
    return [
      `Made the firm "${name}" at ${config.publicUrl}/p/${made.slug} (its portal is off until the owner opens it).`,
      `Owner: ${email.output}. Console sign-in link (works once, for ${hours} hours):`,
      signInLinkUrl(`${config.publicUrl}/console`, token),
    ].join('\n');
  } finally {
    db.$client.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  firmCommand(process.argv.slice(2), process.env).then(
    (out) => console.log(out),
    (error: unknown) => {
      console.error(error instanceof Error ? error.message : String(error));
      process.exitCode = error instanceof UsageError ? 2 : 1;
    },
  );
}
