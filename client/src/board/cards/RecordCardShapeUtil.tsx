import { BaseBoxShapeUtil, HTMLContainer } from 'tldraw';
import { CARD_TYPE, cardShapeMigrations, cardShapeProps, type RecordCardShape } from './cardShape';
import { CardSvg } from './cardSvg';
import { RecordCard } from './RecordCard';

/**
 * A card on the canvas that shows a case-work record (or a lane/column label). The shape keeps
 * only layout and the record's id; the content is read from the record, so table, canvas and
 * report always agree.
 */
export type { RecordCardShape };

export class RecordCardShapeUtil extends BaseBoxShapeUtil<RecordCardShape> {
  static override type = CARD_TYPE;
  static override props = cardShapeProps;
  static override migrations = cardShapeMigrations;

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

  override toSvg(shape: RecordCardShape) {
    return <CardSvg editor={this.editor} shape={shape} />;
  }

  override getIndicatorPath(shape: RecordCardShape): Path2D {
    const path = new Path2D();
    path.roundRect(0, 0, shape.props.w, shape.props.h, 6);
    return path;
  }
}
