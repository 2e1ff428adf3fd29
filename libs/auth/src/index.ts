export { IS_PUBLIC_KEY, Public } from '@docqa/core';
export { AuthModule } from './auth.module';
export { AuthErrorCode, AuthException } from './auth.errors';
export {
  ACCESS_SCOPES,
  PLATFORM_ROLES,
  WORKSPACE_ROLES,
  roleAtLeast,
  scopesForRole,
  type AccessScope,
  type PlatformRole,
  type WorkspaceRole,
} from './principal/roles';
export { PRINCIPAL_REQUEST_KEY, type RequestPrincipal } from './principal/request-principal';
export type { RequestContextInfo } from './principal/request-context';
export { CurrentPrincipal } from './decorators/current-principal.decorator';
export { RequestContext } from './decorators/request-context.decorator';
export { RequireRole } from './decorators/require-role.decorator';
export { RequireScope } from './decorators/require-scope.decorator';
export { PlatformAdmin } from './decorators/platform-admin.decorator';
export { SessionOnly } from './decorators/session-only.decorator';
export { API_KEY_HEADER, WORKSPACE_HEADER } from './guards/auth.guard';
export { RequestAuthenticator, type PresentedCredentials } from './guards/request-authenticator';
export { isUuid } from './principal/uuid';
export { UserEntity } from './users/user.entity';
export { WorkspaceEntity } from './workspaces/workspace.entity';
export { WorkspaceMemberEntity } from './workspaces/workspace-member.entity';
export { AuditEventType } from './audit/audit-event-type';
export { AuditEventEntity } from './audit/audit-event.entity';
export { AuditModule } from './audit/audit.module';
export { AuditService, type AuditEventInput, type AuditTarget } from './audit/audit.service';
export { UserAdminService } from './users/user-admin.service';
export { AdminUserDto, AdminUserPageDto } from './users/dto/admin-user.dto';
export { ListUsersQueryDto } from './users/dto/list-users-query.dto';
export { SetPlatformRoleDto } from './users/dto/set-platform-role.dto';
export {
  WorkspaceAdminService,
  type ListWorkspacesQuery,
  type WorkspaceSummary,
  type WorkspaceSummaryPage,
} from './workspaces/workspace-admin.service';
export { ApiKeysModule } from './api-keys/api-keys.module';
export { ApiKeysService, type ApiKeyPrincipal, type ApiKeyScope } from './api-keys/api-keys.service';
export { VaultCoreModule, VaultModule } from './vault/vault.module';
export { VaultErrorCode, VaultException } from './vault/vault.errors';
export { SecretBox } from './vault/secret-box';
export { ProviderKeysService, type ResolvedProviderKey } from './vault/provider-keys.service';
export { PROVIDER_NAMES, type ProviderName } from './vault/provider-names';
export { LlmRateLimitModule } from './rate-limits/llm-rate-limit.module';
export {
  llmRateLimitHeaders,
  WorkspaceLlmRateLimiter,
  type LlmRateLimitState,
} from './rate-limits/workspace-llm-rate-limiter';
export { WorkspaceLlmLimitsService } from './rate-limits/workspace-llm-limits.service';
export {
  providerKeysSealedColumn,
  reencryptSealedColumn,
  type ReencryptReport,
  type SealedColumn,
} from './vault/reencrypt';
export { runReencryptCommand } from './vault/reencrypt.command';
