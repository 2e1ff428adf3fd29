/** A pass over each log object before it is written; returns the object to write (a copy when it changes). */
export type LogScrubber = (object: Record<string, unknown>) => Record<string, unknown>;

let scrubber: LogScrubber | undefined;

/**
 * Installs the process's log scrubber (the safety lib masks personal data in free-text fields with it), or
 * removes it with undefined. One per process, like the logger it serves; returns the one it replaced.
 */
export function setLogScrubber(next: LogScrubber | undefined): LogScrubber | undefined {
  const previous = scrubber;
  scrubber = next;
  return previous;
}

/** pino's `formatters.log`: the scrubber's pass, or the object as it is when none is installed. */
export function scrubLogObject(object: Record<string, unknown>): Record<string, unknown> {
  return scrubber ? scrubber(object) : object;
}
