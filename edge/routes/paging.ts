import * as v from 'valibot';
import { ApiError } from '../errors.ts';
import { decodeCursor, type CursorKey } from '../data/paging.ts';

/** `limit`: 1-100, default 50. */
export const Limit = v.optional(
  v.pipe(v.string(), v.regex(/^\d{1,3}$/, 'A whole number from 1 to 100'), v.transform(Number), v.minValue(1), v.maxValue(100)),
  '50',
);

const NOT_A_CURSOR = 'Not a cursor of this list: pass a nextCursor as it came';

/** `cursor`: the `nextCursor` of the page before, decoded to its key of one of `lengths` parts. */
export const Cursor = (...lengths: number[]) =>
  v.optional(
    v.pipe(
      v.string(),
      v.maxLength(500),
      v.transform(decodeCursor),
      v.check((key) => key !== null && lengths.includes(key.length), NOT_A_CURSOR),
      v.transform((key) => key as CursorKey),
    ),
  );

/** The query piece of every paged list: `limit` and `cursor` (a key of `cursorLength` parts, by default the usual (sort value, id)). */
export const pageQuery = (cursorLength = 2) => ({ limit: Limit, cursor: Cursor(cursorLength) });

/** A cursor the schema let through that does not fit the list it was sent to (one query, several orders): the same 400 as the schema's. */
export const notACursor = () => new ApiError(400, 'validation_failed', 'The request query is not valid', [{ path: 'cursor', message: NOT_A_CURSOR }]);
