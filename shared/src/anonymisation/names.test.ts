import { describe, expect, it } from 'vitest';
import { birthDateSpans } from './dates.js';
import { nameSpans } from './names.js';

const names = (text: string) => nameSpans(text).map(([start, end]) => text.slice(start, end));
const birthDates = (text: string) => birthDateSpans(text, nameSpans(text)).map(([start, end]) => text.slice(start, end));

describe('name rules', () => {
  it('takes the whole name after a title, a role or a known first name', () => {
    expect(names('Herr Dennis Wagner erschien nicht.')).toEqual(['Herr Dennis Wagner']);
    expect(names('Frau Dr. med. Elif Kaya untersuchte das Kind.')).toEqual(['Frau Dr. med. Elif Kaya']);
    expect(names('Die Tante Gül und der Onkel Hakan kamen.')).toEqual(['Gül', 'Hakan']);
    expect(names('Vater: Stefan Krause, Mutter: Ayşe Yılmaz')).toEqual(['Stefan Krause', 'Ayşe Yılmaz']);
    expect(names('Der Vater heißt Stefan von der Heide.')).toEqual(['Stefan von der Heide']);
  });

  it('finds names of many origins by list and by shape', () => {
    expect(names('Dragan Kovačević und Olga Petrova halfen.')).toEqual(['Dragan Kovačević', 'Olga Petrova']);
    expect(names('Laut Popescu und Iwanow war alles ruhig.')).toEqual(['Popescu', 'Iwanow']);
  });

  it('leaves pseudonyms, roles, institutions and German words alone', () => {
    for (const text of [
      'Kind E. (6), Mutter M. und Fachkraft ASD A nahmen teil.',
      'Vater Herr K. und Großmutter Frau B. kamen zum Jugendamt Kreis Y.',
      'Der Richter am Familiengericht Stadt X ordnete eine Anhörung an.',
      'Er hat das Kind mit der Faust geschlagen.',
      'Für die Dauer von drei Monaten lebten die Frauen im Frauenhaus.',
      'An Pfingsten und an Silvester kam es zum Streit.',
      'Der Vater fährt einen Mercedes und sah eine Talkshow.',
      'Die Familie Kontakt zum Jugendamt; der Meister und der Tischler.',
      'Nur die Mitteilung der Kita lag vor. Koch und Bauer sind Berufe.',
      'Vater: Unbekannt verzogen.',
    ]) {
      expect(names(text), text).toEqual([]);
    }
  });

  it('counts a name that is also a German word only in name company', () => {
    expect(names('Frau Koch rief an.')).toEqual(['Frau Koch']);
    expect(names('Koch rief an.')).toEqual([]);
  });
});

describe('birth dates', () => {
  it('are dates with a birth cue or in a person context', () => {
    expect(birthDates('Die Mutter, geb. 12.04.1991, erschien nicht.')).toEqual(['12.04.1991']);
    expect(birthDates('Der Vater ist am 7. Juli 1988 in Gelsenkirchen geboren.')).toEqual(['7. Juli 1988']);
    expect(birthDates('Mutter (14.02.1993) und Kind E. (02.11.2017) leben zusammen.')).toEqual(['14.02.1993', '02.11.2017']);
    expect(birthDates('Daten: Kowalski, Maja, 23.01.2017')).toEqual(['23.01.2017']);
  });

  it('but the dates of events are not', () => {
    expect(birthDates('Am 7. Juli 2021 fand ein Hausbesuch statt; Mitteilung vom 14.03.2019 (Akte Bl. 3).')).toEqual([]);
    expect(birthDates('Mutter M. berichtete im Gespräch vom 05.10.2021 über Schulden.')).toEqual([]);
  });
});
