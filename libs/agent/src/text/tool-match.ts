import { contentTerms, wordsOf } from './terms';

export interface ToolDescription {
  name: string;
  description: string;
  parameters: Record<string, unknown>;
}

/** Question words a tool's name and description must share with the question, at least. */
const MIN_SHARED_TERMS = 2;

/** The one string argument a tool takes, when it takes exactly one (the offline agent can fill only that). */
export function singleStringArgument(parameters: Record<string, unknown>): string | undefined {
  const props = parameters.properties as Record<string, { type?: unknown }> | undefined;
  if (!props) return undefined;
  const required = Array.isArray(parameters.required) ? (parameters.required as string[]) : [];
  const strings = Object.entries(props)
    .filter(([, p]) => p?.type === 'string')
    .map(([k]) => k);
  if (required.length > 1 || required.some((r) => !strings.includes(r))) return undefined;
  if (required.length === 1) return required[0];
  return strings.length === 1 ? strings[0] : undefined;
}

/**
 * The tool that fits a question without a model: the one whose name and description share the most content
 * words with it (at least two, and at least a third of the question's), among the tools whose arguments are
 * one string, which gets the question. Undefined when none fits: the documents are searched instead.
 */
export function matchToolOffline<T extends ToolDescription>(
  question: string,
  tools: readonly T[],
): { tool: T; arguments: Record<string, unknown> } | undefined {
  const asked = new Set(contentTerms(question));
  if (!asked.size) return undefined;
  let best: { tool: T; shared: number; argument: string } | undefined;
  for (const tool of tools) {
    const argument = singleStringArgument(tool.parameters);
    if (!argument) continue;
    // Tool names are identifiers (`weather__get_forecast`, `getForecast`): their words count too.
    const nameWords = wordsOf(tool.name.replace(/([a-z])([A-Z])/g, '$1 $2').replace(/_/g, ' ')).join(' ');
    const offered = new Set(contentTerms(`${nameWords} ${tool.description}`));
    let shared = 0;
    for (const t of asked) if (offered.has(t)) shared++;
    if (shared < MIN_SHARED_TERMS || shared / asked.size < 1 / 3) continue;
    if (!best || shared > best.shared) best = { tool, shared, argument };
  }
  return best ? { tool: best.tool, arguments: { [best.argument]: question } } : undefined;
}
