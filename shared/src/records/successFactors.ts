/**
 * Success factors by level (Lernen vom Erfolg): a key situation keeps its success factors as one
 * list of lines, the one the reflection frame's "Gelingensfaktoren" and the report show. A factor
 * of a level is the line "<level>: <text>", so the method feeds that same list and the report
 * names the level with each factor.
 */
const prefix = (level: string) => `${level}: `;

/** The success factors of one level, without the level. */
export function successFactorsAt(successFactors: readonly string[], level: string): string[] {
  return successFactors.filter((line) => line.startsWith(prefix(level))).map((line) => line.slice(prefix(level).length));
}

/** The list with one level's factors replaced by `texts` (blank ones dropped), where that level's were. */
export function withSuccessFactorsAt(successFactors: readonly string[], level: string, texts: readonly string[]): string[] {
  const lines = texts
    .map((text) => text.trim())
    .filter(Boolean)
    .map((text) => `${prefix(level)}${text}`);
  const first = successFactors.findIndex((line) => line.startsWith(prefix(level)));
  const others = successFactors.filter((line) => !line.startsWith(prefix(level)));
  const at = first < 0 ? others.length : successFactors.slice(0, first).filter((line) => !line.startsWith(prefix(level))).length;
  return [...others.slice(0, at), ...lines, ...others.slice(at)];
}
