// Bundles src/ into dist/ with esbuild. Code splitting keeps the heavy parts (Ink, database
// drivers) in chunks that only the commands needing them import, so `--version`, `--help` and
// `validate` start fast (SPEC §5).
import { build } from 'esbuild';
import { rmSync } from 'node:fs';

rmSync(new URL('../dist', import.meta.url), { recursive: true, force: true });
await build({
  entryPoints: ['src/cli.ts'],
  outdir: 'dist',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  sourcemap: true,
  // Dependencies are bundled (tree-shaken, one file to parse instead of hundreds) except the
  // database drivers and the AWS SDK, which load lazily and have optional native parts.
  external: ['pg', 'pg-native', 'mongodb', '@aws-sdk/*', 'zx', 'conf', 'ink', 'react', 'react/*', 'yoga-layout', 'ink-testing-library'],
  banner: { js: "import { createRequire as __drpCreateRequire } from 'node:module'; const require = __drpCreateRequire(import.meta.url);" },
  chunkNames: 'chunks/[name]-[hash]',
  logLevel: 'warning',
});
