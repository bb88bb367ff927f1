/**
 * Names of the shared types in a board's Y.Doc. One Y.Doc per board holds everything;
 * changing a name here orphans existing content, so names are permanent.
 */
export const DOC_LAYOUT = {
  /** tldraw records as a key-value list (Y.Array of {key, val}) — avoids Y.Map history growth */
  canvasRecords: 'canvas.records',
  /** canvas metadata, e.g. the tldraw schema the records were written with */
  canvasMeta: 'canvas.meta',
  /** the board's shared notes document (tiptap) */
  notes: 'doc.notes',
} as const;
