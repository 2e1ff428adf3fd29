import { Module } from '@nestjs/common';
import { AuthModule } from '@docqa/auth';
import { DocumentsModule } from '@docqa/documents';
import { LlmRouterModule } from '@docqa/llm-router';
import { AdminProvidersController } from './providers/admin-providers.controller';
import { AdminProvidersService } from './providers/admin-providers.service';
import { AdminQueuesController } from './queues/admin-queues.controller';
import { AdminQueuesService } from './queues/admin-queues.service';
import { AdminReindexController } from './reindex/admin-reindex.controller';
import { AdminSystemController } from './system/admin-system.controller';
import { AdminSystemService } from './system/admin-system.service';
import { AdminUsageController } from './usage/admin-usage.controller';
import { AdminUsersController } from './users/admin-users.controller';
import { AdminWorkspacesController } from './workspaces/admin-workspaces.controller';
import { AdminWorkspacesService } from './workspaces/admin-workspaces.service';

/**
 * The ops API under /api/v1/admin, for platform admins only: users, workspaces and quotas, usage and cost,
 * queues, re-indexing, providers and the system. The rules and their audit stay in the lib that owns the
 * data; this lib gathers them into routes. The audit log, LLM budget, rate limit and safety policy routes
 * live with their libs. For the api app.
 */
@Module({
  imports: [AuthModule, DocumentsModule, LlmRouterModule],
  controllers: [
    AdminUsersController,
    AdminWorkspacesController,
    AdminUsageController,
    AdminQueuesController,
    AdminReindexController,
    AdminProvidersController,
    AdminSystemController,
  ],
  providers: [AdminWorkspacesService, AdminQueuesService, AdminProvidersService, AdminSystemService],
})
export class AdminModule {}
