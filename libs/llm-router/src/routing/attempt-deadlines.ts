export type TimeoutPhase = 'connect' | 'first_token' | 'total';

/** The abort reason of an attempt that ran out of time. */
export class AttemptTimeout extends Error {
  constructor(
    readonly phase: TimeoutPhase,
    readonly ms: number,
  ) {
    super(
      phase === 'connect'
        ? `no answer within ${ms} ms`
        : phase === 'first_token'
          ? `no first token within ${ms} ms`
          : `not finished within ${ms} ms`,
    );
    this.name = 'AttemptTimeout';
  }
}

export interface AttemptTimeouts {
  connectMs: number;
  firstTokenMs: number;
  totalMs: number;
}

/**
 * The three deadlines of one attempt, all counted from its start: an answer (response headers) within
 * `connectMs`, a first token within `firstTokenMs`, the end within `totalMs`. Missing one aborts the
 * attempt's signal with an `AttemptTimeout`; the caller's own signal aborts it too.
 */
export class AttemptDeadlines {
  private readonly controller = new AbortController();
  private readonly timers: Array<NodeJS.Timeout | undefined>;
  private readonly detach: () => void;

  constructor(
    timeouts: AttemptTimeouts,
    private readonly caller?: AbortSignal,
  ) {
    const arm = (phase: TimeoutPhase, ms: number) =>
      setTimeout(() => this.controller.abort(new AttemptTimeout(phase, ms)), ms);
    this.timers = [
      arm('connect', timeouts.connectMs),
      arm('first_token', timeouts.firstTokenMs),
      arm('total', timeouts.totalMs),
    ];
    const onAbort = () => this.controller.abort(caller!.reason);
    caller?.addEventListener('abort', onAbort, { once: true });
    this.detach = () => caller?.removeEventListener('abort', onAbort);
    if (caller?.aborted) onAbort();
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  /** The provider answered: the connect deadline is met. */
  responded(): void {
    this.clear(0);
  }

  /** The first token arrived: the first-token deadline is met. */
  firstToken(): void {
    this.clear(0);
    this.clear(1);
  }

  /** The deadline that was missed, if one was. */
  get timedOut(): AttemptTimeout | undefined {
    const reason: unknown = this.controller.signal.reason;
    return reason instanceof AttemptTimeout ? reason : undefined;
  }

  /** Whether the caller gave up (before any deadline did). */
  get cancelled(): boolean {
    return !!this.caller?.aborted && !this.timedOut;
  }

  /** Stops the timers and drops the attempt's hold on the caller's signal. */
  dispose(): void {
    for (let i = 0; i < this.timers.length; i++) this.clear(i);
    this.detach();
  }

  /** Aborts the HTTP request (a consumer that stopped reading). */
  abort(): void {
    this.controller.abort(new Error('the stream was closed by its consumer'));
  }

  private clear(i: number): void {
    if (this.timers[i]) clearTimeout(this.timers[i]);
    this.timers[i] = undefined;
  }
}
