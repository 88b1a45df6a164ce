/**
 * Writes schema.graphql from the code, or with --check exits non-zero when the checked-in file is stale.
 * The file is the Federation subgraph SDL (what `{ _service { sdl } }` answers: `@link`, `@key` and
 * `@shareable` included, federation's own `_entities`/`_service` left out), sorted by name.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { printSortedSchema } from '../src/schema/index.js';

const schemaFile = fileURLToPath(new URL('../schema.graphql', import.meta.url));
const fresh = printSortedSchema();

if (process.argv.includes('--check')) {
  let current = '';
  try {
    current = readFileSync(schemaFile, 'utf8');
  } catch {
    // A missing file is stale too.
  }
  if (current !== fresh) {
    console.error('schema.graphql is stale: run `npm run schema:print` and commit the result.');
    process.exit(1);
  }
  console.log('schema.graphql is up to date.');
} else {
  writeFileSync(schemaFile, fresh);
  console.log(`Wrote ${schemaFile}`);
}
