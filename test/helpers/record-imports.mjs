// Loaded with `node --import` by a test: records every module specifier a process imports into
// the file named by $DRP_RECORD_IMPORTS, one per line.
import { register } from 'node:module';

register(
  'data:text/javascript,' +
    encodeURIComponent(`
import { appendFileSync } from 'node:fs';
export async function resolve(specifier, context, next) {
  appendFileSync(process.env.DRP_RECORD_IMPORTS, specifier + '\\n');
  return next(specifier, context);
}`),
);
