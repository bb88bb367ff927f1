import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import zlib from 'node:zlib';
import type { Plugin } from 'vite';

const brotli = promisify(zlib.brotliCompress);
const gzip = promisify(zlib.gzip);

/** Text formats worth compressing; fonts (woff2) and images are compressed already. */
const COMPRESSIBLE = /\.(?:js|mjs|css|html|json|svg|txt|map|wasm)$/;

async function filesBelow(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((entry) => entry.isFile()).map((entry) => path.join(entry.parentPath, entry.name));
}

/**
 * Writes `file.br` and `file.gz` beside every compressible build file, at the strongest settings,
 * so the server hands out compressed files without compressing anything per request. A variant is
 * only written when it saves at least a tenth.
 */
export function precompress({ minBytes = 1024 }: { minBytes?: number } = {}): Plugin {
  let outDir = '';
  return {
    name: 'qe-precompress',
    apply: 'build',
    configResolved(config) {
      outDir = path.resolve(config.root, config.build.outDir);
    },
    // after the files are written, and only when the build succeeded
    writeBundle: {
      order: 'post',
      sequential: true,
      async handler() {
        const started = Date.now();
        const files = (await filesBelow(outDir)).filter((file) => COMPRESSIBLE.test(file));
        let raw = 0;
        let brotlied = 0;
        let written = 0;
        await Promise.all(
          files.map(async (file) => {
            const content = await readFile(file);
            if (content.length < minBytes) return;
            const [br, gz] = await Promise.all([
              brotli(content, {
                params: {
                  [zlib.constants.BROTLI_PARAM_QUALITY]: zlib.constants.BROTLI_MAX_QUALITY,
                  [zlib.constants.BROTLI_PARAM_MODE]: zlib.constants.BROTLI_MODE_TEXT,
                  [zlib.constants.BROTLI_PARAM_SIZE_HINT]: content.length,
                },
              }),
              gzip(content, { level: zlib.constants.Z_BEST_COMPRESSION }),
            ]);
            for (const [variant, suffix] of [
              [br, '.br'],
              [gz, '.gz'],
            ] as const) {
              if (variant.length > content.length * 0.9) continue;
              await writeFile(file + suffix, variant);
              written++;
              if (suffix === '.br') {
                raw += content.length;
                brotlied += variant.length;
              }
            }
          }),
        );
        const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(2)} MB`;
        this.info(`precompressed ${written} files: ${mb(raw)} → ${mb(brotlied)} brotli in ${((Date.now() - started) / 1000).toFixed(1)} s`);
      },
    },
  };
}
