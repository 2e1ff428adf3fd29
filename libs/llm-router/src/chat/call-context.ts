/** Who a call is for, and how it may be routed. */
export interface LlmCallContext {
  workspaceId: string;
  userId?: string;
  apiKeyId?: string;
  /** Replaces the workspace's and the platform's chain for this call: `provider` or `provider:model` entries. */
  chain?: string[];
  /** Aborts the call (the client went away): no retry, no failover. */
  signal?: AbortSignal;
  /** The HTTP request this call serves, for the logs. */
  requestId?: string;
}
