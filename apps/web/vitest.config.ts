import { svelte } from '@sveltejs/vite-plugin-svelte';
import { defineConfig } from 'vitest/config';

// Unit tests of the board state classes. Runes in `*.svelte.ts` need the Svelte compiler,
// and the client build of them: the server build has no reactivity ($derived would not
// follow $state).
export default defineConfig({
  plugins: [
    svelte({
      compilerOptions: { runes: true },
      dynamicCompileOptions: () => ({ generate: 'client' }),
    }),
  ],
  test: {
    name: 'web',
    include: ['src/**/*.test.ts'],
  },
});
