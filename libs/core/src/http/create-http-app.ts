import type { DynamicModule } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { AppConfig } from '../config';
import { configureHttpApp } from './configure-http-app';
import { createFastifyAdapter } from './fastify-adapter';

/** Builds a configured (not yet listening) Fastify-based Nest app; both apps and the tests use it. */
export async function createHttpApp(module: DynamicModule, config: AppConfig): Promise<NestFastifyApplication> {
  const app = await NestFactory.create<NestFastifyApplication>(module, createFastifyAdapter(config), {
    bufferLogs: true,
    abortOnError: false,
  });
  configureHttpApp(app, config);
  return app;
}
