import type * as Y from 'yjs';
import { z } from 'zod';
import { FACTOR_LEVELS, SWOT_FIELDS, type RecordInput, type RecordKind } from '../records/schemas.js';
import type { TemplateDefinition } from '../templates/schema.js';
import { SESSION_STATE } from './agenda.js';

/**
 * Private writing (verdeckte Phase): for one template frame the moderator starts a phase in which
 * new cards are written to the server, not to the board's doc, so no other client ever holds
 * their text. The moderator reveals them: the server writes them all into the doc at once.
 * The phase itself is public: it lives in the session state (moderators only, see docLayout).
 */
export interface PrivatePhase {
  /** template id of the frame */
  frame: string;
  /** the server writes the cards on the authors' behalf and stores nothing that ties a card to a person */
  anonymous: boolean;
  /** user id of the moderator who started it */
  startedBy: string;
  startedAt: string;
}

const PHASE_KEY = 'privatePhase';

export function privatePhase(doc: Y.Doc): PrivatePhase | undefined {
  return doc.getMap<unknown>(SESSION_STATE).get(PHASE_KEY) as PrivatePhase | undefined;
}

export function startPrivatePhase(doc: Y.Doc, phase: PrivatePhase): void {
  doc.getMap<unknown>(SESSION_STATE).set(PHASE_KEY, phase);
}

export function endPrivatePhase(doc: Y.Doc): void {
  doc.getMap<unknown>(SESSION_STATE).delete(PHASE_KEY);
}

/** What one writes in the phase: the text, for a reflection frame the level of the factor, for a SWOT frame its field. */
export const privateCardInput = z.object({
  text: z.string().trim().min(1, 'Text fehlt').max(3000),
  level: z.enum(FACTOR_LEVELS).optional(),
  field: z.enum(SWOT_FIELDS).optional(),
});
export type PrivateCardInput = z.infer<typeof privateCardInput>;

/** The record kinds a private card can become, by frame layout; a layout not listed has no private phase. */
const PRIVATE_KINDS: Partial<Record<TemplateDefinition['layout']['kind'], RecordKind>> = {
  reflection: 'factors',
  recommendations: 'recommendations',
  fourField: 'swotItems',
};

export function supportsPrivatePhase(template: Pick<TemplateDefinition, 'layout'>): boolean {
  return PRIVATE_KINDS[template.layout.kind] !== undefined;
}

/** The record kind a private phase in a frame of `template` is written for (its cards become these records), if any. */
export function privateKindOf(template: Pick<TemplateDefinition, 'layout'>): RecordKind | undefined {
  return PRIVATE_KINDS[template.layout.kind];
}

/** The record a private card becomes when revealed in a frame of `template`. */
export function privateCardRecord(
  template: Pick<TemplateDefinition, 'layout'>,
  card: PrivateCardInput,
):
  | { kind: 'factors'; input: Omit<RecordInput<'factors'>, 'id'> }
  | { kind: 'recommendations'; input: Omit<RecordInput<'recommendations'>, 'id'> }
  | { kind: 'swotItems'; input: Omit<RecordInput<'swotItems'>, 'id'> }
  | undefined {
  switch (PRIVATE_KINDS[template.layout.kind]) {
    case 'factors':
      return { kind: 'factors', input: { level: card.level ?? FACTOR_LEVELS[0], text: card.text } };
    case 'recommendations':
      return { kind: 'recommendations', input: { title: card.text.slice(0, 300) } };
    case 'swotItems':
      return { kind: 'swotItems', input: { field: card.field ?? SWOT_FIELDS[0], text: card.text } };
    default:
      return undefined;
  }
}
