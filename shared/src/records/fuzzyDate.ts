/**
 * Dates as case files give them: exact days, months, seasons, years, "ca." and "unbekannt".
 * The text stays as entered; precision and a sort key make the timeline orderable.
 */
export const DATE_PRECISIONS = ['day', 'month', 'season', 'year', 'unknown'] as const;
export type DatePrecision = (typeof DATE_PRECISIONS)[number];

export interface FuzzyDate {
  /** the date as written, e.g. "ca. 11/2021" */
  text: string;
  precision: DatePrecision;
  approximate: boolean;
  /** ISO date of the earliest day the text can mean ("2021-03-01" for Frühjahr 2021); null when unknown */
  sortKey: string | null;
}

const SEASONS: Record<string, number> = {
  frühjahr: 3,
  frühling: 3,
  sommer: 6,
  herbst: 9,
  winter: 12,
  jahresbeginn: 1,
  jahresanfang: 1,
  jahresende: 11,
  anfang: 1,
  mitte: 6,
  ende: 10,
};

const UNKNOWN = /^(unbekannt|unklar|k\.\s?a\.|ohne datum|\?|-)$/i;
const APPROXIMATE = /^(ca\.?|circa|etwa|ungefähr|vermutl(?:ich|\.)|~)\s*/i;

const pad = (n: number) => String(n).padStart(2, '0');

/** Two-digit years as Excel shows them: 00–69 → 2000s, 70–99 → 1900s. */
function fullYear(year: string): number {
  const n = Number(year);
  if (year.length === 4) return n;
  return n < 70 ? 2000 + n : 1900 + n;
}

function validDay(year: number, month: number, day: number): boolean {
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

export class DateParseError extends Error {}

/**
 * Parses German date notations: 14.03.2019, 4.3.19, 2019-03-14, 03/2020, 3.2020, März 2020,
 * Frühjahr 2021, 2021, with "ca." in front, and "unbekannt" or an empty cell.
 */
export function parseFuzzyDate(input: string): FuzzyDate {
  const text = input.trim().replace(/\s+/g, ' ');
  if (text === '' || UNKNOWN.test(text)) return { text: text || 'unbekannt', precision: 'unknown', approximate: false, sortKey: null };
  const approximate = APPROXIMATE.test(text);
  const rest = text.replace(APPROXIMATE, '');

  let match = /^(\d{1,2})\.(\d{1,2})\.(\d{4}|\d{2})$/.exec(rest);
  if (match) {
    const [day, month, year] = [Number(match[1]), Number(match[2]), fullYear(match[3]!)];
    if (!validDay(year, month, day)) throw new DateParseError(`"${text}" ist kein gültiges Datum`);
    return { text, precision: 'day', approximate, sortKey: `${year}-${pad(month)}-${pad(day)}` };
  }
  match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(rest);
  if (match) {
    const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
    if (!validDay(year, month, day)) throw new DateParseError(`"${text}" ist kein gültiges Datum`);
    return { text, precision: 'day', approximate, sortKey: `${year}-${pad(month)}-${pad(day)}` };
  }
  match = /^(\d{1,2})[/.](\d{4}|\d{2})$/.exec(rest);
  if (match) {
    const [month, year] = [Number(match[1]), fullYear(match[2]!)];
    if (month < 1 || month > 12) throw new DateParseError(`"${text}": Monat ${month} gibt es nicht`);
    return { text, precision: 'month', approximate, sortKey: `${year}-${pad(month)}-01` };
  }
  match = /^([A-Za-zÄÖÜäöüß]+)\.? (\d{4})$/.exec(rest);
  if (match) {
    const word = match[1]!.toLowerCase();
    const year = Number(match[2]);
    const month = MONTHS.findIndex((names) => names.includes(word)) + 1;
    if (month > 0) return { text, precision: 'month', approximate, sortKey: `${year}-${pad(month)}-01` };
    const season = SEASONS[word];
    if (season) return { text, precision: 'season', approximate, sortKey: `${year}-${pad(season)}-01` };
  }
  match = /^(\d{4})$/.exec(rest);
  if (match) return { text, precision: 'year', approximate, sortKey: `${match[1]}-01-01` };
  throw new DateParseError(`"${text}" ist als Datum nicht lesbar (z. B. 14.03.2019, 03/2020, Frühjahr 2021, ca. 11/2021, unbekannt)`);
}

const MONTHS = [
  ['januar', 'jan', 'jänner'],
  ['februar', 'feb'],
  ['märz', 'mär', 'maerz'],
  ['april', 'apr'],
  ['mai'],
  ['juni', 'jun'],
  ['juli', 'jul'],
  ['august', 'aug'],
  ['september', 'sep', 'sept'],
  ['oktober', 'okt'],
  ['november', 'nov'],
  ['dezember', 'dez'],
];

/** Orders dated entries before undated ones; equal dates keep their given order. */
export function compareFuzzyDates(a: FuzzyDate, b: FuzzyDate): number {
  if (a.sortKey === b.sortKey) return 0;
  if (a.sortKey === null) return 1;
  if (b.sortKey === null) return -1;
  return a.sortKey < b.sortKey ? -1 : 1;
}

/**
 * A date in one form, whatever was typed: 04.03.2019, 03/2020, Frühjahr 2021, 2021, with "ca."
 * in front when approximate; "unbekannt" without a date. For cards and the timeline; the table
 * keeps the text as entered, so nothing of the source is lost.
 */
export function formatFuzzyDate(date: FuzzyDate): string {
  if (date.sortKey === null) return 'unbekannt';
  const [year, month, day] = date.sortKey.split('-');
  const about = date.approximate ? 'ca. ' : '';
  switch (date.precision) {
    case 'day':
      return `${about}${day}.${month}.${year}`;
    case 'month':
      return `${about}${month}/${year}`;
    case 'season': {
      const word = date.text.replace(APPROXIMATE, '').split(' ')[0] ?? '';
      return `${about}${word.charAt(0).toUpperCase()}${word.slice(1).toLowerCase()} ${year}`;
    }
    default:
      return `${about}${year}`;
  }
}
