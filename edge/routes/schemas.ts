import * as v from 'valibot';
import { isCalendarDate } from '../domain/calendar.ts';

/**
 * Control characters other than line breaks and tabs (C0, DEL, C1): a NUL
 * cuts a stored text short, an escape sequence reaches terminals and logs.
 */
const CONTROL_CHARACTERS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/;

/** Any text from outside, before it is trimmed or checked further: no control characters. */
export const PlainString = v.pipe(v.string(), v.check((s) => !CONTROL_CHARACTERS.test(s), 'Control characters are not allowed'));

/** Shared input pieces, so every route refuses the same bad input the same way. */
export const Email = v.pipe(PlainString, v.trim(), v.toLowerCase(), v.maxLength(254), v.email('Enter a valid email address'));
export const Slug = v.pipe(v.string(), v.trim(), v.toLowerCase(), v.regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'Not a firm address'));
/** The optional PIN a contact is asked on a new device. */
export const Pin = v.pipe(v.string(), v.regex(/^\d{4}$/, 'A PIN is 4 digits'));
export const Secret = v.pipe(v.string(), v.minLength(16), v.maxLength(200), v.regex(/^[A-Za-z0-9_-]+$/, 'Not a token'));
export const id = (prefix: string) => v.pipe(v.string(), v.regex(new RegExp(`^${prefix}_[a-z0-9]{1,40}$`), `Not a ${prefix}_ id`));
export const CalendarDate = v.pipe(v.string(), v.check(isCalendarDate, 'Use a real date written YYYY-MM-DD'));
export const Text = (max: number) => v.pipe(PlainString, v.trim(), v.maxLength(max));
export const RequiredText = (max: number) => v.pipe(PlainString, v.trim(), v.minLength(1, 'Required'), v.maxLength(max));

export const TaskIdParam = v.object({ id: id('tsk') });

/** How a task, a work or a template repeats (db/schema.ts `Recurrence`): strict, so a misspelt key is refused, not ignored. */
export const RecurrenceRule = v.strictObject({
  freq: v.picklist(['weekly', 'monthly', 'quarterly', 'yearly']),
  day: v.optional(v.pipe(v.number(), v.integer(), v.check((d) => d === -1 || (d >= 1 && d <= 31), 'A day of the month, 1-31, or -1 for the last'))),
  until: v.optional(CalendarDate),
  count: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(500))),
});

/**
 * A phone number as people write it (digits, spaces, + ( ) - . /, with at least one digit; 50 characters), or
 * null; '' clears it too. One rule for staff, the contact's own profile and the CSV import's rows.
 */
export const Phone = v.nullable(v.pipe(Text(50), v.regex(/^(?:|(?=.*\d)[+()\d\s./-]+)$/, 'Digits, spaces and + ( ) - . / only'), v.transform((s) => s || null)));
