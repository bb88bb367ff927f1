import { DefaultStylePanel, useEditor, useValue, type TLComponents, type TLUiStylePanelProps } from 'tldraw';
import { CARD_TYPE } from './cards/cardShape';

/** tools that draw with styles; with any other tool the style panel has nothing to offer */
const DRAWING_TOOLS = new Set(['draw', 'geo', 'arrow', 'line', 'text', 'note', 'highlight', 'frame']);

/**
 * tldraw's style panel only while drawing or with a drawn shape selected: the record cards have
 * no styles, and a permanent panel covered the top right of the canvas.
 */
function StylePanelWhenDrawing(props: TLUiStylePanelProps) {
  const editor = useEditor();
  const drawing = useValue(
    'drawing shape or tool',
    () => {
      const selected = editor.getSelectedShapes();
      if (selected.length > 0) return selected.some((shape) => shape.type !== CARD_TYPE);
      return DRAWING_TOOLS.has(editor.getCurrentToolId());
    },
    [editor],
  );
  return drawing ? <DefaultStylePanel {...props} /> : null;
}

/**
 * The board has one page, so tldraw's page menu (showing an English "Page 1") goes; the
 * template menu takes its place beside the main menu.
 */
export const canvasComponents: TLComponents = {
  StylePanel: StylePanelWhenDrawing,
  PageMenu: null,
  // who is here is shown in the top bar, with roles and places; tldraw's own list would repeat it
  SharePanel: null,
};
