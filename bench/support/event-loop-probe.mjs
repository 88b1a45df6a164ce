/**
 * Bench-only preload (`node --import bench/support/event-loop-probe.mjs dist/main.js`): samples the
 * server's event-loop delay with perf_hooks.monitorEventLoopDelay (10 ms resolution, as prom-client's
 * default metrics do). Each sample is the time between two firings of that timer, so the lag is the
 * sample less the resolution. On SIGUSR2 it writes the lag since the last signal, in ms, to
 * BENCH_PROBE_FILE (through a rename, so the reader never sees half a file) and starts counting afresh.
 */
import { renameSync, writeFileSync } from 'node:fs';
import { monitorEventLoopDelay } from 'node:perf_hooks';

const file = process.env.BENCH_PROBE_FILE;
if (file) {
  const resolutionMs = 10;
  const histogram = monitorEventLoopDelay({ resolution: resolutionMs });
  histogram.enable();
  const ms = (ns) => Math.max(0, Math.round((ns / 1e6 - resolutionMs) * 100) / 100);
  process.on('SIGUSR2', () => {
    const figures = {
      samples: histogram.count,
      p50: ms(histogram.percentile(50)),
      p99: ms(histogram.percentile(99)),
      max: ms(histogram.max),
      mean: ms(histogram.mean),
      resolutionMs,
    };
    writeFileSync(`${file}.tmp`, JSON.stringify(figures));
    renameSync(`${file}.tmp`, file);
    histogram.reset();
  });
}
