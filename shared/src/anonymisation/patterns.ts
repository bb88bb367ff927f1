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

export const PATTERNS: { kind: Exclude<HitKind, 'schutzliste'>; regex: RegExp }[] = [
  { kind: 'geburtsdatum', regex: /\b(?:geb\.|geboren(?:\s+am)?)\s*:?\s*\d{1,2}\.\s?\d{1,2}\.\s?\d{2,4}/giu },
  {
    kind: 'adresse',
    regex: new RegExp(
      `${NOT_WORD_BEFORE}\\p{Lu}[${L}-]*(?:straße|strasse|str\\.|weg|gasse|platz|allee|ring|damm|ufer|pfad|chaussee)\\s+\\d{1,4}\\s?[a-z]?${NOT_WORD_AFTER}`,
      'gu',
    ),
  },
  { kind: 'adresse', regex: new RegExp(`${NOT_WORD_BEFORE}\\d{5}\\s+\\p{Lu}[${L}]+(?:[ -]\\p{Lu}[${L}]+)?`, 'gu') },
  { kind: 'email', regex: /[\w.+-]+@[\w-]+(?:\.[\w-]+)+/gu },
  { kind: 'iban', regex: /\b[A-Z]{2}\d{2}(?:\s?[A-Z0-9]{4}){3,7}(?:\s?[A-Z0-9]{1,3})?\b/gu },
  { kind: 'telefon', regex: /(?<![\d./])(?:\+49|0049|0)(?:[\s/-]?\d){7,13}(?![\d./])/gu },
  { kind: 'aktenzeichen', regex: /\b\d{1,3}\s?(?:F|UF|XVI|VI|Js|Ds|Cs|BRs)\s?\d{1,5}\/\d{2,4}\b/gu },
  { kind: 'aktenzeichen', regex: /\b(?:Az\.|Aktenzeichen|Geschäftszeichen)\s*:?\s*[\w./-]*\d[\w./-]*/giu },
  { kind: 'kennzeichen', regex: /\b[A-ZÄÖÜ]{1,3}-[A-Z]{1,2}\s?\d{1,4}[EH]?\b/gu },
  { kind: 'sozialversicherungsnummer', regex: /\b\d{2}\s?\d{6}\s?[A-Z]\s?\d{3}\b/gu },
  {
    kind: 'name',
    regex: new RegExp(`${NOT_WORD_BEFORE}(?:Frau|Herrn?|Fr\\.|Hr\\.)\\s+(?:Dr\\.\\s+)?\\p{Lu}\\p{Ll}{2,}(?:-\\p{Lu}\\p{Ll}+)?${NOT_WORD_AFTER}`, 'gu'),
  },
];

/**
 * Common German first names (births 1960–2020), as whole capitalised words. Names that are
 * also ordinary words or professional terms (e.g. "Hans" in "Hansestadt" cannot match as a
 * whole word anyway) are fine; words like "Mark", "Frank", "Ernst" are left out on purpose.
 */
export const FIRST_NAMES = new Set(
  `Andreas Anna Anne Annika Alexander Alexandra Ali Amelie Angelika Anja Anke Ben Benjamin Birgit Brigitte Carina Carla Carolin Charlotte Christian Christina Christine Claudia Daniel Daniela David Dennis Dieter Dirk Elias Elke Ella Emil Emilia Emily Emma Erik Eva Fabian Felix Finn Florian Frieda Gabriele Heike Heinz Helga Jan Jana Jannik Janina Jennifer Jessica Jonas Jonathan Julia Julian Jürgen Kai Karin Katharina Kathrin Kerstin Kevin Klaus Lara Laura Lea Lena Leon Leonie Lina Linus Lisa Louis Luca Lucas Luis Lukas Luisa Maja Manfred Manuela Marcel Marco Maria Marie Marina Mario Markus Martin Martina Matthias Max Maximilian Melanie Mia Michael Michaela Milan Mila Monika Nadine Nicole Niklas Nils Noah Nora Oliver Paul Paula Peter Petra Philipp Renate Sabine Sandra Sara Sarah Sebastian Simon Sofia Sophie Stefan Stefanie Stephanie Susanne Sven Tanja Thomas Tim Tobias Tom Torsten Ursula Uwe Vanessa Wolfgang Yvonne`.split(
    /\s+/,
  ),
);
