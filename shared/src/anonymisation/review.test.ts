import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { DOC_LAYOUT } from '../docLayout.js';
import type { ReportModel } from '../report/types.js';
import { canvasTexts } from './canvasTexts.js';
import { linkTargetText, preflight, scanText } from './preflight.js';
import { schutzlisteProblems, termProblem, termsMatcher } from './schutzliste.js';

/** The three findings of the security review, each pinned by a test. */

const report = (blocks: ReportModel['blocks']): ReportModel => ({
  cover: { title: '', office: 'Jugendamt Kreis Y', procedure: 'QE 2026', date: '', version: '', status: 'Entwurf' },
  blocks,
});
const source = { board: 'Fall A', kind: 'recommendations', id: 'rec-1', field: 'rationale', label: 'Empfehlung 1 – Begründung' };

describe('link targets and alt texts are scanned', () => {
  it('finds a name and a birth date in a mailto: link whose text is harmless', () => {
    const href = 'mailto:dennis.wagner@example.org?subject=Dennis%20Wagner%2C%20geb.%2007.07.1988';
    const { hits } = preflight(report([{ type: 'paragraph', inlines: [{ text: 'Rückfragen ' }, { text: 'per Mail', link: href }], source }]), {
      protectedTerms: [],
      aliases: [],
    });
    expect(hits.map((hit) => [hit.kind, hit.text])).toEqual(
      expect.arrayContaining([
        ['email', 'Dennis.Wagner@Example.Org'],
        ['geburtsdatum', '07.07.1988'],
      ]),
    );
    expect(hits.every((hit) => 'field' in hit.location && hit.location.field === 'rationale#link')).toBe(true);
    expect(hits[0]!.location).toMatchObject({ label: 'Empfehlung 1 – Begründung (Linkziel)' });
  });

  it('finds a Schutzliste term in a link target of a list item', () => {
    const { hits } = preflight(
      report([{ type: 'list', ordered: false, items: [{ inlines: [{ text: 'Profil', link: 'https://social.example/schulze-brandt' }], source }] }]),
      { protectedTerms: ['Schulze-Brandt'], aliases: [] },
    );
    expect(hits).toMatchObject([{ kind: 'schutzliste', text: 'Schulze-Brandt' }]);
  });

  it('decodes percent-encoding and survives a malformed one', () => {
    expect(linkTargetText('mailto:x@y.de?body=Ay%C5%9Fe')).toBe('Mailto:X@Y.De?Body=Ayşe');
    expect(linkTargetText('https://a.example/%E0%A4%A')).toBe('Https://A.Example/%E0%A4%A');
  });

  it('scans alt texts, link marks and link targets of canvas shapes', () => {
    const doc = new Y.Doc();
    const shape = (id: string, type: string, props: Record<string, unknown>) => ({ key: id, val: { typeName: 'shape', id, type, props } });
    doc.getArray(DOC_LAYOUT.canvasRecords).push([
      shape('shape:1', 'image', { altText: 'Foto: Frau Ayşe Yılmaz vor der Kita' }),
      shape('shape:2', 'bookmark', { url: 'https://example.org/profil/kowalczyk' }),
      shape('shape:3', 'text', {
        richText: {
          type: 'doc',
          content: [
            {
              type: 'paragraph',
              content: [{ type: 'text', text: 'Protokoll', marks: [{ type: 'link', attrs: { href: 'mailto:info@kanzlei-beispiel.de' } }] }],
            },
          ],
        },
      }),
    ]);
    const texts = canvasTexts(doc);
    const found = texts.flatMap(({ text }) =>
      scanText(text, { protectedTerms: ['Kowalczyk'], aliases: [] }).map((span) => [span.kind, text.slice(span.start, span.end)]),
    );
    expect(found).toEqual(
      expect.arrayContaining([
        ['schutzliste', 'Kowalczyk'],
        ['email', 'Info@Kanzlei-Beispiel.De'],
      ]),
    );
    expect(found.some(([kind]) => kind === 'name')).toBe(true);
  });
});

describe('a Schutzliste term is always a hit', () => {
  it('even when an alias equals it or contains it', () => {
    const text = (alias: string) => scanText('Gespräch mit Frau Kowalski und Kind L.', { protectedTerms: ['Kowalski'], aliases: [alias] });
    for (const alias of ['Kowalski', 'Frau Kowalski', 'Gespräch mit Frau Kowalski und Kind L.']) {
      expect(text(alias).map((span) => span.kind)).toEqual(['schutzliste']);
    }
  });

  it('while an alias still hides what the patterns would report', () => {
    expect(scanText('Kind Lena E. spielte', { protectedTerms: [], aliases: ['Kind Lena E.'] })).toEqual([]);
  });
});

describe('Schutzliste terms are checked when the list is saved', () => {
  it('accepts names with hyphens, accents, brackets and regex syntax characters', () => {
    const terms = ['Schulze-Brandt', 'Kovačević', 'St. Marien (Süd)', 'a+b', 'Öz', 'O’Neill'];
    expect(schutzlisteProblems(terms)).toEqual([]);
    const matcher = termsMatcher(terms)!;
    expect('Familie Schulze-Brandt und Herr Kovacevic'.match(matcher)).toEqual(['Schulze-Brandt', 'Kovacevic']);
  });

  it('names every unusable term with its problem', () => {
    expect(termProblem('--')).toBe('too_few_letters');
    expect(termProblem(' Ö. ')).toBe('too_few_letters');
    expect(termProblem('Mül\u0000ler')).toBe('control_characters');
    expect(termProblem('Mül\u200bler')).toBe('control_characters');
    expect(termProblem('Ab\ud800')).toBe('control_characters');
    expect(termProblem('x'.repeat(201))).toBe('too_long');
    expect(schutzlisteProblems(['Müller', '--', 'Yılmaz', '..'])).toEqual([
      { index: 1, term: '--', problem: 'too_few_letters' },
      { index: 3, term: '..', problem: 'too_few_letters' },
    ]);
  });

  it('leaves an unusable stored term out instead of failing the pre-flight', () => {
    expect(termsMatcher(['--', '.'])).toBeUndefined();
    expect(scanText('Herr Bergmann kam -- spät.', { protectedTerms: ['--', 'Bergmann'], aliases: [] }).map((span) => span.kind)).toEqual(['schutzliste']);
  });
});
