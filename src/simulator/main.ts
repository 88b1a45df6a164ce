/**
 * The standalone simulator process (`npm run simulator`): read settings, listen, print the base URL on
 * one line, close on SIGINT/SIGTERM.
 */
import { startSimulator } from './index.js';
import { loadStandaloneConfig } from './standalone-config.js';

async function main(): Promise<void> {
  const config = loadStandaloneConfig(process.env);
  const simulator = await startSimulator(config);
  process.stdout.write(`CEC simulator listening on ${simulator.url}\n`);
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    simulator.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  process.stderr.write(
    `CEC simulator failed to start: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exit(1);
});
