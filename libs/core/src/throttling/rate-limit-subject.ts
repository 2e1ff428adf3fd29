/**
 * Who a request counts against for the per-principal limit (`user:<id>` or `key:<id>`). Authentication
 * sets it; core cannot know about users or API keys, so it is carried on the request under this name.
 */
const SUBJECT = Symbol('docqa.rateLimitSubject');

export function setRateLimitSubject(request: object, subject: string): void {
  (request as Record<symbol, string>)[SUBJECT] = subject;
}

export function rateLimitSubjectOf(request: object): string | undefined {
  return (request as Record<symbol, string | undefined>)[SUBJECT];
}
