/**
 * Compiles the server for production into server/dist: plain JavaScript that Node runs without
 * a TypeScript loader. The workspace packages (@qe/shared, @qe/templates, TypeScript sources) are
 * bundled in; every other package stays an import from node_modules (native better-sqlite3, font
 * and data files that packages read from their own folders).
 * Entries sit flat in dist/ where the code expects them: main.js, reportWorker.js (the report
 * pool starts ./reportWorker.js beside itself) and the command-line tools in dist/cli/.
 */
import { rmSync } from 'node:fs';
import path from 'node:path';
import { build, type Plugin } from 'esbuild';

const serverDir = path.resolve(import.meta.dirname, '..');
const outdir = path.join(serverDir, 'dist');

const dependenciesStayExternal: Plugin = {
  name: 'dependencies-stay-external',
  setup(pluginBuild) {
    // bare imports: a package, unless it is one of ours
    pluginBuild.onResolve({ filter: /^[^./]/ }, (args) => (args.path.startsWith('@qe/') ? undefined : { path: args.path, external: true }));
  },
};

const started = Date.now();
rmSync(outdir, { recursive: true, force: true });
const result = await build({
  absWorkingDir: serverDir,
  entryPoints: {
    main: 'src/main.ts',
    reportWorker: 'src/export/reportWorker.ts',
    'cli/token': 'src/cli/token.ts',
    'cli/userAdd': 'src/cli/userAdd.ts',
    'cli/rekey': 'src/cli/rekey.ts',
  },
  outdir,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20.19',
  sourcemap: 'linked',
  // shared code goes to dist/ itself, beside main.js: relative URLs such as ./reportWorker.js hold
  chunkNames: '[name]-[hash]',
  plugins: [dependenciesStayExternal],
  logLevel: 'warning',
  metafile: true,
});
const bytes = Object.entries(result.metafile.outputs)
  .filter(([file]) => file.endsWith('.js'))
  .reduce((sum, [, output]) => sum + output.bytes, 0);
console.log(
  `server bundled into ${path.relative(process.cwd(), outdir) || 'dist'}: ${(bytes / 1024).toFixed(0)} KB of JavaScript in ${Date.now() - started} ms`,
);
