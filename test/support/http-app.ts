import { Module, type DynamicModule } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Writable } from 'node:stream';
import { AuthModule } from '@docqa/auth';
import { AppConfig, CoreModule, createHttpApp, ThrottlingModule } from '@docqa/core';
import { createApiApp } from '../../apps/api/src/api-app';
import { GuardProbeController } from './guard-probe.controller';
import { ProbeController } from './probe.controller';

export interface RunningApp {
  app: NestFastifyApplication;
  url: string;
  logs: Array<Record<string, unknown>>;
  close(): Promise<void>;
}

/** Captures the app's JSON log lines so tests can read what was logged. */
export function logCapture(): { stream: Writable; lines: Array<Record<string, unknown>> } {
  const lines: Array<Record<string, unknown>> = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const line of chunk.toString('utf8').split('\n')) if (line.trim()) lines.push(JSON.parse(line));
      done();
    },
  });
  return { stream, lines };
}

async function listen(app: NestFastifyApplication, logs: RunningApp['logs']): Promise<RunningApp> {
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.getHttpServer().address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return { app, url: `http://127.0.0.1:${port}`, logs, close: () => app.close() };
}

/** The real API app, listening on a random loopback port. */
export async function startApi(config: AppConfig): Promise<RunningApp> {
  const capture = logCapture();
  const app = await createApiApp(config, { logDestination: capture.stream });
  return listen(app, capture.lines);
}

@Module({})
class ProbeAppModule {
  static forRoot(config: AppConfig, logDestination: Writable): DynamicModule {
    return {
      module: ProbeAppModule,
      imports: [CoreModule.forRoot(config, { role: 'api', logDestination }), ThrottlingModule],
      controllers: [ProbeController],
    };
  }
}

/** The core with test-only probe routes, built by the same bootstrap as the real apps. */
export async function startProbeApp(config: AppConfig): Promise<RunningApp> {
  const capture = logCapture();
  const app = await createHttpApp(ProbeAppModule.forRoot(config, capture.stream), config);
  return listen(app, capture.lines);
}

@Module({})
class AuthProbeAppModule {
  static forRoot(config: AppConfig, logDestination: Writable): DynamicModule {
    return {
      module: AuthProbeAppModule,
      imports: [CoreModule.forRoot(config, { role: 'api', logDestination }), ThrottlingModule, AuthModule],
      controllers: [GuardProbeController],
    };
  }
}

/** The core and the auth lib with test-only routes that carry each access decorator (`/api/v1/guard-probe/...`). */
export async function startAuthProbeApp(config: AppConfig): Promise<RunningApp> {
  const capture = logCapture();
  const app = await createHttpApp(AuthProbeAppModule.forRoot(config, capture.stream), config);
  return listen(app, capture.lines);
}

/** A response body as loosely-typed JSON, for assertions. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function readJson(res: Response): Promise<any> {
  return res.json();
}
