import { QueueName } from '../job.types';

/**
 * Lets a consumer sleep until a job is enqueued in this process instead of waiting for its next poll.
 * Jobs enqueued by other processes (several processes on one PostgreSQL) are found by polling.
 */
export class LocalWakeups {
  private readonly listeners = new Map<QueueName, Set<() => void>>();

  notify(queue: QueueName): void {
    for (const listener of this.listeners.get(queue) ?? []) listener();
  }

  subscribe(queue: QueueName, listener: () => void): () => void {
    const set = this.listeners.get(queue) ?? new Set();
    set.add(listener);
    this.listeners.set(queue, set);
    return () => set.delete(listener);
  }
}
