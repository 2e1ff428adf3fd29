import { Injectable } from '@nestjs/common';
import type { LlmProviderId } from '@docqa/core';
import type { AttemptOutcome } from '../chat/chat-result';

/** One provider attempt that failed, as admins read it: no prompt, no answer, no key. */
export interface ProviderErrorEntry {
  at: string;
  provider: LlmProviderId;
  model: string;
  outcome: AttemptOutcome;
  /** The HTTP status the provider answered, when it did. */
  status?: number;
  message: string;
  workspaceId: string;
  requestId?: string;
}

/** Failed attempts kept per process; older ones drop off. */
export const PROVIDER_ERROR_LOG_SIZE = 200;

/**
 * The last failed provider attempts of this process, retries and failovers included (the usage table keeps
 * one row per call, so an attempt that another provider made up for leaves no trace there). In memory, per
 * api instance, like the circuit breakers.
 */
@Injectable()
export class ProviderErrorLog {
  private readonly ring: ProviderErrorEntry[] = [];
  private next = 0;

  record(entry: Omit<ProviderErrorEntry, 'at'>): void {
    const full = { at: new Date().toISOString(), ...entry };
    if (this.ring.length < PROVIDER_ERROR_LOG_SIZE) this.ring.push(full);
    else this.ring[this.next] = full;
    this.next = (this.next + 1) % PROVIDER_ERROR_LOG_SIZE;
  }

  /** Newest first. */
  recent(limit = PROVIDER_ERROR_LOG_SIZE): ProviderErrorEntry[] {
    const ordered =
      this.ring.length < PROVIDER_ERROR_LOG_SIZE
        ? [...this.ring]
        : [...this.ring.slice(this.next), ...this.ring.slice(0, this.next)];
    return ordered.reverse().slice(0, limit);
  }
}
