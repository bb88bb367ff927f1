import { BaseBoxShapeUtil, HTMLContainer, T, type RecordProps, type TLShape } from 'tldraw';
import { RecordCard } from './RecordCard';

const CARD_TYPE = 'qe-card';

declare module 'tldraw' {
  export interface TLGlobalShapePropsMap {
    [CARD_TYPE]: { w: number; h: number; kind: string; recordId: string; view: string; label: string };
  }
}

/**
 * A card on the canvas that shows a case-work record (or a lane/column label). The shape keeps
 * only layout and the record's id; the content is read from the record, so table, canvas and
 * report always agree.
 */
export type RecordCardShape = TLShape<typeof CARD_TYPE>;

export class RecordCardShapeUtil extends BaseBoxShapeUtil<RecordCardShape> {
  static override type = CARD_TYPE;
  static override props: RecordProps<RecordCardShape> = {
    w: T.number,
    h: T.number,
    kind: T.string,
    recordId: T.string,
    view: T.string,
    label: T.string,
  };

  override getDefaultProps(): RecordCardShape['props'] {
    return { w: 220, h: 160, kind: 'label', recordId: '', view: '', label: '' };
  }

  override canEdit(shape: RecordCardShape): boolean {
    return shape.props.kind !== 'label';
  }

  override canResize(): boolean {
    return false;
  }

  override component(shape: RecordCardShape) {
    return (
      <HTMLContainer className="qe-card-container">
        <RecordCard shape={shape} />
      </HTMLContainer>
    );
  }

  override getIndicatorPath(shape: RecordCardShape): Path2D {
    const path = new Path2D();
    path.roundRect(0, 0, shape.props.w, shape.props.h, 6);
    return path;
  }
}
