/**
 * The public address of a firm's uploaded logo or icon, on PUBLIC_URL,
 * versioned by its blob key: a new upload is a new address, so browsers and
 * mail clients may cache an image for long.
 */
export function firmImageUrl(publicUrl: string, slug: string, which: 'logo' | 'icon', key: string): string {
  return `${publicUrl}/api/v1/public/firms/${encodeURIComponent(slug)}/${which}?v=${key.slice(-10)}`;
}
