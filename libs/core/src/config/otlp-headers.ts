/**
 * OTEL_EXPORTER_OTLP_HEADERS entries (`key=value`, values URL-encoded as the OpenTelemetry spec says) as a
 * header map; a malformed entry adds a problem that names its position, never its value (it may be a key).
 */
export function parseOtlpHeaders(entries: string[], problems: string[]): Record<string, string> {
  const headers: Record<string, string> = {};
  entries.forEach((entry, i) => {
    const eq = entry.indexOf('=');
    const key = eq > 0 ? entry.slice(0, eq).trim() : '';
    let value: string | undefined;
    try {
      value = eq > 0 ? decodeURIComponent(entry.slice(eq + 1).trim()) : undefined;
    } catch {
      value = undefined;
    }
    if (!/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(key) || value === undefined) {
      problems.push(
        `OTEL_EXPORTER_OTLP_HEADERS (value hidden): entry ${i + 1} is not valid: write key=value pairs separated by commas, values URL-encoded`,
      );
      return;
    }
    headers[key.toLowerCase()] = value;
  });
  return headers;
}
