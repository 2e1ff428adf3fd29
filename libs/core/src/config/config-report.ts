import type { AppConfig } from './app-config';
import { ENV_VARS, type EnvName, type EnvVar } from './env.schema';
import type { ParsedEnv } from './parse-env';

/** What a secret's value is shown as. */
export const REDACTED = '[redacted]';

/** One variable of the running configuration, as the ops endpoints show it. */
export interface ConfigEntry {
  name: EnvName;
  /** The value in effect: secrets are `[redacted]` when set, and null when not; a URL never shows a password. */
  value: string | number | boolean | string[] | null;
  /** `env`: set in the environment; `default`: the schema's default; `unset`: neither. */
  source: 'env' | 'default' | 'unset';
  secret: boolean;
  doc: string;
}

/** The validated environment each loaded configuration came from, kept beside it rather than on it. */
const LOADED = new WeakMap<AppConfig, { parsed: ParsedEnv; set: ReadonlySet<string> }>();

/** Called by `loadConfig`: keeps what `describeConfiguration` reports for this configuration. */
export function rememberEnvironment<C extends AppConfig>(config: C, parsed: ParsedEnv, env: NodeJS.ProcessEnv): C {
  const set = new Set(Object.keys(ENV_VARS).filter((name) => (env[name]?.trim() ?? '') !== ''));
  LOADED.set(config, { parsed, set });
  return config;
}

/** `https://user:secret@host/x` -> `https://user:[redacted]@host/x`: credentials can hide in any URL. */
function withoutPassword(value: string): string {
  try {
    const url = new URL(value);
    if (!url.password) return value;
    url.password = REDACTED;
    return url.toString().replace(encodeURIComponent(REDACTED), REDACTED);
  } catch {
    return value;
  }
}

function shown(v: EnvVar, value: unknown): ConfigEntry['value'] {
  if (value === undefined || value === null) return null;
  if (v.secret) return REDACTED;
  if (Buffer.isBuffer(value)) return REDACTED;
  if (typeof value === 'string') return v.spec.kind === 'url' ? withoutPassword(value) : value;
  if (Array.isArray(value)) return value.map(String);
  if (typeof value === 'number' || typeof value === 'boolean') return value;
  return String(value);
}

/**
 * Every variable of the schema with the value this configuration runs with, secrets redacted (the schema
 * marks them). Null for a configuration that `loadConfig` did not make.
 */
export function describeConfiguration(config: AppConfig): ConfigEntry[] | null {
  const loaded = LOADED.get(config);
  if (!loaded) return null;
  return (Object.entries(ENV_VARS) as [EnvName, EnvVar][]).map(([name, v]) => {
    const value = loaded.parsed[name];
    const source = loaded.set.has(name) ? 'env' : value === undefined ? 'unset' : 'default';
    return { name, value: shown(v, value), source, secret: !!v.secret, doc: v.doc };
  });
}
