import { ConfigError } from './config.error';
import { ENV_VARS, EnvName, EnvSpec, EnvVar } from './env.schema';

type ValueOf<S extends EnvSpec> = S extends { kind: 'int' }
  ? number
  : S extends { kind: 'bool' }
    ? boolean
    : S extends { kind: 'list' }
      ? string[]
      : S extends { kind: 'key32' }
        ? Buffer
        : string;

type HasDefault<S> = S extends { default: unknown } ? true : false;

/** The environment after validation: variables with a default are always present, the others may be undefined. */
export type ParsedEnv = {
  [K in EnvName]: HasDefault<(typeof ENV_VARS)[K]['spec']> extends true
    ? ValueOf<(typeof ENV_VARS)[K]['spec']>
    : ValueOf<(typeof ENV_VARS)[K]['spec']> | undefined;
};

const TRUE = new Set(['1', 'true', 'yes', 'on']);
const FALSE = new Set(['0', 'false', 'no', 'off']);

/** Describes a bad value without echoing secrets. */
function shown(name: string, raw: string, v: EnvVar): string {
  if (v.secret) return `${name} (value hidden)`;
  return `${name}=${JSON.stringify(raw.length > 80 ? `${raw.slice(0, 77)}...` : raw)}`;
}

/** A 32-byte key given as 64 hex characters or as base64 (standard or URL-safe alphabet). */
export function decodeKey32(raw: string): Buffer | undefined {
  if (/^[0-9a-fA-F]{64}$/.test(raw)) return Buffer.from(raw, 'hex');
  if (/^[A-Za-z0-9+/_-]+={0,2}$/.test(raw)) {
    const buf = Buffer.from(raw, 'base64');
    if (buf.length === 32) return buf;
  }
  return undefined;
}

function parseOne(name: string, raw: string, v: EnvVar): { value?: unknown; problem?: string } {
  const spec = v.spec;
  const what = shown(name, raw, v);
  switch (spec.kind) {
    case 'string':
      if (spec.pattern && !spec.pattern.test(raw)) return { problem: `${what} is not valid: ${spec.hint}` };
      return { value: raw };
    case 'int': {
      if (!/^-?\d+$/.test(raw.replace(/_/g, ''))) return { problem: `${what} must be a whole number` };
      const n = Number(raw.replace(/_/g, ''));
      if (spec.min !== undefined && n < spec.min) return { problem: `${what} must be at least ${spec.min}` };
      if (spec.max !== undefined && n > spec.max) return { problem: `${what} must be at most ${spec.max}` };
      return { value: n };
    }
    case 'bool': {
      const lower = raw.toLowerCase();
      if (TRUE.has(lower)) return { value: true };
      if (FALSE.has(lower)) return { value: false };
      return { problem: `${what} must be true or false` };
    }
    case 'enum':
      if (!spec.values.includes(raw)) return { problem: `${what} must be one of: ${spec.values.join(', ')}` };
      return { value: raw };
    case 'url': {
      let url: URL;
      try {
        url = new URL(raw);
      } catch {
        return { problem: `${name} is not a URL: ${spec.hint}` };
      }
      if (!spec.protocols.includes(url.protocol)) {
        const expected = spec.protocols.map((p) => `${p}//`).join(' or ');
        return { problem: `${name} must be a ${expected} URL, not ${url.protocol}//: ${spec.hint}` };
      }
      if (!url.hostname) return { problem: `${name} has no host: ${spec.hint}` };
      return { value: raw };
    }
    case 'list':
      return {
        value: raw
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean),
      };
    case 'key32': {
      const key = decodeKey32(raw);
      if (!key) {
        return {
          problem: `${name} must be exactly 32 bytes, as base64 (44 characters) or 64 hex characters; ${spec.hint}`,
        };
      }
      return { value: key };
    }
  }
}

/**
 * Validates the whole environment at once and reports every problem together, so a broken deployment is
 * fixed in one round. Empty strings count as unset (as in most `.env` files).
 */
export function parseEnv(env: NodeJS.ProcessEnv): ParsedEnv {
  const out: Record<string, unknown> = {};
  const problems: string[] = [];
  for (const [name, v] of Object.entries(ENV_VARS) as [EnvName, EnvVar][]) {
    const raw = env[name]?.trim();
    if (raw === undefined || raw === '') {
      const dflt = 'default' in v.spec ? v.spec.default : undefined;
      out[name] = dflt === undefined ? undefined : parseOne(name, String(dflt), v).value;
      continue;
    }
    const { value, problem } = parseOne(name, raw, v);
    if (problem) problems.push(problem);
    else out[name] = value;
  }
  if (problems.length) throw new ConfigError(problems);
  return out as ParsedEnv;
}
