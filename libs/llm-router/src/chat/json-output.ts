/**
 * The JSON value of an answer given in a JSON response format, or undefined when it does not parse. Models
 * without a native JSON mode sometimes wrap the object in a Markdown code fence or a sentence; the outermost
 * object is tried then.
 */
export function parseJsonAnswer(text: string): unknown {
  const trimmed = text.trim();
  for (const candidate of [trimmed, fenced(trimmed), outerObject(trimmed)]) {
    if (candidate === undefined) continue;
    try {
      return JSON.parse(candidate);
    } catch {
      // try the next reading
    }
  }
  return undefined;
}

function fenced(text: string): string | undefined {
  return /^```(?:json)?\s*([\s\S]*?)\s*```$/i.exec(text)?.[1];
}

function outerObject(text: string): string | undefined {
  const start = text.indexOf('{');
  const end = text.lastIndexOf('}');
  return start >= 0 && end > start ? text.slice(start, end + 1) : undefined;
}
