import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../..');
const lock = JSON.parse(readFileSync(path.join(root, 'package-lock.json'), 'utf8')) as {
  packages: Record<string, { version?: string }>;
};

function installed(name: string): string[] {
  return Object.entries(lock.packages)
    .filter(([location]) => location === `node_modules/${name}` || location.endsWith(`/node_modules/${name}`))
    .map(([, entry]) => entry.version ?? '?');
}

describe('dependency tree', () => {
  it('has exactly one yjs', () => {
    expect(installed('yjs')).toHaveLength(1);
  });

  it('has every @tiptap package at one exact version', () => {
    const versions = new Set(
      Object.entries(lock.packages)
        .filter(([location]) => /node_modules\/@tiptap\/(core|pm|react|starter-kit|extension-[\w-]+|extensions)$/.test(location))
        .map(([, entry]) => entry.version),
    );
    expect([...versions]).toHaveLength(1);
  });
});

describe('translations', () => {
  const load = (language: string) => JSON.parse(readFileSync(path.join(root, `client/src/i18n/${language}.json`), 'utf8')) as Record<string, unknown>;
  const keys = (tree: Record<string, unknown>, prefix = ''): string[] =>
    Object.entries(tree).flatMap(([key, value]) =>
      typeof value === 'object' && value !== null ? keys(value as Record<string, unknown>, `${prefix}${key}.`) : [`${prefix}${key}`],
    );

  it('has the same keys in German and English', () => {
    expect(keys(load('en')).sort()).toEqual(keys(load('de')).sort());
    // texts that a lazily loaded part brings along
    for (const part of ['pseudonyms', 'schutzliste']) expect(keys(load(`${part}.en`)).sort()).toEqual(keys(load(`${part}.de`)).sort());
  });
});
