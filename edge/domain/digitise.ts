/**
 * How "Digitise" splits a task's files into emails: the mail provider takes
 * at most 10 MB per email (Postmark), attachments counted base64-encoded, so
 * each email's encoded attachments stay within a budget that leaves room for
 * the text and headers. A file too big to go even alone is skipped.
 */

/** Postmark's limit on one email, all of it. */
export const EMAIL_SIZE_LIMIT = 10 * 1000 * 1000;
/** What an email's own text, html and headers may take of it. */
const EMAIL_OVERHEAD = 100 * 1000;
/** The base64-encoded attachments one email may carry. */
export const ATTACHMENT_BUDGET = EMAIL_SIZE_LIMIT - EMAIL_OVERHEAD;

/** The size of `bytes` bytes written as base64 (padded). */
export const base64Size = (bytes: number) => 4 * Math.ceil(bytes / 3);

export interface DigitisePlan {
  /** The files of each email, by id, in the order given. */
  parts: string[][];
  /** The files too big to send even alone. */
  skipped: string[];
}

/**
 * Packs files (in the order given, oldest first) into as few emails as the
 * first-fit rule finds: each file goes into the first email with room for it,
 * so a large file does not leave the emails before it half empty.
 */
export function planDigitisation(files: readonly { id: string; size: number }[], budget = ATTACHMENT_BUDGET): DigitisePlan {
  const parts: { ids: string[]; used: number }[] = [];
  const skipped: string[] = [];
  for (const file of files) {
    const size = base64Size(file.size);
    if (size > budget) {
      skipped.push(file.id);
      continue;
    }
    const part = parts.find((p) => p.used + size <= budget);
    if (part) {
      part.ids.push(file.id);
      part.used += size;
    } else parts.push({ ids: [file.id], used: size });
  }
  return { parts: parts.map((p) => p.ids), skipped };
}
