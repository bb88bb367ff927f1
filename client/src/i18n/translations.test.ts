import { describe, expect, it } from 'vitest';
import de from './de.json';
import en from './en.json';

type Tree = { [key: string]: string | Tree };
const keys = (tree: Tree, prefix = ''): string[] =>
  Object.entries(tree).flatMap(([key, value]) => (typeof value === 'string' ? [prefix + key] : keys(value, `${prefix}${key}.`)));
const values = (tree: Tree): string[] => Object.values(tree).flatMap((value) => (typeof value === 'string' ? [value] : values(value)));

describe('translations', () => {
  it('has every German text in English too, and nothing more', () => {
    expect(keys(en as Tree).sort()).toEqual(keys(de as Tree).sort());
  });

  it('leaves no English UI words in the German texts', () => {
    // labels that slipped through before ("Board" itself is the product's German term)
    const english = /^(Boards|Page \d+|Bring|Follow|Holen)$/;
    expect(values(de as Tree).filter((text) => english.test(text))).toEqual([]);
    // "Protokoll" alone reads as meeting minutes; it is the access log
    expect(values(de as Tree).filter((text) => /^Protokoll\b/.test(text))).toEqual([]);
  });
});
