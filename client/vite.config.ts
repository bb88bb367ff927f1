import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const server = process.env.QE_SERVER ?? 'http://127.0.0.1:3000';

export default defineConfig({
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    chunkSizeWarningLimit: 2500,
    rolldownOptions: {
      output: {
        // the canvas library is most of the bundle: keep it in its own, long-cacheable chunk
        advancedChunks: {
          groups: [
            { name: 'tldraw', test: /node_modules[\\/](@?tldraw|tldraw)/ },
            { name: 'editor', test: /node_modules[\\/](@tiptap|prosemirror|y-prosemirror|@tiptap\/y-tiptap)/ },
            { name: 'react', test: /node_modules[\\/](react|react-dom|scheduler)[\\/]/ },
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
