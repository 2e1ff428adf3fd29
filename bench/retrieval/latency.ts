import { percentile } from './metrics';

/** One thing whose latency is measured: the n-th query of the set. */
export interface Probe {
  name: string;
  run(query: number): Promise<unknown>;
}

export interface Latency {
  p50: number;
  p95: number;
  mean: number;
  samples: number;
}

export function summarizeLatency(ms: number[]): Latency {
  return {
    p50: percentile(ms, 50),
    p95: percentile(ms, 95),
    mean: ms.reduce((a, b) => a + b, 0) / (ms.length || 1),
    samples: ms.length,
  };
}

/**
 * Runs every probe on every query, one call at a time, interleaved (query 1 through each probe, then query 2,
 * starting with a different probe each time) so that load from elsewhere on the machine, caches and the
 * planner's warm-up hit all probes alike. Queries `0 .. warmup - 1` are run but not counted; the probes
 * must answer `warmup + queries` distinct queries, so no counted one is a repeat.
 */
export async function measureLatency(probes: Probe[], queries: number, warmup: number): Promise<Map<string, Latency>> {
  const samples = new Map(probes.map((p) => [p.name, [] as number[]]));
  for (let q = 0; q < queries + warmup; q++) {
    for (let k = 0; k < probes.length; k++) {
      const probe = probes[(q + k) % probes.length];
      const t0 = performance.now();
      await probe.run(q);
      const ms = performance.now() - t0;
      if (q >= warmup) samples.get(probe.name)!.push(ms);
    }
  }
  return new Map([...samples].map(([name, ms]) => [name, summarizeLatency(ms)]));
}
