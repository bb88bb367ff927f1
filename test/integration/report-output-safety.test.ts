import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { inflateSync } from 'node:zlib';
import { createRecord, migrateCaseModel, richText, safeLinkTarget } from '@qe/shared';
import { strFromU8, unzipSync } from 'fflate';
import MarkdownIt from 'markdown-it';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { startTestServer, type TestServer, TEST_MODERATOR } from '../helpers/server.js';

/**
 * The security review's findings on the report files (issue 12): board text is text in every
 * format, and only https:/mailto: link targets survive. Each check reads the real file the server
 * sends: a Markdown parser for .md, the DOCX's XML parts, the PDF's link annotations.
 */
let t: TestServer;
let board: string;

const HOSTILE_FACTS = [
  '<script>alert("md")</script> Hausbesuch',
  'Foto <img src=x onerror=alert(1)> und <iframe src="javascript:alert(2)"></iframe>',
  'Erste Zeile\n# Eingeschleuste Überschrift\n- eingeschleuste Liste\n> Zitat\n```\nCode\n1. Punkt\n===',
  'Ein [Link](javascript:alert(3)) und ![Bild](https://x.test/a.png) und www.example.org',
];
const HOSTILE_LINKS = [
  'javascript:alert(4)',
  'JaVaScRiPt:alert(5)',
  'java\tscript:alert(6)',
  'file://server/share/akte.pdf',
  '\\\\server\\share\\akte.pdf',
  'data:text/html,<script>alert(7)</script>',
  'http://unsicher.example.org/',
];
const GOOD_LINKS = ['https://example.org/a)(b "x"', 'mailto:jugendamt@example.org'];

beforeAll(async () => {
  t = await startTestServer();
  board = await t.createBoard('Fall Sicherheit');
  await t.server.registry.writeBoard(board, TEST_MODERATOR, (doc) => {
    migrateCaseModel(doc);
    HOSTILE_FACTS.forEach((fact, index) =>
      createRecord(doc, 'events', {
        date: { text: `${index + 1}.03.2021`, precision: 'day', approximate: false, sortKey: `2021-03-0${index + 1}` },
        laneId: 'lane-1',
        fact,
        knownAtTheTime: 'Wissen\n## auch eine Überschrift?',
      }),
    );
    const rec = createRecord(doc, 'recommendations', { title: 'Empfehlung <b>fett</b> # mit Raute', intendedOutcome: 'Wirkung\n- keine Liste' });
    const fragment = richText(doc, 'recommendations', rec.id, 'rationale')!;
    const paragraph = new Y.XmlElement('paragraph');
    const text = new Y.XmlText();
    paragraph.insert(0, [text]);
    fragment.insert(0, [paragraph]);
    [...HOSTILE_LINKS, ...GOOD_LINKS].forEach((href, index) => text.insert(text.length, `Verweis ${index + 1} `, { link: { href } }));
  });
});
afterAll(async () => t.stop());

const exportFile = async (format: 'md' | 'docx' | 'pdf') => {
  const response = await fetch(`${t.server.url}/api/boards/${board}/export?format=${format}&draft=1`, {
    headers: { authorization: `Bearer ${t.token({ role: 'moderator', board, sub: 'moderator-1' })}` },
  });
  expect(response.status).toBe(200);
  return Buffer.from(await response.arrayBuffer());
};

const allowed = (href: string) => /^(https:\/\/|mailto:)/.test(href);

describe('the shared link rule', () => {
  it('keeps https: and mailto: only, percent-encoded', () => {
    for (const href of HOSTILE_LINKS) expect(safeLinkTarget(href), href).toBeUndefined();
    expect(safeLinkTarget(GOOD_LINKS[0])).toBe('https://example.org/a%29%28b%20%22x%22');
    expect(safeLinkTarget(GOOD_LINKS[1])).toBe('mailto:jugendamt@example.org');
  });
});

describe('Markdown export', () => {
  type Token = ReturnType<InstanceType<typeof MarkdownIt>['parse']>[number];
  const textOf = (inline: Token) =>
    (inline.children ?? [])
      .filter((child) => child.type === 'text' || child.type === 'text_special')
      .map((child) => child.content)
      .join('');
  const flatten = (tokens: Token[]): Token[] => tokens.flatMap((token) => [token, ...flatten(token.children ?? [])]);

  it('is inert: no HTML but our own <br>, only https:/mailto: links, no block from a line break in a field', async () => {
    const markdown = (await exportFile('md')).toString('utf8');
    // the most permissive reading: raw HTML and autolinking on
    const tokens = flatten(new MarkdownIt({ html: true, linkify: true }).parse(markdown, {}));
    const html = tokens.filter((token) => token.type === 'html_inline' || token.type === 'html_block').map((token) => token.content.trim());
    expect(html.filter((tag) => tag !== '<br>')).toEqual([]);
    const hrefs = tokens.filter((token) => token.type === 'link_open').map((token) => token.attrGet('href') ?? '');
    expect(hrefs).toEqual(['https://example.org/a%29%28b%20%22x%22', 'mailto:jugendamt@example.org']);
    expect(tokens.filter((token) => token.type === 'image')).toEqual([]);
    expect(tokens.filter((token) => ['fence', 'code_block'].includes(token.type))).toEqual([]);
    // one quote: the draft mark at the top, none from the fields
    expect(tokens.filter((token) => token.type === 'blockquote_open')).toHaveLength(1);

    const headings = tokens
      .map((token, index) => (token.type === 'heading_open' ? textOf(tokens[index + 1]!) : undefined))
      .filter((heading): heading is string => heading !== undefined);
    expect(headings.some((heading) => heading.includes('Eingeschleuste') || heading.includes('auch eine'))).toBe(false);
    expect(headings).toContain('4.1 Empfehlung <b>fett</b> # mit Raute');

    // the text itself is all there, as text
    const rendered = new MarkdownIt({ html: true, linkify: true }).render(markdown);
    expect(rendered).toContain('&lt;script&gt;alert(&quot;md&quot;)&lt;/script&gt; Hausbesuch');
    expect(rendered).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(rendered).not.toMatch(/<(script|img|iframe)/i);
    expect(rendered).toContain('# Eingeschleuste Überschrift');
    expect(rendered).toContain('Verweis 1');
  });
});

describe('DOCX export', () => {
  it('has hyperlinks to https:/mailto: targets only and the text as text', async () => {
    const files = unzipSync(new Uint8Array(await exportFile('docx')));
    const rels = Object.entries(files)
      .filter(([name]) => name.endsWith('.rels'))
      .map(([, bytes]) => strFromU8(bytes))
      .join('\n');
    const external = [...rels.matchAll(/Target="([^"]*)"\s+TargetMode="External"|TargetMode="External"\s+Target="([^"]*)"/g)].map((m) => m[1] ?? m[2]!);
    expect(external.length).toBe(2);
    expect(
      external.every((target) => allowed(target.replace(/&amp;/g, '&'))),
      external.join(', '),
    ).toBe(true);
    expect(rels).not.toMatch(/javascript:|file:|\\\\server/i);
    const xml = strFromU8(files['word/document.xml']!);
    // no hyperlink field either (HYPERLINK "…" in an instrText)
    expect(xml).not.toMatch(/HYPERLINK/);
    expect(xml).toContain('&lt;script&gt;alert(&quot;md&quot;)&lt;/script&gt; Hausbesuch');
  });
});

describe('PDF export', () => {
  /** The link annotations' targets, from the uncompressed objects and the compressed streams. */
  function uriTargets(pdf: Buffer): string[] {
    const parts = [pdf.toString('latin1')];
    for (const match of pdf.toString('latin1').matchAll(/stream\r?\n/g)) {
      const start = match.index! + match[0].length;
      const end = pdf.indexOf('endstream', start);
      try {
        parts.push(inflateSync(pdf.subarray(start, end)).toString('latin1'));
      } catch {
        // not a deflated stream (fonts are, images may not be)
      }
    }
    return parts.flatMap((part) => [...part.matchAll(/\/URI\s*\(((?:\\.|[^\\)])*)\)/g)].map((m) => m[1]!.replace(/\\(.)/g, '$1')));
  }

  it('has link annotations to https:/mailto: targets only', async () => {
    const pdf = await exportFile('pdf');
    const targets = uriTargets(pdf);
    expect(targets.length).toBeGreaterThanOrEqual(2);
    expect(targets.every(allowed), targets.join(', ')).toBe(true);
    expect(pdf.toString('latin1')).not.toMatch(/javascript:|file:\/\//i);
    // tagged: each link annotation sits in a Link structure element
    const dir = mkdtempSync(path.join(tmpdir(), 'qe-links-'));
    writeFileSync(path.join(dir, 'bericht.pdf'), pdf);
    const tree = execFileSync('pdfinfo', ['-struct', path.join(dir, 'bericht.pdf')]).toString('utf8');
    expect(tree.match(/^\s*Link\b/gm)).toHaveLength(2);
  });
});
