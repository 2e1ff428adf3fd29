/** The allow-list entry that admits every tool a server offers. */
export const ALLOW_ALL_TOOLS = '*';

/**
 * Whether a server's allow-list admits a tool (by the name the server gives it). An empty list admits
 * nothing: a server is added first, its tools are looked at (`GET .../tools`), then chosen.
 */
export function isToolAllowed(allowedTools: readonly string[], tool: string): boolean {
  return allowedTools.includes(ALLOW_ALL_TOOLS) || allowedTools.includes(tool);
}
