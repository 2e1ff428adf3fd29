import { Logger } from '@nestjs/common';
import { AppConfig, ConfigError, loadConfig, loadDotEnv } from './config';

/**
 * Reads `.env` and validates the configuration before anything starts. A bad value ends the process
 * with the list of problems and nothing else: no stack trace for a configuration mistake.
 */
export function loadConfigOrExit(): AppConfig {
  try {
    loadDotEnv();
    return loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(78); // EX_CONFIG
    }
    throw err;
  }
}

/** Ends a process that failed to start, with the reason on one line. */
export function exitOnStartupFailure(what: string): (err: unknown) => never {
  return (err: unknown) => {
    const message = err instanceof Error ? err.message : String(err);
    new Logger(what).error(`failed to start: ${message}`);
    process.stderr.write(`${what} failed to start: ${message}\n`);
    process.exit(1);
  };
}
