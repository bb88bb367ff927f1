/**
 * Patterns for personal data that must not leave in an anonymised report. Each finds candidates
 * in German case texts; dates of events, aliases and legal references are not hits.
 */
export const HIT_KINDS = [
  'schutzliste',
  'geburtsdatum',
  'adresse',
  'telefon',
  'email',
  'iban',
  'aktenzeichen',
  'kennzeichen',
  'sozialversicherungsnummer',
  'name',
] as const;
export type HitKind = (typeof HIT_KINDS)[number];

const L = '\\p{L}';
const NOT_WORD_BEFORE = `(?<![${L}\\p{N}])`;
const NOT_WORD_AFTER = `(?![${L}\\p{N}])`;

/**
 * the last part of a street name, written on ("Lindenstraße", "Friedrich-Ebert-Str."). Built (as
 * PATTERNS) in a call marked pure: a browser bundle that needs HIT_KINDS only drops all of this.
 */
const STREET_ENDINGS = /* @__PURE__ */ (() =>
  'straße strasse str\\. weg gasse platz allee ring damm ufer pfad chaussee steig stieg markt hof grund garten feld berg bruch tal höhe kamp wall graben park winkel aue wiese heide siepen brink kuhle horst mühle acker anger straat'
    .split(' ')
    .map((ending) => `[${ending[0]!.toUpperCase()}${ending[0]}]${ending.slice(1)}`)
    .join('|'))();
/** a street name as a word of its own after an adjective: "Kölner Straße", "Alte Gasse" */
const STREET_WORDS = 'Straße|Strasse|Str\\.|Weg|Allee|Platz|Ring|Damm|Chaussee|Gasse|Ufer|Markt';
/** "Am Lindenhof 9", "Im Wiesengrund 22": the preposition belongs to the address */
const STREET_PREFIX = '(?:(?:Am|Im|An der|An den|Auf der|Auf dem|In der|In den|Zum|Zur|Unter den|Hinter der|Vor dem|Alte|Alter|Neue|Neuer)\\s+)?';
const HOUSE_NUMBER = `\\s+\\d{1,4}(?:\\s?[a-zA-Z](?![${L}]))?(?:\\s?-\\s?\\d{1,4})?${NOT_WORD_AFTER}`;
/** the register marks of German courts and prosecutors: F (family court), UF/WF (appeal), Js (prosecution) … */
const COURT_REGISTERS = 'F|UF|WF|XVI|XVII|VI|IV|II|III|Js|UJs|Ds|Cs|Ls|Ns|Gs|Qs|BRs|AR|KLs|Ks|Ss|Ws|BvR|UR|C|O|S|T|K|L';

/**
 * Personal data with a fixed shape. Names (names.ts) and birth dates (dates.ts) need context and
 * have rules of their own; dates of events, aliases and legal references are not hits.
 */
export const PATTERNS: {
  kind: Exclude<HitKind, 'schutzliste' | 'name' | 'geburtsdatum'>;
  regex: RegExp;
  /** what a text must hold for the pattern to match at all: a digit, or "@"; texts without it are skipped */
  needs?: '@';
}[] = /* @__PURE__ */ (() => [
  { kind: 'adresse', regex: new RegExp(`${NOT_WORD_BEFORE}${STREET_PREFIX}\\p{Lu}[${L}-]*?(?:${STREET_ENDINGS})${HOUSE_NUMBER}`, 'gu') },
  { kind: 'adresse', regex: new RegExp(`${NOT_WORD_BEFORE}\\p{Lu}\\p{Ll}+\\s(?:${STREET_WORDS})${HOUSE_NUMBER}`, 'gu') },
  { kind: 'adresse', regex: new RegExp(`${NOT_WORD_BEFORE}\\d{5}\\s+\\p{Lu}[${L}]+(?:[ -]\\p{Lu}[${L}]+)?`, 'gu') },
  { kind: 'email', regex: /[\w.+-]+@[\w-]+(?:\.[\w-]+)+/gu, needs: '@' },
  { kind: 'iban', regex: /\b[A-Z]{2}\d{2}(?:\s?[A-Z0-9]{4}){3,7}(?:\s?[A-Z0-9]{1,3})?\b/gu },
  // +49 171 …, 0049 …, +49 (0) 172 …, (0234) 556677, 0231/9876543, 0203 2834-117: seven digits or more
  {
    kind: 'telefon',
    regex: /(?<![\p{L}\p{N}./-])(?:(?:\+|00)\d{2,3}[\s/-]?(?:\(0\)[\s/-]?)?|\(0\d{2,5}\)[\s/-]?|0)\d(?:[\s/-]?\d){5,13}(?!\p{N}|\.\p{N})/gu,
  },
  // family court "F 12/21 SO", "3 F 118/22", appeal "2 UF 45/23", prosecution "123 Js 4567/22"
  {
    kind: 'aktenzeichen',
    regex: new RegExp(`${NOT_WORD_BEFORE}(?:\\d{1,3}\\s?)?(?:${COURT_REGISTERS})\\s?\\d{1,5}\\/\\d{2,4}(?:\\s[A-Z]{2,5}(?![${L}]))?${NOT_WORD_AFTER}`, 'gu'),
  },
  // office file numbers: "51-2019-1142", "51.3-2020-077", "51.2-0815/2021"
  { kind: 'aktenzeichen', regex: /(?<![\p{L}\p{N}.-])\d{2,3}(?:\.\d{1,2})?-(?:\d{4}-\d{3,5}|\d{3,5}\/\d{4})(?![\p{N}-])/gu },
  {
    kind: 'aktenzeichen',
    regex: new RegExp(
      `${NOT_WORD_BEFORE}(?:Az\\.|AZ|Aktenzeichen|Geschäftszeichen|Gz\\.|Vorgangsnummer|Vorgangs-Nr\\.)\\s*:?\\s*` +
        `(?:\\d{1,3}\\s?(?:${COURT_REGISTERS})\\s?\\d{1,5}\\/\\d{2,4}(?:\\s[A-Z]{2,5}(?![${L}]))?|[\\w./-]*\\d[\\w./-]*)`,
      'gu',
    ),
  },
  { kind: 'kennzeichen', regex: /\b[A-ZÄÖÜ]{1,3}-[A-Z]{1,2}\s?\d{1,4}[EH]?\b/gu },
  { kind: 'kennzeichen', regex: /(?<=Kennzeichen:?\s)[A-ZÄÖÜ]{1,3}\s[A-Z]{1,2}\s\d{1,4}[EH]?\b/gu },
  // area number, birth date (ddmmyy), letter, serial and check digit, spaces anywhere: "12 150985 K 03 0"
  { kind: 'sozialversicherungsnummer', regex: /(?<!\p{N})\d{2}\s?\d{2}\s?\d{2}\s?\d{2}\s?[A-Z]\s?\d\s?\d\s?\d(?!\p{N})/gu },
])();
