import type { DynamicModule } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { AppConfig } from '../config';
import { configureHttpApp } from './configure-http-app';
import { createFastifyAdapter } from './fastify-adapter';
import { streamingMultipart } from './streaming-multipart';

/** Builds a configured (not yet listening) Fastify-based Nest app; both apps and the tests use it. */
export async function createHttpApp(module: DynamicModule, config: AppConfig): Promise<NestFastifyApplication> {
  const app = await NestFactory.create<NestFastifyApplication>(module, createFastifyAdapter(config), {
    bufferLogs: true,
    abortOnError: false,
  });
  configureHttpApp(app, config);
  // Multipart bodies are streamed by the route that reads them (uploads go to storage, never to memory).
  await app.register(streamingMultipart, {
    throwFileSizeLimit: true,
    limits: {
      fileSize: config.ingestion.maxUploadBytes,
      files: config.ingestion.maxFilesPerUpload,
      fields: 20,
      fieldSize: 64 * 1024,
      parts: config.ingestion.maxFilesPerUpload + 20,
    },
  });
  return app;
}
