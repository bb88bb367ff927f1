import { FRAME_KINDS, locksMap, parseTemplate, privateKindOf, privatePhase, type RuleContext, type TemplateDefinition } from '@qe/shared';
import chronology from './fallchronologie.json' with { type: 'json' };
import recommendations from './empfehlungen.json' with { type: 'json' };
import reflection from './wie-konnte-es-dazu-kommen.json' with { type: 'json' };
import swot from './swot.json' with { type: 'json' };
import success from './lernen-vom-erfolg.json' with { type: 'json' };
import articles from './mikroartikel.json' with { type: 'json' };
import cafe from './world-cafe.json' with { type: 'json' };
import house from './jugendamt-als-haus.json' with { type: 'json' };

/** The three templates of a Fallwerkstatt: chronology, reflection, recommendations (the example board has them). */
export const CASE_TEMPLATES: readonly TemplateDefinition[] = [
  parseTemplate(chronology, 'fallchronologie.json'),
  parseTemplate(reflection, 'wie-konnte-es-dazu-kommen.json'),
  parseTemplate(recommendations, 'empfehlungen.json'),
];

/** The shipped workshop templates of a case board, validated when loaded: the case templates, then the methods. Add one by adding its JSON here. */
export const TEMPLATES: readonly TemplateDefinition[] = [
  ...CASE_TEMPLATES,
  parseTemplate(swot, 'swot.json'),
  parseTemplate(success, 'lernen-vom-erfolg.json'),
  parseTemplate(articles, 'mikroartikel.json'),
  parseTemplate(cafe, 'world-cafe.json'),
];

/** The structural-analysis template "Das Jugendamt als Haus": a procedure's structure board starts with it. */
export const STRUCTURE_TEMPLATE: TemplateDefinition = parseTemplate(house, 'jugendamt-als-haus.json');

export function templateById(id: string): TemplateDefinition | undefined {
  return [...TEMPLATES, STRUCTURE_TEMPLATE].find((template) => template.id === id);
}

/** The record kinds a template's frame shows: locking the frame locks them (shared rules/boardRules). */
export function frameKindsOf(templateId: string): readonly string[] | undefined {
  const template = templateById(templateId);
  return template ? FRAME_KINDS[template.layout.kind] : undefined;
}

/** The record kind written privately while a private phase runs in the doc (session/privatePhase), else undefined. */
export function privateKindNow(doc: Parameters<typeof privatePhase>[0]): string | undefined {
  const phase = privatePhase(doc);
  const template = phase && templateById(phase.frame);
  return template ? privateKindOf(template) : undefined;
}

/**
 * The board rules' view of a doc (its locks, the kinds of each template frame, the kind a running
 * private phase writes privately): one for server, canvas and panels alike.
 */
export function boardRuleContext(doc: Parameters<typeof locksMap>[0]): RuleContext {
  return { locks: locksMap(doc), frameKinds: frameKindsOf, privateKind: privateKindNow(doc) };
}
