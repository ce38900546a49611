/**
 * True when a write failed on the unique index that keeps one row per
 * occurrence of a series (`<table>_firm_series_occurrence`): two runs raced
 * to make the same occurrence and the other one won, so this one has
 * nothing left to do (its whole batch was rolled back).
 */
export function isOccurrenceTaken(error: unknown, table: 'tasks' | 'works'): boolean {
  const wanted = `UNIQUE constraint failed: ${table}.firm_id, ${table}.series_id, ${table}.occurrence`;
  for (let e: unknown = error; e instanceof Error; e = e.cause) if (e.message.includes(wanted)) return true;
  return false;
}
