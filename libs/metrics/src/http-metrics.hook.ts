import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectMetric } from '@willsoto/nestjs-prometheus';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Counter, Histogram } from 'prom-client';
import { HttpResponseObservers } from '@docqa/core';
import { METRICS } from './metric-names';

type Labels = Readonly<{ method: string; route: string; status: string }>;

/** prom-client's stored state of one histogram series (see `histogramSeries`). */
interface HistogramEntry {
  labels: object;
  bucketValues: Record<number, number>;
  sum: number;
  count: number;
}

const UNMATCHED = 'unmatched';
const BOUNDS: readonly number[] = METRICS.http_request_duration_seconds.buckets;

/** One series' responses since the last scrape. */
class PendingSeries {
  count = 0;
  sum = 0;
  /** Per bucket bound, not cumulative; durations above the last bound only count in `count` (+Inf). */
  readonly buckets = new Array<number>(BOUNDS.length).fill(0);
  queued = false;
  /** prom-client's record of this series, and the store it lives in (a registry reset replaces the store). */
  entry: HistogramEntry | undefined;
  store: object | undefined;

  constructor(readonly labels: Labels) {}

  add(seconds: number): void {
    this.count++;
    this.sum += seconds;
    for (let i = 0; i < BOUNDS.length; i++) {
      if (seconds <= BOUNDS[i]) {
        this.buckets[i]++;
        return;
      }
    }
  }

  clear(): void {
    this.count = 0;
    this.sum = 0;
    this.buckets.fill(0);
    this.queued = false;
  }
}

/**
 * Counts and times every response by method, route template and status (the core's response observers,
 * so 404s and errors raised before a controller runs are measured too). Unmatched paths share one label
 * value: raw URLs as labels would let any client grow the series without bound.
 *
 * A response only bumps a few numbers of its series (found through route -> method -> status maps); the
 * counts reach prom-client when a scrape collects them. Going through prom-client on every response
 * (hashing and checking the labels twice) was the most expensive step of a small request.
 */
@Injectable()
export class HttpMetricsHook implements OnModuleInit {
  private readonly series = new Map<string, Map<string, Map<number, PendingSeries>>>();
  private readonly queue: PendingSeries[] = [];
  /** Whether prom-client's histogram state has the shape `histogramSeries` writes into; else observe() each. */
  private readonly batched: boolean;

  constructor(
    private readonly observers: HttpResponseObservers,
    @InjectMetric('http_requests_total') private readonly requests: Counter<string>,
    @InjectMetric('http_request_duration_seconds') private readonly duration: Histogram<string>,
  ) {
    this.batched = supportsBatching(duration);
  }

  onModuleInit(): void {
    this.observers.add((request, reply, route) => this.record(request, reply, route));
    const flush = () => this.flush();
    for (const metric of [this.requests, this.duration] as Array<{ collect?: () => void | Promise<void> }>) {
      const own = metric.collect;
      metric.collect = own ? () => (flush(), own.call(metric)) : flush;
    }
  }

  private record(request: FastifyRequest, reply: FastifyReply, route: string | undefined): void {
    // Fastify times every request itself; no hook of ours has to start a clock.
    const seconds = reply.elapsedTime / 1000;
    const series = this.seriesFor(request.method, route ?? UNMATCHED, reply.statusCode);
    if (!this.batched) {
      this.requests.inc(series.labels);
      this.duration.observe(series.labels, seconds);
      return;
    }
    series.add(seconds);
    if (!series.queued) {
      series.queued = true;
      this.queue.push(series);
    }
  }

  /** Moves the pending counts into prom-client; runs when a scrape collects either metric. */
  flush(): void {
    for (const series of this.queue) {
      this.requests.inc(series.labels, series.count);
      const entry = this.histogramSeries(series);
      entry.count += series.count;
      entry.sum += series.sum;
      for (let i = 0; i < BOUNDS.length; i++) entry.bucketValues[BOUNDS[i]] += series.buckets[i];
      series.clear();
    }
    this.queue.length = 0;
  }

  private seriesFor(method: string, route: string, status: number): PendingSeries {
    let byMethod = this.series.get(route);
    if (!byMethod) this.series.set(route, (byMethod = new Map()));
    let byStatus = byMethod.get(method);
    if (!byStatus) byMethod.set(method, (byStatus = new Map()));
    let series = byStatus.get(status);
    if (!series) byStatus.set(status, (series = new PendingSeries({ method, route, status: String(status) })));
    return series;
  }

  /**
   * prom-client's own record of the series, created with the public `zero()` when missing (first scrape,
   * or after a registry reset replaced the store), so everything else (text format, JSON, reset) stays
   * prom-client's. Only this hook writes these series. prom-client has no public way to add a batch of
   * observations; `supportsBatching` checks the record's shape at start-up and the spec pins the output.
   */
  private histogramSeries(series: PendingSeries): HistogramEntry {
    const store = (this.duration as unknown as { hashMap: Record<string, HistogramEntry> }).hashMap;
    if (series.entry && series.store === store) return series.entry;
    this.duration.zero(series.labels);
    series.store = store;
    series.entry = Object.values(store).find((e) => e.labels === series.labels) as HistogramEntry;
    return series.entry;
  }
}

/** Checks, on a scratch histogram with our buckets, that zero() leaves the state histogramSeries expects. */
function supportsBatching(histogram: Histogram<string>): boolean {
  try {
    const probe = new Histogram({
      name: 'probe',
      help: 'probe',
      labelNames: ['l'],
      buckets: [...BOUNDS],
      registers: [],
    });
    const labels = { l: 'x' };
    probe.zero(labels);
    const entries = Object.values((probe as unknown as { hashMap?: Record<string, HistogramEntry> }).hashMap ?? {});
    const entry = entries.find((e) => e.labels === labels);
    return (
      typeof (histogram as unknown as { hashMap?: unknown }).hashMap === 'object' &&
      !!entry &&
      entry.count === 0 &&
      entry.sum === 0 &&
      BOUNDS.every((b) => entry.bucketValues[b] === 0)
    );
  } catch {
    return false;
  }
}
