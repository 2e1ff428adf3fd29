/** Security events written to `audit_events`. Values are stored; never rename one. */
export enum AuditEventType {
  Registered = 'registered',
  LoginSucceeded = 'login_succeeded',
  LoginFailed = 'login_failed',
  LoginLockedOut = 'login_locked_out',
  Logout = 'logout',
  RefreshReuseDetected = 'refresh_reuse_detected',
  PasswordChanged = 'password_changed',
  WorkspaceCreated = 'workspace_created',
  MemberInvited = 'member_invited',
  RoleChanged = 'role_changed',
  MemberRemoved = 'member_removed',
  ApiKeyCreated = 'api_key_created',
  ApiKeyRevoked = 'api_key_revoked',
  ProviderKeyChanged = 'provider_key_changed',
  /** A platform admin set or cleared one of a workspace's own limits (details: limit, from, to). */
  WorkspaceLimitChanged = 'workspace_limit_changed',
  /** An external MCP server was added, changed or removed in a workspace (details: serverId, name, transport, action). */
  McpServerChanged = 'mcp_server_changed',
  /** A platform admin disabled an account: its sessions, tokens and API keys stopped working (target: the user). */
  UserDisabled = 'user_disabled',
  /** A platform admin enabled a disabled account again (target: the user). */
  UserEnabled = 'user_enabled',
  /** A platform admin changed an account's platform role (target: the user; details: from, to). */
  PlatformRoleChanged = 'platform_role_changed',
  /** A platform admin put failed jobs back in their queue (target: the queue; details: jobIds or all, count). */
  JobsRetried = 'jobs_retried',
  /** A platform admin deleted finished jobs of a queue (target: the queue; details: state, olderThanSeconds, count). */
  JobsCleaned = 'jobs_cleaned',
  /** A platform admin started re-indexing collections with another embedder (details: embedderId, collections). */
  ReindexStarted = 'reindex_started',
  /** A workspace's safety policy was changed, by an owner or a platform admin (details: changes {field: {from, to}}, asAdmin). */
  SafetyPolicyChanged = 'safety_policy_changed',
}
