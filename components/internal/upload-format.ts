/** A file size for people, in binary units as the 10 MB limit is counted: `850 kB`, `2.4 MB` (in the language of `tag`). */
export const formatSize = (tag: string, bytes: number): string => {
  const mb = bytes >= 1024 * 1024;
  return new Intl.NumberFormat(tag, { style: 'unit', unit: mb ? 'megabyte' : 'kilobyte', maximumFractionDigits: 1 }).format(
    mb ? bytes / 1024 / 1024 : Math.max(bytes / 1024, 0.1),
  );
};
