import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { listRecords } from '../records/caseModel.js';
import { decodeCsvBytes, parseCsv } from '../records/csvImport.js';
import { FACTOR_LEVELS } from '../records/schemas.js';
import { EXAMPLE_CASE, ExampleCaseError, fillExampleCase, parseExampleReflection, type ExampleCaseFiles } from './exampleCase.js';

const read = (file: string) => new Uint8Array(readFileSync(path.resolve(import.meta.dirname, '../..', EXAMPLE_CASE.folder, file)));
const files: ExampleCaseFiles = {
  chronology: read(EXAMPLE_CASE.files.chronology),
  persons: read(EXAMPLE_CASE.files.persons),
  reflection: read(EXAMPLE_CASE.files.reflection),
};
const rows = (bytes: Uint8Array) => parseCsv(decodeCsvBytes(bytes).text).rows.length;
const reflection = parseExampleReflection(files.reflection);

describe('the example case', () => {
  it('is a case of 25–40 events over 2–3 years with 6–10 persons', () => {
    expect(rows(files.chronology)).toBeGreaterThanOrEqual(25);
    expect(rows(files.chronology)).toBeLessThanOrEqual(40);
    expect(rows(files.persons)).toBeGreaterThanOrEqual(6);
    expect(rows(files.persons)).toBeLessThanOrEqual(10);
  });

  it('fills a board with linked records', () => {
    const doc = new Y.Doc();
    const counts = fillExampleCase(doc, files);
    expect(counts).toEqual({
      events: rows(files.chronology),
      persons: rows(files.persons),
      keySituations: reflection.schluesselsituationen.length,
      factors: reflection.schluesselsituationen.flatMap((situation) => situation.einflussfaktoren).length,
      findings: reflection.empfehlungen.length,
      recommendations: reflection.empfehlungen.length,
    });
    for (const kind of ['events', 'persons', 'keySituations', 'factors', 'findings', 'recommendations', 'themes'] as const) {
      expect(listRecords(doc, kind).invalid, kind).toEqual([]);
    }
    const ids = (kind: 'events' | 'persons' | 'themes' | 'keySituations' | 'findings') => new Set(listRecords(doc, kind).records.map((record) => record.id));
    const [events, persons, themes, situations, findings] = [ids('events'), ids('persons'), ids('themes'), ids('keySituations'), ids('findings')];

    expect(listRecords(doc, 'events').records.filter((event) => event.personIds.length > 0).length).toBeGreaterThan(events.size / 2);
    for (const event of listRecords(doc, 'events').records) for (const id of event.personIds) expect(persons.has(id)).toBe(true);
    for (const situation of listRecords(doc, 'keySituations').records) {
      expect(situation.eventIds.length, situation.title).toBeGreaterThan(0);
      for (const id of situation.eventIds) expect(events.has(id)).toBe(true);
      expect(situation.whyItMadeSense, situation.title).not.toBe('');
    }
    const factors = listRecords(doc, 'factors').records;
    expect(new Set(factors.map((factor) => factor.level))).toEqual(new Set(FACTOR_LEVELS.filter((level) => level !== 'Rahmenbedingungen')));
    for (const factor of factors) {
      expect(factor.keySituationIds.every((id) => situations.has(id))).toBe(true);
      expect(factor.themeIds.length, factor.text).toBeGreaterThan(0);
      expect(factor.themeIds.every((id) => themes.has(id))).toBe(true);
    }
    for (const recommendation of listRecords(doc, 'recommendations').records) {
      expect(recommendation.evidence.eventIds.length, recommendation.title).toBeGreaterThan(0);
      expect(recommendation.findingIds.every((id) => findings.has(id))).toBe(true);
      expect(recommendation.intendedOutcome).not.toBe('');
    }
    // the topics the reflection names are there once each, next to the default ones
    const names = listRecords(doc, 'themes').records.map((theme) => theme.name);
    expect(names).toEqual(expect.arrayContaining(reflection.themen));
    expect(new Set(names).size).toBe(names.length);
  });

  it('refuses to fill a board twice, writing nothing', () => {
    const doc = new Y.Doc();
    fillExampleCase(doc, files);
    const before = Y.encodeStateVector(doc);
    expect(() => fillExampleCase(doc, files)).toThrow(ExampleCaseError);
    expect(Y.encodeStateVector(doc)).toEqual(before);
  });

  it('names a reflection that refers to a date the chronology does not have, writing nothing', () => {
    const broken = structuredClone(reflection);
    broken.empfehlungen[0]!.belege.push('31.12.1999');
    const doc = new Y.Doc();
    const reflectionBytes = new TextEncoder().encode(JSON.stringify(broken));
    expect(() => fillExampleCase(doc, { ...files, reflection: reflectionBytes })).toThrow(/„31\.12\.1999“, die Chronologie hat kein Ereignis/);
    expect(Y.encodeStateVector(doc)).toEqual(Y.encodeStateVector(new Y.Doc()));
    expect(() => parseExampleReflection(new TextEncoder().encode('{"themen": []}'))).toThrow(ExampleCaseError);
  });
});
