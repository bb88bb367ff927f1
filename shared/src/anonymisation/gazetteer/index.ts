import data from './names.json' with { type: 'json' };

export interface Gazetteer {
  first: ReadonlySet<string>;
  last: ReadonlySet<string>;
  /** names that are also German words ("Koch", "Lange"): a name only in name context */
  ambiguous: ReadonlySet<string>;
}

let loaded: Gazetteer | undefined;

/**
 * The first names and surnames (names.json, built by shared/scripts/buildGazetteer.mjs), split into
 * sets on first use and kept: a worker pays for it once, and code that never scans never does.
 */
export function gazetteer(): Gazetteer {
  loaded ??= {
    first: new Set(data.first.split(' ')),
    last: new Set(data.last.split(' ')),
    ambiguous: new Set(data.ambiguous.split(' ')),
  };
  return loaded;
}
