import type { PiiEntityType } from '../pii/entity-types';
import type { AnalyzeOptions } from '../pii/pii-analyzer';
import type { SafetyPolicy } from '../policy/safety-policy';

/**
 * Log fields that carry what people typed or documents said. Only these are scanned: running the recognizers
 * over every line and every field would cost more than the logging itself, and the other fields are ids,
 * numbers and fixed messages. Code that logs free text puts it in one of these fields, not in the message.
 */
export const FREE_TEXT_LOG_FIELDS = [
  'question',
  'query',
  'q',
  'prompt',
  'answer',
  'text',
  'content',
  'input',
  'output',
];
/** Longest value scanned; longer ones are cut (a log line is no place for a whole document). */
const MAX_SCANNED = 10_000;

export interface PiiLogScrubberDeps {
  /** Typed placeholders over the pattern recognizers' findings (synchronous). */
  mask(text: string, options: AnalyzeOptions): string;
  /** The last policy loaded for a workspace, without waiting. */
  peekPolicy(workspaceId: string): SafetyPolicy | undefined;
  /** What applies to a line that names no workspace (or one not loaded yet): the default entities. */
  defaultOptions: AnalyzeOptions;
}

function optionsFor(policy: SafetyPolicy | undefined, fallback: AnalyzeOptions): AnalyzeOptions | undefined {
  if (!policy) return fallback;
  if (!policy.logs.enabled || !policy.entities.length) return undefined;
  return { entities: policy.entities as PiiEntityType[], minScore: policy.minScore, phoneRegions: policy.phoneRegions };
}

function scrubText(value: string, deps: PiiLogScrubberDeps, options: AnalyzeOptions): string {
  const text = value.length > MAX_SCANNED ? `${value.slice(0, MAX_SCANNED)}...` : value;
  return deps.mask(text, options);
}

/** The query string of a URL, masked (decoded first, so `a%40b.com` is seen as the address it is). */
function scrubUrl(url: string, deps: PiiLogScrubberDeps, options: AnalyzeOptions): string {
  const q = url.indexOf('?');
  if (q < 0) return url;
  let query = url.slice(q + 1);
  try {
    query = decodeURIComponent(query.replace(/\+/g, ' '));
  } catch {
    // a malformed escape: scan it as written
  }
  const masked = scrubText(query, deps, options);
  return masked === query ? url : `${url.slice(0, q + 1)}${masked}`;
}

/**
 * The log scrubber the safety lib installs in core's logger (`setLogScrubber`): masks personal data in the
 * free-text fields of a line and in the query string of a request line's URL, as typed placeholders. A line
 * naming its `workspaceId` follows that workspace's policy (its `logs` switch and entity list) once this process
 * has loaded it; any other line gets the default entities. The object is copied, never changed in place.
 */
export function createPiiLogScrubber(
  deps: PiiLogScrubberDeps,
): (object: Record<string, unknown>) => Record<string, unknown> {
  return (object) => {
    let options: AnalyzeOptions | undefined | null = null;
    const resolve = () => {
      if (options === null) {
        const ws = object.workspaceId;
        options = optionsFor(typeof ws === 'string' ? deps.peekPolicy(ws) : undefined, deps.defaultOptions);
      }
      return options;
    };
    let out = object;
    for (const key of FREE_TEXT_LOG_FIELDS) {
      const value = object[key];
      if (typeof value !== 'string' || !value) continue;
      const opts = resolve();
      if (!opts) return object;
      const masked = scrubText(value, deps, opts);
      if (masked !== value) {
        if (out === object) out = { ...object };
        out[key] = masked;
      }
    }
    const req = object.req as { url?: unknown } | undefined;
    if (req && typeof req === 'object' && typeof req.url === 'string' && req.url.includes('?')) {
      const opts = resolve();
      if (!opts) return out;
      const url = scrubUrl(req.url, deps, opts);
      if (url !== req.url) {
        if (out === object) out = { ...object };
        out.req = { ...req, url };
      }
    }
    return out;
  };
}
