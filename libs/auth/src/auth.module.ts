import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { PrincipalThrottlerGuard } from '@docqa/core';
import { AccountsController } from './accounts/accounts.controller';
import { AccountsService } from './accounts/accounts.service';
import { ApiKeysModule } from './api-keys/api-keys.module';
import { AuditEventsController } from './audit/audit-events.controller';
import { AuditEventsService } from './audit/audit-events.service';
import { AuditModule } from './audit/audit.module';
import { AuthGuard } from './guards/auth.guard';
import { RequestAuthenticator } from './guards/request-authenticator';
import { LoginBackoffService } from './login-backoff/login-backoff.service';
import { PasswordHasher } from './passwords/password-hasher';
import { PrincipalResolver } from './principal/principal.resolver';
import { LlmRateLimitModule } from './rate-limits/llm-rate-limit.module';
import { WorkspaceLlmRateLimitController } from './rate-limits/workspace-llm-rate-limit.controller';
import { TokensModule } from './tokens/tokens.module';
import { UserAdminService } from './users/user-admin.service';
import { VaultModule } from './vault/vault.module';
import { WorkspaceAdminService } from './workspaces/workspace-admin.service';
import { WorkspaceMembersController } from './workspaces/workspace-members.controller';
import { WorkspaceMembersService } from './workspaces/workspace-members.service';
import { WorkspacesController } from './workspaces/workspaces.controller';
import { WorkspacesService } from './workspaces/workspaces.service';

/**
 * Accounts, tokens, workspaces, API keys, the provider-key vault, the audit trail, the per-workspace LLM call
 * limiter and the global guard that authenticates every route not
 * marked `@Public()`. Import it once, in the API app, after the ThrottlingModule (so throttling runs first).
 */
@Module({
  imports: [AuditModule, TokensModule, ApiKeysModule, VaultModule, LlmRateLimitModule],
  controllers: [
    AccountsController,
    WorkspacesController,
    WorkspaceMembersController,
    AuditEventsController,
    WorkspaceLlmRateLimitController,
  ],
  providers: [
    PasswordHasher,
    LoginBackoffService,
    PrincipalResolver,
    RequestAuthenticator,
    AccountsService,
    WorkspacesService,
    WorkspaceMembersService,
    AuditEventsService,
    UserAdminService,
    WorkspaceAdminService,
    { provide: APP_GUARD, useClass: AuthGuard },
    // After authentication: the per-user / per-API-key limit (the per-IP one ran before the guard above).
    { provide: APP_GUARD, useClass: PrincipalThrottlerGuard },
  ],
  exports: [
    AuditModule,
    ApiKeysModule,
    VaultModule,
    LlmRateLimitModule,
    RequestAuthenticator,
    UserAdminService,
    WorkspaceAdminService,
  ],
})
export class AuthModule {}
