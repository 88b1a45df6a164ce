/**
 * The benchmark of issue 13: `npm run bench` (every scenario), `npm run bench -- access-codes routing`
 * (some), `--quick` (short runs, rough figures). Each scenario is also runnable alone:
 * `npx tsx bench/scenarios/<name>.ts`. Settings: bench/support/settings.ts; what each figure means: README
 * "Performance".
 */
import { SCENARIOS } from './scenarios/index.js';
import { runBenchCli } from './support/bench.js';

await runBenchCli(SCENARIOS);
