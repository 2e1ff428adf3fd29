import { EventBus, EventHandler } from './event-bus';
import { LocalFanout } from './local-fanout';

/** The in-process event bus of the embedded mode, where jobs run in the API process itself. */
export class MemoryEventBus extends EventBus {
  private readonly fanout = new LocalFanout();

  publish(channel: string, message: unknown): Promise<void> {
    // Delivered after the publisher's current step, as over Redis, so no caller depends on it being synchronous.
    const copy = JSON.parse(JSON.stringify(message)) as unknown;
    setImmediate(() => this.fanout.deliver(channel, copy));
    return Promise.resolve();
  }

  subscribe(channel: string, handler: EventHandler): Promise<() => void> {
    this.fanout.add(channel, handler);
    return Promise.resolve(() => void this.fanout.remove(channel, handler));
  }
}
