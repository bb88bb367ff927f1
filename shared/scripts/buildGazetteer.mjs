/**
 * Builds shared/src/anonymisation/gazetteer/names.json, the first names and surnames the pre-flight
 * recognises, from
 *  - the person-name lists of @faker-js/faker's locales (MIT licence, see names.json's `licence`)
 *    for the origins common in German case files: German, Turkish, Polish, Romanian and Moldovan,
 *    Croatian, Serbian, Italian, Portuguese, Czech, Slovak, Hungarian, French (first names);
 *  - gazetteer-supplement.txt beside this script: names the locales lack or spell otherwise
 *    (Arabic, Persian and Cyrillic names in German transliteration, Albanian, Bosnian, African …),
 *    and German words that are names too;
 *  - a German word list (Debian's `wngerman`, /usr/share/dict/ngerman) to find names that are also
 *    ordinary words ("Koch", "Lange", "Nur"): those go to `ambiguous`, a name only in name context.
 *
 * Run once when the sources change, not at build or run time (the output is committed):
 *   npm install --prefix /tmp/faker @faker-js/faker@10.6.0 && apt-get install -y wngerman
 *   FAKER=/tmp/faker/node_modules/@faker-js/faker/dist/index.js node shared/scripts/buildGazetteer.mjs
 *   npx prettier --write shared/src/anonymisation/gazetteer/names.json
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

const FAKER_VERSION = '10.6.0';
const faker = await import(pathToFileURL(process.env.FAKER ?? '/tmp/faker/node_modules/@faker-js/faker/dist/index.js').href);
const dictionary = new Set(readFileSync(process.env.WORDS ?? '/usr/share/dict/ngerman', 'utf8').split('\n'));
const here = new URL('.', import.meta.url);

const FIRST_LOCALES = ['de', 'de_CH', 'tr', 'pl', 'ro', 'ro_MD', 'hr', 'sr_RS_latin', 'it', 'pt_PT', 'cs_CZ', 'sk', 'hu', 'fr'];
const LAST_LOCALES = ['de', 'de_CH', 'tr', 'pl', 'ro', 'ro_MD', 'hr', 'sr_RS_latin', 'it', 'pt_PT', 'cs_CZ', 'sk', 'hu'];

const flat = (value) => (!value ? [] : Array.isArray(value) ? value : Object.values(value).flat());
/** one capitalised word, hyphen and apostrophe allowed: multi-word entries and other scripts stay out */
const usable = (name) => /^\p{Lu}[\p{Ll}\p{M}]+(?:[-'’]\p{Lu}?[\p{Ll}\p{M}]+)*$/u.test(name);

function supplement() {
  const sections = { first: [], last: [], ambiguous: [] };
  let current;
  for (const line of readFileSync(new URL('gazetteer-supplement.txt', here), 'utf8').split('\n')) {
    const section = /^\[(\w+)\]$/.exec(line.trim());
    if (section) current = sections[section[1]];
    else if (current && line.trim() && !line.startsWith('#')) current.push(...line.trim().split(/\s+/));
  }
  return sections;
}

const UMLAUT = { a: 'ä', o: 'ö', u: 'ü', A: 'Ä', O: 'Ö', U: 'Ü' };
/** whether a name is also an ordinary German word: lower case in the list, or with noun endings or an umlaut plural */
function germanWord(name) {
  const lower = name.toLowerCase();
  const endings = ['e', 'en', 'n', 'er', 'ern', 'es'];
  // "dauern" for Dauer, "braun" for Braun
  if (dictionary.has(lower) || endings.some((ending) => dictionary.has(lower + ending))) return true;
  const stem = name.replace(/a$/, '');
  const forms = endings.flatMap((ending) => [name + ending, stem + ending]);
  // plural of a noun in the list: "Frauen" (Frau), "Lilien" (Lilie), "Manns" (Mann)
  for (const ending of ['en', 'n', 'e', 'er', 's']) if (name.endsWith(ending) && name.length - ending.length >= 3) forms.push(name.slice(0, -ending.length));
  // umlaut plurals: "Vögel" (Vogel), "Fäuste" (Faust)
  const umlauted = name.replace(/au([^aeiouäöü]*)$/, 'äu$1').replace(/([aouAOU])([^aeiouäöüAOUÄÖÜ]*)$/, (_, vowel, rest) => UMLAUT[vowel] + rest);
  if (umlauted !== name) forms.push(umlauted, `${umlauted}e`, `${umlauted}er`, `${umlauted}en`);
  return forms.some((form) => dictionary.has(form));
}

const extra = supplement();
const first = new Set([...FIRST_LOCALES.flatMap((locale) => flat(faker[locale]?.person?.first_name)), ...extra.first].filter(usable));
const last = new Set([...LAST_LOCALES.flatMap((locale) => flat(faker[locale]?.person?.last_name)), ...extra.last].filter(usable));
const curatedFirst = new Set(extra.first);
// curated first names are names first (Finn, Hans, Max), whatever the word list says
const ambiguous = new Set(extra.ambiguous.filter(usable));
for (const name of [...first, ...last]) if (!curatedFirst.has(name) && germanWord(name)) ambiguous.add(name);

const sorted = (set) => [...set].sort((a, b) => a.localeCompare(b, 'de')).join(' ');
const out = {
  about:
    'First names and surnames for the pre-flight name rules, built by shared/scripts/buildGazetteer.mjs. ' +
    '`ambiguous`: names that are also German words; they count only right after a title, a first name or a role cue.',
  licence:
    `Contains name lists from @faker-js/faker ${FAKER_VERSION} (locales ${[...new Set([...FIRST_LOCALES, ...LAST_LOCALES])].join(', ')}), ` +
    'MIT licence: Copyright (c) 2022-2025 Faker (https://github.com/faker-js/faker), based on faker.js, Copyright (c) 2011-2020 Marak Squires. ' +
    'Permission is hereby granted, free of charge, to any person obtaining a copy of this software and associated documentation files, to deal in ' +
    'the Software without restriction, subject to: the above copyright notice and this permission notice shall be included in all copies or ' +
    'substantial portions of the Software. THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND. The supplement is written for QE-Werkstatt.',
  first: sorted(first),
  last: sorted(last),
  ambiguous: sorted(ambiguous),
};
const target = new URL('../src/anonymisation/gazetteer/names.json', here);
writeFileSync(target, `${JSON.stringify(out, null, 1)}\n`);
console.log(`names.json: ${first.size} first names, ${last.size} surnames, ${ambiguous.size} ambiguous, ${JSON.stringify(out).length} bytes`);
