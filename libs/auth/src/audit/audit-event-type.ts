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
}
