// Addresses of stored files. Kept apart from files.ts so the Markdown sanitizer (and pages)
// can use them without pulling in the database or sharp.

/** The address of stored content: its hash, then a readable name. */
export function fileUrl(sha256: string, name: string): string {
  return `/files/${sha256}/${encodeURIComponent(name)}`;
}

/** Matches the addresses fileUrl makes: the only images member Markdown may show. */
export const FILE_URL_PATTERN = /^\/files\/[0-9a-f]{64}\/[A-Za-z0-9%._~!$&'()*+,;=:@-]+$/;
