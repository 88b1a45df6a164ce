import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Scenario } from '../scenarios/scenario.js';

/**
 * Runs the benchmark with this scenario alone when its file is the script started (`npx tsx <file>`).
 * Not awaited by the scenario module (no top-level await): the runner imports the scenario modules
 * itself, which must have finished loading by then.
 */
export function runAlone(moduleUrl: string, scenario: Scenario): void {
  const started = process.argv[1];
  if (!started || realpathSync(started) !== realpathSync(fileURLToPath(moduleUrl))) return;
  // Loaded only here, so the oracle process that imports the scenarios does not load the load generator.
  import('./bench.js')
    .then(({ runBenchCli }) => runBenchCli([scenario]))
    .catch((error: unknown) => {
      console.error(error);
      process.exit(1);
    });
}
