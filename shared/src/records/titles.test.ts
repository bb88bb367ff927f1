import { describe, expect, it } from 'vitest';
import { parseFuzzyDate } from './fuzzyDate.js';
import { keySituationTitle, shortTitle } from './titles.js';

describe('shortTitle', () => {
  it('ends at the end of the first sentence, not at an abbreviation', () => {
    expect(shortTitle('Mutter Frau S. und Herr T. werden ein Paar. Herr T. übernachtet bald mehrmals.')).toBe('Mutter Frau S. und Herr T. werden ein Paar.');
    expect(shortTitle('Hausbesuch mit J. und der Mutter. Danach Fallberatung.')).toBe('Hausbesuch mit J. und der Mutter.');
    expect(shortTitle('Gespräch z. B. über Nr. 3 vom 14.03. mit Fr. K. Ende. Weiter.')).toBe('Gespräch z. B. über Nr. 3 vom 14.03. mit Fr. K. Ende.');
    expect(shortTitle('Wer hat angerufen? Die Nachbarin.')).toBe('Wer hat angerufen?');
  });

  it('cuts a long sentence at a word limit with an ellipsis', () => {
    const long = 'Die Kita im Kreis X teilt dem Jugendamt Kreis X schriftlich mit: Kind J., damals fünf Jahre alt, wirkt seit Wochen ängstlich.';
    expect(shortTitle(long)).toBe('Die Kita im Kreis X teilt dem Jugendamt Kreis X schriftlich mit…');
    expect(shortTitle(long, 6)).toBe('Die Kita im Kreis X teilt…');
  });

  it('names a key situation after its event with the shown date', () => {
    const event = {
      id: 'e',
      date: parseFuzzyDate('11.2.21'),
      laneId: 'l',
      fact: 'Mitteilung der Kita an das JA. Mutter Frau S. informiert.',
      knownAtTheTime: '',
      assessment: '',
      source: '',
      isKeySituation: true,
      personIds: [],
    };
    expect(keySituationTitle(event)).toBe('11.02.2021: Mitteilung der Kita an das JA.');
  });
});
