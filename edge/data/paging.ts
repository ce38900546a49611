/**
 * Cursor paging, one way for every list: a page is `limit` rows after the
 * cursor in the list's order; the cursor is the last row's sort key, opaque
 * to callers (base64url JSON), so a new row never shifts a page the way an
 * offset would.
 */
export type CursorKey = (string | number | null)[];

export function encodeCursor(key: CursorKey): string {
  return btoa(JSON.stringify(key)).replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '');
}

/** The key inside a cursor, or null when it is not one this server wrote. */
export function decodeCursor(cursor: string): CursorKey | null {
  try {
    const key: unknown = JSON.parse(atob(cursor.replaceAll('-', '+').replaceAll('_', '/')));
    if (!Array.isArray(key) || key.length === 0) return null;
    return key.every((k) => k === null || typeof k === 'string' || (typeof k === 'number' && Number.isFinite(k))) ? (key as CursorKey) : null;
  } catch {
    return null;
  }
}

/** One page from `limit + 1` rows read: the first `limit`, and the cursor after them (null on the last page). */
export function pageOf<T, I>(rows: T[], limit: number, keyOf: (row: T) => CursorKey, view: (row: T) => I): { items: I[]; nextCursor: string | null } {
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return { items: page.map(view), nextCursor: rows.length > limit && last !== undefined ? encodeCursor(keyOf(last)) : null };
}
