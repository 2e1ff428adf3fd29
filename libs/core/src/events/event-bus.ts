/** A handler of messages published on one channel. */
export type EventHandler = (message: unknown) => void;

/**
 * Fire-and-forget messages between processes, for live updates (a document's progress, pushed to the
 * browsers watching it). Bound to Redis pub/sub when REDIS_URL is set, so a worker's events reach every
 * API instance, and to an in-memory fan-out otherwise. Delivery is best effort: whatever must survive a
 * restart is written to the database first, and a subscriber that missed messages reads it from there.
 */
export abstract class EventBus {
  /** Publishes a JSON-serialisable message; never throws (a lost live update is not an error). */
  abstract publish(channel: string, message: unknown): Promise<void>;

  /** Calls `handler` for each message on `channel` until the returned function is called. */
  abstract subscribe(channel: string, handler: EventHandler): Promise<() => void>;
}
