import { DocumentFactory, queryFrom, seededRandom, wrapLines } from '../../bench/scale/load/documents';
import { checkIntegrity, type DocumentRow } from '../../bench/scale/load/integrity';
import { heapUsedOf } from '../../bench/scale/load/memory-sampler';
import { type FaultResult, type LoadResult, loadSummary } from '../../bench/scale/load/report';
import {
  errorsOutsideFaults,
  faultMet,
  type FaultWindow,
  liveHeapTrend,
  memoryTrend,
  readinessWindow,
  requestsMeeting,
  routeStats,
  statsByRoute,
  type RequestSample,
} from '../../bench/scale/load/stats';
import type { UploadAttempt } from '../../bench/scale/load/workload';

const MiB = 2 ** 20;

describe('bench:load statistics', () => {
  const sample = (route: string, ms: number, status = 200, phase = 'steady'): RequestSample => ({
    route,
    phase,
    at: 0,
    ms,
    status,
  });

  it('gives percentiles, statuses, 5xx and unanswered requests per route', () => {
    const samples = [
      ...Array.from({ length: 99 }, (_, i) => sample('POST /search', i + 1)),
      sample('POST /search', 1000, 503),
      sample('GET /documents', 5, 0),
    ];
    const [search, list] = statsByRoute(samples);
    expect(search).toMatchObject({
      route: 'POST /search',
      requests: 100,
      p50: 50,
      p95: 95,
      p99: 99,
      max: 1000,
      serverErrors: 1,
    });
    expect(search.statuses).toEqual({ 200: 99, 503: 1 });
    expect(list).toMatchObject({ route: 'GET /documents', noAnswer: 1, serverErrors: 0 });
    expect(statsByRoute(samples, (s) => s.route === 'GET /documents')).toHaveLength(1);
    expect(routeStats('none', []).p95).toBeNaN();
  });

  it('counts a request with the fault it met, even one sent just before the fault began', () => {
    const windows: FaultWindow[] = [
      { name: 'redis-restart', start: 1000, end: 2000 },
      { name: 'postgres-refuses', start: 5000, end: 6000 },
    ];
    const at = (route: string, sent: number, ms: number, status: number, phase: string): RequestSample => ({
      route,
      phase,
      at: sent,
      ms,
      status,
    });
    const samples = [
      // A chat sent in the calm after Redis came back, cut by PostgreSQL refusing connections.
      at('POST /chat', 4500, 900, 500, 'after:redis-restart'),
      // Sent and answered inside the calm phase: a real error.
      at('GET /documents', 3000, 100, 500, 'after:redis-restart'),
      // Answered before the next fault began, unanswered, and in a fault phase.
      at('POST /search', 4800, 100, 0, 'after:redis-restart'),
      at('POST /search', 1500, 20, 503, 'fault:redis-restart'),
      at('POST /search', 3000, 50, 200, 'after:redis-restart'),
      at('POST /documents', 10, 50, 500, 'seed'),
    ];
    samples[2].error = 'timeout';
    expect(faultMet(samples[0], windows)).toBe('postgres-refuses');
    expect(faultMet(samples[1], windows)).toBeUndefined();
    expect(errorsOutsideFaults(samples, windows)).toEqual({
      'after:redis-restart': { 'GET /documents 500': 1, 'POST /search none (timeout)': 1 },
    });
    expect(requestsMeeting('postgres-refuses', samples, windows)).toEqual({ 500: 1 });
    expect(requestsMeeting('redis-restart', samples, windows)).toEqual({ 503: 1 });
    expect(requestsMeeting('postgres-refuses', samples, windows, (r) => r === 'GET /documents')).toEqual({});
  });

  it('calls memory flat unless the last third grows past 20% (and 32 MiB) over the first', () => {
    const series = (values: number[]) => values.map((v, i) => ({ at: i * 1000, rssBytes: v * MiB }));
    expect(memoryTrend(series([300, 310, 305, 320, 330, 340, 335, 345, 350]))).toMatchObject({ flat: true });
    const leak = memoryTrend(series([300, 310, 320, 380, 420, 460, 500, 540, 580]))!;
    expect(leak.flat).toBe(false);
    expect(leak.growth).toBeCloseTo(540 / 310 - 1);
    expect(leak.middleThirdMedian).toBe(420 * MiB);
    expect(leak.tenths).toHaveLength(10);
    expect(leak.tenths[9]).toBe(580);
    // Small processes may grow by 32 MiB without being called leaking.
    expect(memoryTrend(series([60, 60, 60, 80, 85, 85, 88, 88, 88]))!.flat).toBe(true);
    expect(memoryTrend(series([1, 2, 3]))).toBeUndefined();
  });

  it('compares the live heap at the end with the one when the steady phase began', () => {
    const at = (phase: string, t: number, mib: number) => ({ phase, at: t, rssBytes: mib * MiB });
    const level = liveHeapTrend([at('warmup', 0, 40), at('steady', 10, 80), at('final', 90, 84), at('end', 100, 90)])!;
    expect(level.readings.map((r) => r.phase)).toEqual(['warmup', 'steady', 'final', 'end']);
    expect(level.baselineBytes).toBe(80 * MiB);
    expect(level.growth).toBeCloseTo(0.125);
    expect(level.flat).toBe(true);
    const leak = liveHeapTrend([at('steady', 10, 200), at('fault:x', 50, 260), at('end', 100, 300)])!;
    expect(leak.flat).toBe(false);
    // Small heaps get the 32 MiB allowance.
    expect(liveHeapTrend([at('steady', 0, 50), at('end', 1, 80)])!.flat).toBe(true);
    expect(liveHeapTrend([at('steady', 0, 50)])).toBeUndefined();
  });

  it('reads the V8 heap in use from the metrics exposition', () => {
    const text =
      '# HELP nodejs_heap_size_used_bytes x\n# TYPE nodejs_heap_size_used_bytes gauge\nnodejs_heap_size_used_bytes 52428800\n';
    expect(heapUsedOf(text)).toBe(52428800);
    expect(heapUsedOf('nodejs_heap_size_used_bytes{app="api"} 1e6\n')).toBe(1e6);
    expect(heapUsedOf('nodejs_heap_size_total_bytes 5\n')).toBeUndefined();
  });

  it('reads from readiness samples when a fault showed and when it recovered', () => {
    const s = (at: number, status: number, openCircuits?: number) => ({ at, status, openCircuits });
    const samples = [
      s(0, 200, 0),
      s(1000, 200, 0),
      s(1250, 503, 0),
      s(1500, 0, 2),
      s(3000, 503, 3),
      s(3500, 200, 1),
      s(3750, 503, 0),
      s(4000, 200, 0),
      s(4250, 200, 0),
    ];
    const w = readinessWindow(samples, 1000, 3000, 5000);
    expect(w.during).toEqual({ 200: 1, 503: 2, 0: 1 });
    expect(w.detectedAfterMs).toBe(250);
    expect(w.recoveredAfterMs).toBe(1000);
    expect(w.maxOpenCircuits).toBe(3);
    expect(w.circuitsClosedAfterMs).toBe(750);
    expect(readinessWindow([s(0, 200), s(2000, 200)], 1000, 1500, 3000)).toMatchObject({ detectedAfterMs: undefined });
  });
});

describe('bench:load integrity check', () => {
  const attempt = (over: Partial<UploadAttempt>): UploadAttempt => ({
    workspaceId: 'w1',
    name: 'doc.md',
    sha256: 'h1',
    phase: 'steady',
    at: 0,
    status: 202,
    id: 'd1',
    duplicate: false,
    repeat: false,
    ...over,
  });
  const row = (over: Partial<DocumentRow>): DocumentRow => ({
    id: 'd1',
    workspaceId: 'w1',
    sha256: 'h1',
    status: 'ready',
    chunkCount: 3,
    chunks: 3,
    distinctIndexes: 3,
    failureReason: null,
    ...over,
  });

  it('passes when every acknowledged upload ended ready once with consistent chunks', () => {
    const r = checkIntegrity(
      [attempt({}), attempt({ repeat: true, duplicate: true }), attempt({ sha256: 'h2', status: 500, id: undefined })],
      [row({})],
    );
    expect(r).toMatchObject({
      ok: true,
      attempts: 3,
      acknowledged: 2,
      documents: 1,
      ready: 1,
      repeats: 1,
      refused: { 500: 1 },
    });
  });

  it('finds lost, stuck, duplicated and inconsistent documents', () => {
    const lost = checkIntegrity([attempt({})], []);
    expect(lost.lost).toEqual(['d1']);
    expect(lost.ok).toBe(false);
    const stuck = checkIntegrity([attempt({})], [row({ status: 'embedding' })]);
    expect(stuck.stuck).toEqual([{ id: 'd1', status: 'embedding' }]);
    expect(stuck.ok).toBe(false);
    const twice = checkIntegrity([attempt({}), attempt({ id: 'd2' })], [row({}), row({ id: 'd2' })]);
    expect(twice.duplicated).toEqual(['w1/h1']);
    const mismatch = checkIntegrity([attempt({})], [row({ chunks: 6, distinctIndexes: 3 })]);
    expect(mismatch.chunkMismatches).toHaveLength(1);
    const repeatAsNew = checkIntegrity([attempt({}), attempt({ repeat: true, duplicate: false })], [row({})]);
    expect(repeatAsNew.repeatsNotRecognised).toBe(1);
    expect(repeatAsNew.ok).toBe(false);
  });

  it('accounts for documents kept after an error answer, and rows no upload explains', () => {
    const kept = checkIntegrity([attempt({ status: 0, id: undefined })], [row({})]);
    expect(kept).toMatchObject({ keptUnacknowledged: 1, ok: true });
    const keptStuck = checkIntegrity([attempt({ status: 0, id: undefined })], [row({ status: 'uploaded' })]);
    expect(keptStuck.ok).toBe(false);
    const unknown = checkIntegrity([], [row({ sha256: 'other' })]);
    expect(unknown.unaccounted).toEqual(['d1']);
    expect(unknown.ok).toBe(false);
    const failed = checkIntegrity([attempt({})], [row({ status: 'failed', failureReason: 'corrupt' })]);
    expect(failed.failed).toEqual([{ id: 'd1', reason: 'corrupt' }]);
    expect(failed.ok).toBe(false);
  });
});

describe('bench:load documents', () => {
  it('wraps text into lines no longer than the width', () => {
    const lines = wrapLines('aaa bbb ccc ddd eee', 7);
    expect(lines).toEqual(['aaa bbb', 'ccc ddd', 'eee']);
  });

  it('makes different documents of every kind, the same for the same seed', async () => {
    const factory = new DocumentFactory(seededRandom(7), 1000);
    const docs = [
      await factory.make('md'),
      await factory.make('txt'),
      await factory.make('pdf'),
      await factory.make('docx'),
    ];
    expect(new Set(docs.map((d) => d.sha256)).size).toBe(4);
    expect(docs[2].bytes.subarray(0, 5).toString()).toBe('%PDF-');
    expect(docs[3].bytes.subarray(0, 2).toString()).toBe('PK');
    expect(docs[0].words.length).toBeGreaterThan(20);
    const again = await new DocumentFactory(seededRandom(7), 1000).make('md');
    expect(again.sha256).toBe(docs[0].sha256);
    const random = seededRandom(3);
    const q = queryFrom(docs[0].words, random).split(' ');
    expect(q.length).toBeGreaterThanOrEqual(2);
    for (const w of q) expect(docs[0].words).toContain(w);
  });
});

describe('bench:load summary', () => {
  const base: LoadResult = {
    seconds: 100,
    phases: [],
    chat: { available: false },
    calibration: [
      routeStats('POST /search', [{ route: 'POST /search', phase: 'calibration', at: 0, ms: 10, status: 200 }]),
    ],
    steady: [routeStats('POST /search', [{ route: 'POST /search', phase: 'steady', at: 0, ms: 30, status: 200 }])],
    final: [],
    errorsOutsideFaults: {},
    faults: [],
    memory: {},
    integrity: checkIntegrity([], []),
    drain: { seconds: 1, settled: true },
    loggedErrors: {},
  };
  const fault = (over: Partial<FaultResult>): FaultResult => ({
    name: 'redis-restart',
    what: '',
    readyAgainAfterMs: 1200,
    readiness: {},
    reflectedBy: ['api-1', 'api-2'],
    notReflectedBy: [],
    wronglyNotReady: [],
    requestsDuring: {},
    ...over,
  });

  it('puts each route next to its latency alone, and judges errors, documents and faults', () => {
    const rows = loadSummary({
      ...base,
      faults: [fault({}), fault({ name: 'postgres-refuses', notReflectedBy: ['api-2'] })],
    });
    expect(rows[0]).toMatchObject({ figure: 'POST /search p95 under load', ratio: '3.0x' });
    expect(rows.find((r) => r.figure.startsWith('5xx'))).toMatchObject({ value: '0', pass: true });
    expect(rows.find((r) => r.figure.startsWith('fault redis-restart'))!.pass).toBe(true);
    expect(rows.find((r) => r.figure.startsWith('fault postgres-refuses'))!.pass).toBe(false);
    const errors = loadSummary({ ...base, errorsOutsideFaults: { final: { 'POST /search 500': 2 } } });
    expect(errors.find((r) => r.figure.startsWith('5xx'))).toMatchObject({ value: '2', pass: false });
  });

  it('fails the worker kill unless the document the killed worker held ended ready', () => {
    const killed = (outcome: unknown) =>
      loadSummary({ ...base, faults: [fault({ name: 'worker-kill', evidence: { outcome } })] }).find((r) =>
        r.figure.startsWith('fault worker-kill'),
      )!;
    expect(killed([{ id: 'abcdef0123', status: 'ready', readyAfterSeconds: 12 }]).pass).toBe(true);
    expect(killed([{ id: 'abcdef0123', status: 'embedding', readyAfterSeconds: null }]).pass).toBe(false);
    expect(killed([]).pass).toBe(false);
  });
});
