import { Hono } from 'hono';
import * as v from 'valibot';
import type { AppEnv } from '../env.ts';
import { ApiError, conflict } from '../errors.ts';
import { isUniqueViolation } from '../data/clients.ts';
import { commitImport, importContext } from '../data/contact-import.ts';
import { CsvError, detectDelimiter, isBlankRecord, parseCsv } from '../domain/csv.ts';
import { IMPORT_COLUMNS, mapHeader, MAX_IMPORT_ROWS, previewImport } from '../domain/contact-import.ts';
import { requireStaff } from '../middleware/auth.ts';
import { validate } from '../middleware/validate.ts';
import { op } from './openapi.ts';

/** The import's own body limit (10 000 rows are about 1.5 MB); every other JSON body stays under 64 KB. */
export const CONTACT_IMPORT_MAX_BYTES = 4 * 1024 * 1024;
export const CONTACT_IMPORT_PATH = '/api/v1/firm/imports/contacts';

const ImportBody = v.strictObject({ csv: v.pipe(v.string(), v.maxLength(CONTACT_IMPORT_MAX_BYTES)), commit: v.optional(v.boolean(), false) });
const ImportQuery = v.object({ commit: v.optional(v.pipe(v.picklist(['1', '0', 'true', 'false']), v.transform((s) => s === '1' || s === 'true'))) });
const HEADERS_DOC = 'name (nimi), company (ettevõte, firma, klient), email (e-mail, e-post), phone (telefon)';

/** The CSV and whether to write it, from a JSON body `{ csv, commit }` or a raw text/csv body with `?commit=1`. */
async function readImport(c: { req: { header(name: string): string | undefined; text(): Promise<string>; json(): Promise<unknown> } }, commitQuery: boolean | undefined) {
  const type = (c.req.header('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
  if (type === 'text/csv' || type === 'text/plain') return { csv: await c.req.text(), commit: commitQuery ?? false };
  if (!/^application\/([\w.-]+\+)?json$/.test(type)) throw new ApiError(415, 'unsupported_media_type', 'Send `{ csv, commit }` as application/json, or the file itself as text/csv');
  const body = v.safeParse(ImportBody, await c.req.json().catch(() => null));
  if (!body.success) throw new ApiError(400, 'validation_failed', 'The request body is not valid', body.issues.map((i) => ({ path: v.getDotPath(i) ?? '', message: i.message })));
  return { csv: body.output.csv, commit: body.output.commit || (commitQuery ?? false) };
}

/** Bringing many contacts in at once: a CSV previewed row by row, then written in one go. */
export const importRoutes = new Hono<AppEnv>()
  .use('/imports/*', requireStaff)
  .post(
    '/imports/contacts',
    op('firm', 'Import contacts from CSV: a preview, then the same file committed', {
      caller: 'staff',
      errors: [400, 409, 413, 415, 422],
      description:
        'Body: `{ "csv": "...", "commit": false }` as JSON, or the file itself as `text/csv` with `?commit=1`. Commas or semicolons; quotes as RFC 4180; a byte order mark is fine. ' +
        `Columns by header, any case, English or Estonian: ${HEADERS_DOC}; name, company and email are required columns (400 \`csv_missing_column\`, one issue per column). ` +
        `At most ${MAX_IMPORT_ROWS} rows (413 \`csv_too_large\`); a broken quote is 400 \`csv_invalid\` with its line. ` +
        'Each row answers `line`, the cleaned values, `outcome` (`new`, `existing` = the firm has a contact with that email, `error`) and `errors` ' +
        '(`{ column, code, message }`; codes `required`, `too_long`, `formula` = a cell starting with = + - @ or a tab (refused, never rewritten; a phone number may start with +), ' +
        '`invalid_characters`, `invalid_email`, `invalid_phone`, `duplicate_email` = the email is on an earlier row). ' +
        'Without `commit` nothing is written. With it, all rows are written in one batch only when none has errors (else 422 `csv_has_errors` with the same preview beside the error): ' +
        'companies by name (one the firm has, any case, is reused; new ones start with the portal closed), contacts by email (one the firm has is reused, name and phone kept, and linked). ' +
        'History: `contact.created`, `contact.imported {clientId}`. Answers `{ rows, counts: { total, new, existing, errors, newClients }, committed }`.',
    }),
    validate('query', ImportQuery),
    async (c) => {
      const { db, clock } = c.get('deps');
      const staff = c.get('staff');
      const { csv, commit } = await readImport(c, c.req.valid('query').commit);
      let records;
      try {
        records = parseCsv(csv, detectDelimiter(csv)).filter((r) => !isBlankRecord(r));
      } catch (error) {
        if (!(error instanceof CsvError)) throw error;
        throw new ApiError(400, 'csv_invalid', error.message, [{ path: 'csv', message: error.message }]);
      }
      const [header, ...data] = records;
      const { columns, missing } = mapHeader(header?.fields ?? []);
      if (missing.length > 0) {
        throw new ApiError(
          400,
          'csv_missing_column',
          `The first line must name the columns; missing: ${missing.join(', ')}`,
          missing.map((column) => ({ path: column, message: `No "${column}" column (headers: ${IMPORT_COLUMNS.join(', ')})` })),
        );
      }
      if (data.length > MAX_IMPORT_ROWS) throw new ApiError(413, 'csv_too_large', `At most ${MAX_IMPORT_ROWS} rows at a time; this file has ${data.length}`);
      const emails = data.map((r) => (r.fields[columns.email!] ?? '').trim().toLowerCase());
      const context = await importContext(db, staff.firmId, emails);
      const preview = previewImport(data, columns, { hasContact: (email) => context.contacts.has(email), hasClient: (key) => context.clients.has(key) });
      if (!commit) return c.json({ ...preview, committed: false });
      if (preview.counts.errors > 0) {
        const message = `${preview.counts.errors} of ${preview.counts.total} rows have errors; nothing was written`;
        return c.json({ error: { code: 'csv_has_errors' as const, message, requestId: c.get('requestId') ?? '' }, ...preview, committed: false }, 422);
      }
      try {
        await commitImport(db, staff, preview.rows, context, clock.now());
      } catch (error) {
        if (isUniqueViolation(error)) throw conflict('A contact with one of these emails was added meanwhile; import the file again');
        throw error;
      }
      // Contacts the firm had may now see more companies.
      c.get('sessions').forgetAll();
      return c.json({ ...preview, committed: true });
    },
  );
