// Preloaded into the gateway process by bench/soak.ts (`node --import`): the
// gateway's own memory and event-loop delay, measured where they happen and
// answered over the IPC channel, so the gateway's code carries no soak hooks.
//
//   'reset'  → starts the event-loop delay histogram afresh (when load begins)
//   'sample' → { rssBytes, heapUsedBytes, cpuMicros, loopDelay: { p50, p99, max, resolution } }
//              (cpuMicros: user + system CPU time since start; delays in ms)
//   'sample-after-gc' → the same after a full garbage collection (node --expose-gc), so
//              heapUsedBytes is what the process really retains
//
// monitorEventLoopDelay samples with a timer every `resolution` ms and records
// how long each interval really took, so an idle loop reads about the
// resolution itself: the delay reported is what exceeds it.
import { monitorEventLoopDelay } from 'node:perf_hooks';

const RESOLUTION_MS = 10;

if (process.send) {
  const histogram = monitorEventLoopDelay({ resolution: RESOLUTION_MS });
  histogram.enable();
  const beyondTimer = (ns) => Math.max(0, ns / 1e6 - RESOLUTION_MS);
  process.on('message', (message) => {
    if (message === 'reset') histogram.reset();
    if (message !== 'sample' && message !== 'sample-after-gc') return;
    if (message === 'sample-after-gc') {
      if (typeof globalThis.gc !== 'function') throw new Error('gateway-probe: start node with --expose-gc');
      globalThis.gc();
    }
    const memory = process.memoryUsage();
    const cpu = process.cpuUsage();
    process.send({
      rssBytes: memory.rss,
      heapUsedBytes: memory.heapUsed,
      cpuMicros: cpu.user + cpu.system,
      loopDelay: {
        p50: beyondTimer(histogram.percentile(50)),
        p99: beyondTimer(histogram.percentile(99)),
        max: beyondTimer(histogram.max),
        resolution: RESOLUTION_MS,
      },
    });
  });
  // The channel must not keep the gateway alive on its own.
  process.channel?.unref();
}
