/** What separates the server's name from the tool's in the names the agent sees. */
export const TOOL_NAME_SEPARATOR = '__';

/** LLM tool-calling APIs accept `^[a-zA-Z0-9_-]{1,64}$` as a function name. */
const MAX_TOOL_NAME = 64;
const INVALID = /[^A-Za-z0-9_-]/g;

/** Server names: lower-case letters, digits and inner hyphens, never `__`, so the first `__` splits a tool name. */
export const SERVER_NAME_PATTERN = /^[a-z0-9](?:[a-z0-9-]{0,30}[a-z0-9])?$/;

/** The server's name in a `<server>__<tool>` name, or undefined when it has none. */
export function serverNameOf(toolName: string): string | undefined {
  const at = toolName.indexOf(TOOL_NAME_SEPARATOR);
  if (at <= 0) return undefined;
  const server = toolName.slice(0, at);
  return SERVER_NAME_PATTERN.test(server) ? server : undefined;
}

/**
 * The names the agent sees for a server's tools, in the server's order: `<server>__<tool>` with characters
 * function-calling APIs refuse replaced by `_`, cut to 64 characters, and a `_2`, `_3`... suffix when two
 * tools would share a name. The same list always gives the same names, so a call maps back to its tool.
 */
export function exposedToolNames(server: string, tools: readonly string[]): Map<string, string> {
  const prefix = `${server}${TOOL_NAME_SEPARATOR}`;
  const room = MAX_TOOL_NAME - prefix.length;
  const byExposed = new Map<string, string>();
  for (const tool of tools) {
    const base = (tool.replace(INVALID, '_') || '_').slice(0, room);
    let exposed = prefix + base;
    for (let n = 2; byExposed.has(exposed); n++) {
      const suffix = `_${n}`;
      exposed = prefix + base.slice(0, room - suffix.length) + suffix;
    }
    byExposed.set(exposed, tool);
  }
  return byExposed;
}
