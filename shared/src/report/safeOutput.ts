/**
 * What of a board's text may reach a report file as something other than text. One rule for all
 * three formats (security review, issue 12): a link target is kept only when it is `https:` or
 * `mailto:`, and then percent-encoded, so it cannot end a Markdown link early, run script
 * (`javascript:`, `data:`) or reach a file share (`file:`, UNC `\\server\…`).
 */
const ALLOWED_PROTOCOLS = new Set(['https:', 'mailto:']);

/** Characters percent-encoded on top of what URL does: they end or reshape a link in Markdown, RTF-ish viewers or PDF strings. */
const EXTRA_ENCODE = /[()<>"'`\\\s[\]{}|^]/g;

/**
 * The link target as it may appear in a report, or undefined when it must not be a link.
 * The text of the link stays in the report either way; only the target is dropped.
 */
export function safeLinkTarget(href: string | undefined | null): string | undefined {
  if (typeof href !== 'string') return undefined;
  const trimmed = href.trim();
  // control characters hide schemes from naive checks ("java\tscript:"): such a target is never kept
  // eslint-disable-next-line no-control-regex
  if (trimmed === '' || /[\u0000-\u001f\u007f]/.test(trimmed)) return undefined;
  let url: URL;
  try {
    url = new URL(trimmed);
  } catch {
    return undefined;
  }
  if (!ALLOWED_PROTOCOLS.has(url.protocol)) return undefined;
  if (url.protocol === 'https:' && (url.username || url.password || !url.hostname)) return undefined;
  return url.href.replace(EXTRA_ENCODE, (char) => encodeURIComponent(char).replace(/[()'!*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`));
}

/**
 * Text for one line of the report: control characters (except tab and line breaks) removed, so a
 * field cannot smuggle form feeds, bidi overrides or NULs into the files; line breaks normalised to \n.
 */
export function cleanText(text: string): string {
  return (
    text
      .replace(/\r\n?/g, '\n')
      // eslint-disable-next-line no-control-regex
      .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\u202a-\u202e\u2066-\u2069]/g, '')
  );
}
