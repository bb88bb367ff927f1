import type { Plugin } from 'vite';

/** tldraw's mount code, which loads every face of every font whether the board shows it or not. */
const TLDRAW_MODULE = /[\\/]node_modules[\\/]tldraw[\\/]dist-esm[\\/]lib[\\/]Tldraw\.mjs$/;
const PRELOADS = ['editor.fonts.requestFonts(allDefaultFontFaces);', 'editor.fonts.requestFonts(font.faces);'];

/**
 * Lets the canvas load only the font faces its shapes use. On mount, tldraw asks for all 16 faces
 * of its four fonts (1.3 MB) although each shape asks for the faces it needs itself when it is
 * drawn (draw font, bold, italic, mono for code, sans for a note's author), and the editor waits
 * for those of the current page before the first paint. This drops the two blanket requests from
 * tldraw's Tldraw.mjs at build time; the build fails if a tldraw update changes that code, so
 * this is looked at again instead of silently loading everything (or nothing).
 * (The dev server's prebundled tldraw is untouched: it still loads every face.)
 */
export function fontsOnDemand(): Plugin {
  let patched = false;
  return {
    name: 'qe-tldraw-fonts-on-demand',
    apply: 'build',
    transform(code, id) {
      if (!TLDRAW_MODULE.test(id)) return null;
      let result = code;
      for (const statement of PRELOADS) {
        const count = result.split(statement).length - 1;
        if (count !== 1) this.error(`fontsOnDemand: expected "${statement}" once in ${id}, found it ${count} times; check tldraw's font loading`);
        result = result.replace(statement, '/* fonts load on demand: client/build/fontsOnDemand.ts */');
      }
      patched = true;
      return { code: result, map: null };
    },
    buildEnd(error) {
      if (!error && !patched) this.error("fontsOnDemand: tldraw's Tldraw.mjs was not part of the build; check the plugin's module pattern");
    },
  };
}
