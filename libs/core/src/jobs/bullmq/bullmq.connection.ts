import type { RedisOptions } from 'bullmq';

/**
 * ioredis keeps a socket that never connected for `disconnectTimeout` (2 s by default) after close;
 * shorter, so a process stopping while Redis is down exits promptly.
 */
const DISCONNECT_TIMEOUT_MS = 200;

/**
 * Redis connection settings of the BullMQ driver. BullMQ gets options rather than a client, so each
 * queue and worker owns (and closes) its connections.
 */
export class BullMqConnection {
  constructor(
    private readonly url: string,
    readonly prefix: string,
    private readonly name: string,
  ) {}

  /** Producers fail fast while Redis is down, so an upload gets an error instead of hanging. */
  queueOptions(): RedisOptions {
    return {
      url: this.url,
      connectionName: `${this.name}-queue`,
      enableOfflineQueue: false,
      disconnectTimeout: DISCONNECT_TIMEOUT_MS,
    };
  }

  /** Workers block on Redis and must retry commands forever (BullMQ requires maxRetriesPerRequest: null). */
  workerOptions(): RedisOptions {
    return {
      url: this.url,
      connectionName: `${this.name}-worker`,
      maxRetriesPerRequest: null,
      disconnectTimeout: DISCONNECT_TIMEOUT_MS,
    };
  }
}
