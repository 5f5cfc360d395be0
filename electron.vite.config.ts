import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';

// electron-vite's conventional entries: src/main/index.ts, src/preload/index.ts and
// src/renderer/index.html, built into out/main, out/preload and out/renderer.
export default defineConfig({
  main: {},
  preload: {},
  renderer: {
    plugins: [react()],
  },
});
