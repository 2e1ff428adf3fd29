import { fastifyMultipart, type FastifyMultipartOptions } from '@fastify/multipart';
import type { FastifyInstance, FastifyPluginCallback } from 'fastify';

// The plugin's two hooks that only clean up temp files written by saveRequestFiles().
const DISK_MODE_HOOKS = new Set(['onRequest', 'onResponse']);

function refuseDiskMode(): never {
  throw new Error('saveRequestFiles() is not available: stream uploads with request.parts() or request.file()');
}

/**
 * @fastify/multipart for streamed uploads only (`request.parts()`, `request.file()`): DocQA never saves an
 * upload to a temp file with `saveRequestFiles()`. For that mode the plugin adds an async onRequest hook
 * (with a 'close' listener) and an async onResponse hook to every request of every route (Nest puts all
 * routes on the root instance), which cost a small API request a few percent of its throughput; they
 * are left out, and `saveRequestFiles()` throws instead of leaving files nothing would delete.
 */
export const streamingMultipart: FastifyPluginCallback<FastifyMultipartOptions> = (instance, options, done) => {
  const { addHook, decorateRequest } = instance;
  const patched = instance as { addHook: unknown; decorateRequest: unknown };
  patched.addHook = (name: string, hook: unknown) =>
    DISK_MODE_HOOKS.has(name)
      ? instance
      : (addHook as (n: string, h: unknown) => FastifyInstance).call(instance, name, hook);
  patched.decorateRequest = (name: string, value: unknown) =>
    (decorateRequest as (n: string, v: unknown) => FastifyInstance).call(
      instance,
      name,
      name === 'saveRequestFiles' ? refuseDiskMode : value,
    );
  try {
    fastifyMultipart(instance, options, done);
  } finally {
    patched.addHook = addHook;
    patched.decorateRequest = decorateRequest;
  }
};
// Like fastify-plugin: decorations and parsers apply to the whole app, not to an encapsulated child.
Object.assign(streamingMultipart, {
  [Symbol.for('skip-override')]: true,
  [Symbol.for('fastify.display-name')]: '@fastify/multipart',
});
