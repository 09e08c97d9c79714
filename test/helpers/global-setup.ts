import { execFileSync } from 'node:child_process';

/** The CLI tests run the real binary, which runs compiled code: build once before the suite. */
export default function setup(): void {
  execFileSync(process.execPath, ['scripts/build.mjs'], { stdio: 'inherit' });
}
