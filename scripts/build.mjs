// Bundles src/ into dist/ with esbuild. Code splitting keeps the heavy parts (Ink, database
// drivers) in chunks that only the commands needing them import, so `--version`, `--help` and
// `validate` start fast (SPEC §5). The build goes to a fresh folder that replaces dist/ in one
// rename, so a drp already running (a test, a long session) never sees a half-written dist/.
import { build } from 'esbuild';
import { renameSync, rmSync } from 'node:fs';

const root = new URL('..', import.meta.url);
const fresh = new URL(`dist.${process.pid}.tmp/`, root);
const old = new URL(`dist.${process.pid}.old/`, root);
const dist = new URL('dist/', root);

await build({
  entryPoints: ['src/cli.ts', 'src/validate-worker.ts'],
  outdir: fresh.pathname,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  sourcemap: true,
  // Dependencies are bundled (tree-shaken, one file to parse instead of hundreds) except the
  // database drivers and the AWS SDK, which load lazily and have optional native parts.
  external: ['pg', 'pg-native', 'mongodb', '@aws-sdk/*', 'conf', 'react-devtools-core', 'ink-testing-library'],
  banner: { js: "import { createRequire as __drpCreateRequire } from 'node:module'; const require = __drpCreateRequire(import.meta.url);" },
  // React's production build: the development one is twice the size and slower to start.
  define: { 'process.env.NODE_ENV': '"production"' },
  chunkNames: 'chunks/[name]-[hash]',
  logLevel: 'warning',
});
try {
  renameSync(dist, old);
} catch {
  // no dist yet
}
renameSync(fresh, dist);
rmSync(old, { recursive: true, force: true });
