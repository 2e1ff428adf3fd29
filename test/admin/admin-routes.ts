import type { FastifyInstance } from 'fastify';
import type { RunningApp } from '../support/http-app';

export interface AdminRoute {
  method: string;
  /** The path with `:param` placeholders. */
  path: string;
}

const ADMIN_PREFIX = '/api/v1/admin';
const METHODS = new Set(['GET', 'POST', 'PUT', 'PATCH', 'DELETE']);

/** Every admin route of the running app's OpenAPI document (`/docs-json`), as `:param` paths. */
export async function adminRoutesFromOpenApi(app: RunningApp): Promise<AdminRoute[]> {
  const res = await fetch(`${app.url}/docs-json`);
  if (res.status !== 200) throw new Error(`GET /docs-json: ${res.status}`);
  const spec = (await res.json()) as { paths: Record<string, Record<string, unknown>> };
  return Object.entries(spec.paths)
    .filter(([path]) => path === ADMIN_PREFIX || path.startsWith(`${ADMIN_PREFIX}/`))
    .flatMap(([path, operations]) =>
      Object.keys(operations)
        .map((m) => m.toUpperCase())
        .filter((m) => METHODS.has(m))
        .map((method) => ({ method, path: path.replace(/\{([^}]+)\}/g, ':$1') })),
    );
}

/**
 * Every admin route Fastify itself serves, documented or not (a route hidden from the OpenAPI document
 * must not escape the check), read from its route table: a tree whose lines are `├── /segment (GET)`,
 * each indented four characters per level below its parent.
 */
export function adminRoutesFromFastify(app: RunningApp): AdminRoute[] {
  const fastify = app.app.getHttpAdapter().getInstance() as FastifyInstance;
  const routes: AdminRoute[] = [];
  for (const method of METHODS) {
    const stack: string[] = [];
    for (const line of fastify.printRoutes({ method, commonPrefix: false }).split('\n')) {
      const match = /^(.*?)(?:├── |└── )(\S+)(?: \(([^)]*)\))?$/.exec(line);
      if (!match) continue;
      const depth = Math.round([...match[1]].length / 4);
      const path = (depth > 0 ? stack[depth - 1] : '') + match[2];
      stack.length = depth;
      stack.push(path);
      const served = match[3]?.split(',').map((m) => m.trim());
      if (served?.includes(method) && (path === ADMIN_PREFIX || path.startsWith(`${ADMIN_PREFIX}/`))) {
        routes.push({ method, path: path.replace(/\/$/, '') });
      }
    }
  }
  return routes;
}

/** A concrete URL path for a route: every parameter gets a value that names nothing. */
export function concretePath(path: string): string {
  return path.replace(/:([A-Za-z0-9_]+)/g, (_m, name: string) =>
    name === 'queue' ? 'ingestion' : '00000000-0000-4000-8000-00000000abcd',
  );
}
