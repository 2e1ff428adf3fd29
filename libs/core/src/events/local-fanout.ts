import type { EventHandler } from './event-bus';

/** Handlers per channel in this process; tells its owner when a channel gains its first or loses its last. */
export class LocalFanout {
  private readonly handlers = new Map<string, Set<EventHandler>>();

  /** Returns true when `channel` had no handler before. */
  add(channel: string, handler: EventHandler): boolean {
    let set = this.handlers.get(channel);
    const first = !set;
    if (!set) this.handlers.set(channel, (set = new Set()));
    set.add(handler);
    return first;
  }

  /** Returns true when `channel` has no handler left. */
  remove(channel: string, handler: EventHandler): boolean {
    const set = this.handlers.get(channel);
    if (!set?.delete(handler)) return false;
    if (set.size) return false;
    this.handlers.delete(channel);
    return true;
  }

  deliver(channel: string, message: unknown): void {
    for (const handler of this.handlers.get(channel) ?? []) {
      try {
        handler(message);
      } catch {
        // One subscriber's failure must not keep the message from the others.
      }
    }
  }
}
