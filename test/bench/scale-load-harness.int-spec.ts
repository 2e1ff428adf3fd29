import { join } from 'node:path';
import { findRedisServer } from '../../bench/scale/load/redis-server';
import { DEFAULT_LOAD_OPTIONS, runLoad } from '../../bench/scale/load/run-load';
import { describeIf, SERVER_DATABASE_URL, SERVER_REDIS_URL } from '../support/test-env';

const redisServer = findRedisServer();
const describeServer = describeIf(
  !!SERVER_DATABASE_URL && (!!redisServer || !!SERVER_REDIS_URL),
  'bench:load runs the built apps in server mode: it needs DATABASE_URL and redis-server (or REDIS_URL)',
);

/**
 * The mixed-load harness of bench:load at a small size: one api and one worker (the built apps), three users,
 * a few seconds of load, then a worker killed while it ingests, PostgreSQL refusing connections and (with a
 * redis-server binary) Redis restarted. It must see each fault in readiness and in the requests, see the
 * system come back, and find every acknowledged upload ready exactly once.
 */
describeServer('bench:load harness, small', () => {
  it('drives load, injects faults, and accounts for every upload', async () => {
    const lines: string[] = [];
    const faults = ['worker-kill', 'postgres-refuses', ...(redisServer ? ['redis-restart'] : [])];
    const result = await runLoad({
      ...DEFAULT_LOAD_OPTIONS,
      databaseUrl: SERVER_DATABASE_URL!,
      redisUrl: SERVER_REDIS_URL,
      apis: 1,
      workers: 1,
      workspaces: 1,
      usersPerWorkspace: 3,
      calibrationSeconds: 3,
      warmupSeconds: 2,
      steadySeconds: 6,
      faultSeconds: 2,
      recoverySeconds: 2,
      finalSeconds: 3,
      seedDocuments: 1,
      uploadsPerSecond: 2,
      // Three users for six seconds: short pauses, so that every kind of request is made in that time.
      thinkMs: 150,
      drainSeconds: 90,
      faults,
      distDir: join(__dirname, '..', '..', 'dist'),
      log: (line) => lines.push(line),
    });

    const routes = result.steady.map((r) => r.route);
    expect(routes).toEqual(expect.arrayContaining(['POST /search', 'GET /documents']));
    expect(result.steady.every((r) => r.requests > 0 && Number.isFinite(r.p95))).toBe(true);
    expect(result.calibration.length).toBeGreaterThan(0);

    expect(result.faults.map((f) => f.name).sort()).toEqual([...faults].sort());
    for (const f of result.faults) {
      expect({ fault: f.name, notShownBy: f.notReflectedBy }).toEqual({ fault: f.name, notShownBy: [] });
      expect(f.reflectedBy.length).toBeGreaterThan(0);
      expect(f.readyAgainAfterMs).toBeDefined();
    }
    const cut = result.faults.find((f) => f.name === 'postgres-refuses')!;
    // Requests made while PostgreSQL refused connections did not all succeed: the harness saw the fault.
    expect(Object.keys(cut.requestsDuring).some((s) => !['200', '202'].includes(s))).toBe(true);
    const kill = result.faults.find((f) => f.name === 'worker-kill')!;
    const held = kill.evidence?.outcome as Array<{ status: string }>;
    expect(held.length).toBeGreaterThan(0);
    expect(held.every((d) => d.status === 'ready')).toBe(true);

    expect(result.drain.settled).toBe(true);
    expect(result.integrity).toMatchObject({ ok: true, lost: [], duplicated: [], chunkMismatches: [] });
    expect(result.integrity.ready).toBeGreaterThan(3);
    expect(Object.keys(result.memory).some((k) => k.startsWith('api-1#'))).toBe(true);
    // The live heap (after a full collection) of each process that lived through the load, at phase starts.
    const api = Object.entries(result.memory).find(([k]) => k.startsWith('api-1#'))![1];
    expect(api.live?.readings.map((r) => r.phase)).toEqual(expect.arrayContaining(['steady', 'final', 'end']));
    expect(api.live!.lastBytes).toBeGreaterThan(10 * 2 ** 20);
  }, 240_000);
});
