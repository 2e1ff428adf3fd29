import type { LlmProviderId } from '@docqa/core';

export type CircuitState = 'closed' | 'open' | 'half_open';

export interface CircuitSnapshot {
  provider: LlmProviderId;
  model: string;
  state: CircuitState;
  consecutiveFailures: number;
  /** When the circuit last opened (ISO 8601), while it is open or half-open. */
  openedAt?: string;
  /** When an open circuit lets a trial call through. */
  retryAt?: string;
  lastFailure?: string;
}

export interface CircuitOptions {
  /** Consecutive failures that open a closed circuit. */
  failureThreshold: number;
  /** How long it stays open before one trial call may go through. */
  openMs: number;
}

/** The right to make one call through a circuit; settle it exactly once. */
export interface CircuitPermit {
  /** The provider answered (first token): a half-open circuit closes. */
  succeed(): void;
  /** The provider failed in a way that says it is unwell (429, 5xx, timeout, connection). */
  fail(reason: string): void;
  /** The call ended in a way that says nothing about the provider (a rejected request, a bad key, a cancel). */
  release(): void;
}

interface Circuit {
  provider: LlmProviderId;
  model: string;
  state: CircuitState;
  failures: number;
  openedAt: number;
  trialInFlight: boolean;
  lastFailure?: string;
}

const NO_OP: CircuitPermit = { succeed() {}, fail() {}, release() {} };

/**
 * A circuit breaker per provider and model, in this process. Closed: calls go through, and
 * `failureThreshold` consecutive failures open it. Open: calls skip the provider (the router fails over at
 * once instead of waiting for timeouts) until `openMs` has passed. Half-open: exactly one trial call goes
 * through; its success closes the circuit, its failure opens it for another `openMs`.
 */
export class CircuitBreakers {
  private readonly circuits = new Map<string, Circuit>();

  constructor(
    private readonly options: CircuitOptions,
    private readonly now: () => number = () => Date.now(),
    private readonly onChange: (provider: LlmProviderId, model: string, state: CircuitState) => void = () => {},
  ) {}

  /** A permit to call, or null while the circuit is open (or half-open with its trial under way). */
  tryAcquire(provider: LlmProviderId, model: string): CircuitPermit | null {
    const key = `${provider}\0${model}`;
    const circuit = this.circuits.get(key);
    if (!circuit) return this.permit(key, provider, model, false);
    if (circuit.state === 'closed') return this.permit(key, provider, model, false);
    if (circuit.trialInFlight) return null;
    if (circuit.state === 'open') {
      if (this.now() - circuit.openedAt < this.options.openMs) return null;
      this.set(circuit, 'half_open');
    }
    circuit.trialInFlight = true;
    return this.permit(key, provider, model, true);
  }

  /** A failure after the call had succeeded at first (a stream cut mid-way): counts like any failure. */
  recordFailure(provider: LlmProviderId, model: string, reason: string): void {
    this.failure(this.circuit(`${provider}\0${model}`, provider, model), reason);
  }

  snapshot(): CircuitSnapshot[] {
    return [...this.circuits.values()]
      .map((c) => ({
        provider: c.provider,
        model: c.model,
        state: c.state,
        consecutiveFailures: c.failures,
        ...(c.state === 'closed'
          ? {}
          : {
              openedAt: new Date(c.openedAt).toISOString(),
              retryAt: new Date(c.openedAt + this.options.openMs).toISOString(),
            }),
        ...(c.lastFailure ? { lastFailure: c.lastFailure } : {}),
      }))
      .sort((a, b) => a.provider.localeCompare(b.provider) || a.model.localeCompare(b.model));
  }

  private permit(key: string, provider: LlmProviderId, model: string, trial: boolean): CircuitPermit {
    // The common case (closed, no history) needs no state until something fails.
    if (!trial && !this.circuits.has(key)) {
      return { ...NO_OP, fail: (reason) => this.failure(this.circuit(key, provider, model), reason) };
    }
    let settled = false;
    const settle = (fn: (circuit: Circuit) => void) => {
      if (settled) return;
      settled = true;
      const circuit = this.circuit(key, provider, model);
      if (trial) circuit.trialInFlight = false;
      fn(circuit);
    };
    return {
      succeed: () => settle((c) => this.success(c)),
      fail: (reason) => settle((c) => this.failure(c, reason)),
      release: () => settle(() => {}),
    };
  }

  private circuit(key: string, provider: LlmProviderId, model: string): Circuit {
    let circuit = this.circuits.get(key);
    if (!circuit) {
      circuit = { provider, model, state: 'closed', failures: 0, openedAt: 0, trialInFlight: false };
      this.circuits.set(key, circuit);
    }
    return circuit;
  }

  private success(circuit: Circuit): void {
    circuit.failures = 0;
    if (circuit.state !== 'closed') this.set(circuit, 'closed');
  }

  private failure(circuit: Circuit, reason: string): void {
    circuit.failures += 1;
    circuit.lastFailure = reason;
    if (
      circuit.state === 'half_open' ||
      (circuit.state === 'closed' && circuit.failures >= this.options.failureThreshold)
    ) {
      circuit.openedAt = this.now();
      this.set(circuit, 'open');
    }
  }

  private set(circuit: Circuit, state: CircuitState): void {
    circuit.state = state;
    this.onChange(circuit.provider, circuit.model, state);
  }
}
