import { describe, expect, it } from 'vitest';
import { compareFuzzyDates, formatFuzzyDate, parseFuzzyDate } from './fuzzyDate.js';

describe('parseFuzzyDate', () => {
  it.each([
    ['14.03.2019', 'day', false, '2019-03-14'],
    ['4.3.19', 'day', false, '2019-03-04'],
    ['2019-03-14', 'day', false, '2019-03-14'],
    ['03/2020', 'month', false, '2020-03-01'],
    ['3.2020', 'month', false, '2020-03-01'],
    ['März 2020', 'month', false, '2020-03-01'],
    ['Frühjahr 2021', 'season', false, '2021-03-01'],
    ['Sommer 2022', 'season', false, '2022-06-01'],
    ['ca. 11/2021', 'month', true, '2021-11-01'],
    ['ca. 2018', 'year', true, '2018-01-01'],
    ['2020', 'year', false, '2020-01-01'],
    ['unbekannt', 'unknown', false, null],
    ['', 'unknown', false, null],
  ])('reads "%s"', (text, precision, approximate, sortKey) => {
    expect(parseFuzzyDate(text)).toMatchObject({ precision, approximate, sortKey });
  });

  it('keeps the text as written', () => {
    expect(parseFuzzyDate(' ca.  11/2021 ').text).toBe('ca. 11/2021');
  });

  it('refuses impossible and unreadable dates with a German message', () => {
    expect(() => parseFuzzyDate('31.02.2020')).toThrow(/kein gültiges Datum/);
    expect(() => parseFuzzyDate('13/2020')).toThrow(/Monat 13/);
    expect(() => parseFuzzyDate('nächste Woche')).toThrow(/nicht lesbar/);
  });

  it('sorts undated entries last', () => {
    const dates = ['unbekannt', '03/2020', 'Frühjahr 2019', '14.03.2019'].map(parseFuzzyDate);
    expect(dates.sort(compareFuzzyDates).map((d) => d.text)).toEqual(['Frühjahr 2019', '14.03.2019', '03/2020', 'unbekannt']);
  });
});

describe('formatFuzzyDate', () => {
  it('shows every date in one German form, however it was typed', () => {
    const shown = (typed: string) => formatFuzzyDate(parseFuzzyDate(typed));
    expect(shown('17.2.20')).toBe('17.02.2020');
    expect(shown('2020-02-17')).toBe('17.02.2020');
    expect(shown('ca. 3/2020')).toBe('ca. 03/2020');
    expect(shown('circa März 2020')).toBe('ca. 03/2020');
    expect(shown('frühling 2022')).toBe('Frühjahr 2022');
    expect(shown('Herbst 2020')).toBe('Herbst 2020');
    expect(shown('Ende 2019')).toBe('Ende 2019');
    expect(shown('2021')).toBe('2021');
    expect(shown('?')).toBe('unbekannt');
    // the typed text stays what the record holds
    expect(parseFuzzyDate('17.2.20').text).toBe('17.2.20');
    expect(['4.3.19', '04.03.2019', '2019-03-04'].map(shown)).toEqual(['04.03.2019', '04.03.2019', '04.03.2019']);
    expect(['3/2020', '03/2020', '3.2020', 'März 2020', 'mär 2020'].map(shown)).toEqual(Array(5).fill('03/2020'));
    expect(shown('ca. 11/2021')).toBe('ca. 11/2021');
    expect(shown('frühjahr 2021')).toBe('Frühjahr 2021');
    expect(shown('etwa 2018')).toBe('ca. 2018');
    expect(shown('unbekannt')).toBe('unbekannt');
  });
});
