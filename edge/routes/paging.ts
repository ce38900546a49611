import * as v from 'valibot';
import { decodeCursor, type CursorKey } from '../data/paging.ts';

/** `limit`: 1-100, default 50. */
export const Limit = v.optional(
  v.pipe(v.string(), v.regex(/^\d{1,3}$/, 'A whole number from 1 to 100'), v.transform(Number), v.minValue(1), v.maxValue(100)),
  '50',
);

/** `cursor`: the `nextCursor` of the page before, decoded to its key of `length` parts. */
export const Cursor = (length: number) =>
  v.optional(
    v.pipe(
      v.string(),
      v.maxLength(500),
      v.transform((s) => decodeCursor(s, length)),
      v.check((key): key is CursorKey => key !== null, 'Not a cursor of this list: pass a nextCursor as it came'),
    ),
  );
