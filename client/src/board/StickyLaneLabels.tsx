import { useValue, type Editor } from 'tldraw';

const LANE_SHAPE = /^shape:qe:[a-z0-9-]+:frame:lane:/;

/**
 * The names of the chronology's lanes at the left edge of the canvas while their own labels are
 * scrolled out of view to the left, so every card's lane stays readable when panning along the
 * time axis. Decoration only: the lanes are on the canvas as labelled shapes.
 */
export function StickyLaneLabels({ editor }: { editor: Editor }) {
  const lanes = useValue(
    'sticky lane labels',
    () => {
      const viewport = editor.getViewportScreenBounds();
      const shown: { id: string; name: string; top: number; height: number }[] = [];
      for (const shape of editor.getCurrentPageShapes()) {
        if (!LANE_SHAPE.test(shape.id)) continue;
        const bounds = editor.getShapePageBounds(shape);
        if (!bounds) continue;
        const topLeft = editor.pageToViewport({ x: bounds.minX, y: bounds.minY });
        const bottomRight = editor.pageToViewport({ x: bounds.maxX, y: bounds.maxY });
        // still visible itself, or the lane is above or below the view: nothing to show
        if (bottomRight.x > 8 || bottomRight.y < 0 || topLeft.y > viewport.height) continue;
        const top = Math.max(0, topLeft.y);
        const height = Math.min(viewport.height, bottomRight.y) - top;
        if (height < 24) continue;
        shown.push({ id: shape.id, name: String((shape.props as { label?: string }).label ?? ''), top, height });
      }
      return shown;
    },
    [editor],
  );
  if (lanes.length === 0) return null;
  return (
    <div className="sticky-lanes" aria-hidden="true">
      {lanes.map((lane) => (
        <div key={lane.id} className="sticky-lane" style={{ top: lane.top, height: lane.height }}>
          {lane.name}
        </div>
      ))}
    </div>
  );
}
