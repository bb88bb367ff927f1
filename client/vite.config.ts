import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import { fontsOnDemand } from './build/fontsOnDemand.ts';
import { precompress } from './build/precompress.ts';

const server = process.env.QE_SERVER ?? 'http://127.0.0.1:3000';

export default defineConfig({
  plugins: [react(), fontsOnDemand(), precompress()],
  resolve: {
    // the browser's view of @qe/shared leaves out the pre-flight detection and its name lists (about
    // 150 kB); the pseudonymisation assistant loads them on demand from @qe/shared/pseudonyms
    alias: [{ find: /^@qe\/shared$/, replacement: '@qe/shared/browser' }],
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    chunkSizeWarningLimit: 2500,
    rolldownOptions: {
      output: {
        // long-cacheable vendor chunks that stay out of each other's way. A group takes its modules'
        // dependencies along unless a group of higher priority has them: React and the libraries the
        // entry needs ($initial: login, join, board list) are named first, else the canvas or editor
        // chunk swallows them and every page has to load the canvas
        codeSplitting: {
          groups: [
            { name: 'react', test: /node_modules[\\/](react|react-dom|scheduler)[\\/]/, priority: 40 },
            // libraries and Vite's own helpers (virtual modules, \0…) that the entry chunk needs
            { name: 'vendor', test: /node_modules[\\/]|^\0/, tags: ['$initial'], priority: 30 },
            { name: 'editor', test: /node_modules[\\/](@tiptap|prosemirror-[^\\/]+|y-prosemirror)[\\/]/, priority: 20 },
            { name: 'tldraw', test: /node_modules[\\/](@tldraw[\\/][^\\/]+|tldraw)[\\/]/, priority: 10 },
          ],
        },
      },
    },
  },
  server: {
    proxy: {
      '/api': server,
      '/sync': { target: server.replace(/^http/, 'ws'), ws: true },
    },
  },
});
