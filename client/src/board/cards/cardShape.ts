import { RECORD_KINDS } from '@qe/shared';
import { createShapePropsMigrationIds, createShapePropsMigrationSequence, T, type RecordProps, type TLShape } from 'tldraw';

export const CARD_TYPE = 'qe-card';

/** What a card shows: a record of one of the kinds, or a lane/column label. */
export const CARD_KINDS = ['label', ...RECORD_KINDS] as const;
export type CardKind = (typeof CARD_KINDS)[number];
/** How a record is shown: its own card, or a key situation as its success factors, its success story, or its success factors of one level (the label). */
export const CARD_VIEWS = ['', 'success', 'story', 'successLevel'] as const;
export type CardView = (typeof CARD_VIEWS)[number];

declare module 'tldraw' {
  export interface TLGlobalShapePropsMap {
    [CARD_TYPE]: { w: number; h: number; kind: CardKind; recordId: string; view: CardView; label: string };
  }
}

export type RecordCardShape = TLShape<typeof CARD_TYPE>;

export const cardShapeProps: RecordProps<RecordCardShape> = {
  w: T.number,
  h: T.number,
  kind: T.literalEnum(...CARD_KINDS),
  recordId: T.string,
  view: T.literalEnum(...CARD_VIEWS),
  label: T.string,
};

const versions = createShapePropsMigrationIds(CARD_TYPE, {
  /** kind and view were free strings: anything unknown becomes a label / the plain view */
  KnownKindAndView: 1,
});

/**
 * Versioned migrations of the card's props, so boards written by older versions load (and remote
 * records written by them are brought up to date) instead of failing validation.
 */
export const cardShapeMigrations = createShapePropsMigrationSequence({
  sequence: [
    {
      id: versions.KnownKindAndView,
      up: (props: { kind: string; view: string }) => {
        if (!(CARD_KINDS as readonly string[]).includes(props.kind)) props.kind = 'label';
        if (!(CARD_VIEWS as readonly string[]).includes(props.view)) props.view = '';
      },
      down: () => {},
    },
  ],
});
