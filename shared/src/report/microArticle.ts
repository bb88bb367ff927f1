import type * as Y from 'yjs';
import { getRecord, listRecords, richText } from '../records/caseModel.js';
import { caseNumbering, orderById } from '../records/numbering.js';
import type { MicroArticle } from '../records/schemas.js';
import { richTextBlocks } from './richText.js';
import type { Block, ReportModel, TextSource } from './types.js';

/** The sections of a Mikroartikel, in their order (the rich-text fields of caseModel RICH_TEXT_FIELDS). */
export const MICRO_ARTICLE_SECTIONS = [
  ['story', 'Die Geschichte / Erfahrung'],
  ['insights', 'Erkenntnisse'],
  ['practice', 'Was folgt daraus für die Praxis?'],
  ['openQuestions', 'Offene Fragen'],
] as const;

interface ArticleBoard {
  name: string;
  doc: Y.Doc;
}

/** One article as report blocks: title, what it refers to, its four sections (empty ones left out). */
export function microArticleBlocks(board: ArticleBoard, article: MicroArticle, titleLevel: 1 | 2, label: string): Block[] {
  const numbering = caseNumbering(board.doc);
  const source = (field: string, name: string): TextSource => ({
    board: board.name,
    kind: 'microArticles',
    id: article.id,
    field,
    label: `${label} – ${name}`,
  });
  const blocks: Block[] = [{ type: 'heading', level: titleLevel, text: article.title }];
  const refers: string[] = [];
  const situation = article.keySituationId ? numbering.situationNumber.get(article.keySituationId) : undefined;
  if (situation) refers.push(`Schlüsselsituation ${situation}`);
  const finding = article.findingId ? numbering.findingNumber.get(article.findingId) : undefined;
  if (finding) refers.push(`Befund ${finding}`);
  if (refers.length > 0) blocks.push({ type: 'paragraph', inlines: [{ text: `Bezug: ${refers.join(', ')}`, italic: true }] });
  for (const [field, heading] of MICRO_ARTICLE_SECTIONS) {
    const content = richTextBlocks(richText(board.doc, 'microArticles', article.id, field), source(field, heading));
    if (content.length === 0) continue;
    blocks.push({ type: 'heading', level: 3, text: heading }, ...content);
  }
  return blocks;
}

/** The report's annex of Mikroartikel (empty when no board has one). */
export function microArticleAnnex(boards: readonly ArticleBoard[], heading: string): Block[] {
  const withArticles = boards
    .map((board) => ({ board, articles: orderById(listRecords(board.doc, 'microArticles').records) }))
    .filter((b) => b.articles.length > 0);
  if (withArticles.length === 0) return [];
  const blocks: Block[] = [{ type: 'heading', level: 1, text: heading, newPage: true }];
  let number = 0;
  for (const { board, articles } of withArticles) {
    for (const article of articles) blocks.push(...microArticleBlocks(board, article, 2, `Mikroartikel ${++number}`));
  }
  return blocks;
}

/** One Mikroartikel on its own, as a report model: the same pre-flight and renderers as the report. */
export function buildMicroArticleReport(board: ArticleBoard, articleId: string, cover: Omit<ReportModel['cover'], 'title'>): ReportModel | undefined {
  const article = getRecord(board.doc, 'microArticles', articleId);
  if (!article) return undefined;
  return { cover: { ...cover, title: `Mikroartikel: ${article.title}` }, blocks: microArticleBlocks(board, article, 1, 'Mikroartikel') };
}
