import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditEventType } from '../audit/audit-event-type';
import { AuditService } from '../audit/audit.service';
import { AuthErrorCode, AuthException } from '../auth.errors';
import type { RequestContextInfo } from '../principal/request-context';
import type { RequestPrincipal } from '../principal/request-principal';
import type { PlatformRole } from '../principal/roles';
import { isUuid } from '../principal/uuid';
import { TokensService } from '../tokens/tokens.service';
import type { AdminUserDto, AdminUserPageDto } from './dto/admin-user.dto';
import type { ListUsersQueryDto } from './dto/list-users-query.dto';
import { UserEntity } from './user.entity';

const DEFAULT_LIMIT = 50;

/** Serialises changes to who is an enabled admin, so two admins cannot demote each other at once. */
const PLATFORM_ADMINS_LOCK = 0x646f6371_61646d6en; // "docqadmn"

interface UserRow {
  id: string;
  email: string;
  display_name: string | null;
  platform_role: PlatformRole;
  disabled_at: Date | null;
  created_at: Date;
  workspace_count: number;
  last_sign_in_at: Date | null;
}

const SELECT_USERS = `
  SELECT u.id, u.email, u.display_name, u.platform_role, u.disabled_at, u.created_at,
         (SELECT count(*)::int FROM workspace_members m WHERE m.user_id = u.id) AS workspace_count,
         (SELECT max(s.created_at) FROM auth_sessions s WHERE s.user_id = u.id) AS last_sign_in_at
    FROM users u`;

function userNotFound(): AuthException {
  return new AuthException(AuthErrorCode.UserNotFound, 'user not found');
}

/** The cursor is the last email of a page (emails are unique), opaque to clients. */
function encodeCursor(email: string): string {
  return Buffer.from(`us:${email}`, 'utf8').toString('base64url');
}

function decodeCursor(cursor: string): string {
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!text.startsWith('us:') || text.length < 4) {
    throw new AuthException(AuthErrorCode.InvalidCursor, 'cursor is not one this API returned');
  }
  return text.slice(3);
}

/** `50%_off` matches those characters literally in LIKE. */
function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

function toDto(row: UserRow): AdminUserDto {
  return {
    id: row.id,
    email: row.email,
    displayName: row.display_name,
    platformRole: row.platform_role,
    disabled: row.disabled_at !== null,
    disabledAt: row.disabled_at,
    workspaceCount: row.workspace_count,
    lastSignInAt: row.last_sign_in_at,
    createdAt: row.created_at,
  };
}

/**
 * Accounts as platform admins manage them: list and search, disable and enable, platform role. The routes
 * are guarded by @PlatformAdmin(); every change is audited with the user as its target.
 */
@Injectable()
export class UserAdminService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly tokens: TokensService,
    private readonly audit: AuditService,
  ) {}

  async listUsers(query: ListUsersQueryDto): Promise<AdminUserPageDto> {
    const limit = query.limit ?? DEFAULT_LIMIT;
    const where: string[] = [];
    const params: unknown[] = [];
    const param = (value: unknown) => {
      params.push(value);
      return `$${params.length}`;
    };
    if (query.q?.trim()) {
      const p = param(likePattern(query.q.trim()));
      where.push(`(u.email ILIKE ${p} ESCAPE '\\' OR u.display_name ILIKE ${p} ESCAPE '\\')`);
    }
    if (query.platformRole) where.push(`u.platform_role = ${param(query.platformRole)}`);
    if (query.status) where.push(query.status === 'disabled' ? 'u.disabled_at IS NOT NULL' : 'u.disabled_at IS NULL');
    const filter = where.length ? ` WHERE ${where.join(' AND ')}` : '';
    const [{ total }] = (await this.dataSource.query(
      `SELECT count(*)::int AS total FROM users u${filter}`,
      params,
    )) as { total: number }[];
    const page = [...where];
    if (query.cursor) page.push(`u.email > ${param(decodeCursor(query.cursor))}`);
    const rows = (await this.dataSource.query(
      `${SELECT_USERS}${page.length ? ` WHERE ${page.join(' AND ')}` : ''} ORDER BY u.email LIMIT ${param(limit + 1)}`,
      params,
    )) as UserRow[];
    const items = rows.slice(0, limit).map(toDto);
    return {
      items,
      total,
      nextCursor: rows.length > limit ? encodeCursor(items[items.length - 1].email) : null,
    };
  }

  async getUser(id: string): Promise<AdminUserDto> {
    return toDto(await this.row(this.dataSource.manager, id));
  }

  /**
   * Disables an account at once: every session is revoked, and its access tokens and API keys are refused
   * from the next request on (the guard reads the account on every request). The keys are not revoked, so
   * enabling the account gives them back.
   */
  async disableUser(actor: RequestPrincipal, id: string, context: RequestContextInfo): Promise<AdminUserDto> {
    if (isUuid(id) && id.toLowerCase() === actor.userId.toLowerCase()) {
      throw new AuthException(AuthErrorCode.CannotDisableSelf, 'you cannot disable your own account');
    }
    await this.dataSource.transaction(async (manager) => {
      await manager.query('SELECT pg_advisory_xact_lock($1)', [PLATFORM_ADMINS_LOCK.toString()]);
      const user = await this.lockUser(manager, id);
      if (user.disabledAt) return;
      await manager.update(UserEntity, { id: user.id }, { disabledAt: () => 'now()' });
      await this.tokens.revokeOthers(manager, user.id, undefined, 'user_disabled');
      await this.record(manager, actor, context, AuditEventType.UserDisabled, user, {
        before: { disabled: false },
        after: { disabled: true },
      });
    });
    return this.getUser(id);
  }

  async enableUser(actor: RequestPrincipal, id: string, context: RequestContextInfo): Promise<AdminUserDto> {
    await this.dataSource.transaction(async (manager) => {
      const user = await this.lockUser(manager, id);
      if (!user.disabledAt) return;
      await manager.update(UserEntity, { id: user.id }, { disabledAt: null });
      await this.record(manager, actor, context, AuditEventType.UserEnabled, user, {
        before: { disabled: true, disabledAt: user.disabledAt.toISOString() },
        after: { disabled: false },
      });
    });
    return this.getUser(id);
  }

  /** Takes effect on the user's next request. The platform always keeps at least one enabled admin. */
  async setPlatformRole(
    actor: RequestPrincipal,
    id: string,
    platformRole: PlatformRole,
    context: RequestContextInfo,
  ): Promise<AdminUserDto> {
    await this.dataSource.transaction(async (manager) => {
      await manager.query('SELECT pg_advisory_xact_lock($1)', [PLATFORM_ADMINS_LOCK.toString()]);
      const user = await this.lockUser(manager, id);
      if (user.platformRole === platformRole) return;
      if (user.platformRole === 'admin' && !user.disabledAt) {
        const [{ others }] = (await manager.query(
          `SELECT count(*)::int AS others FROM users
            WHERE platform_role = 'admin' AND disabled_at IS NULL AND id <> $1`,
          [user.id],
        )) as { others: number }[];
        if (others === 0) {
          throw new AuthException(
            AuthErrorCode.LastPlatformAdmin,
            'this is the last enabled platform admin: make another account admin first',
          );
        }
      }
      await manager.update(UserEntity, { id: user.id }, { platformRole });
      await this.record(manager, actor, context, AuditEventType.PlatformRoleChanged, user, {
        before: { platformRole: user.platformRole },
        after: { platformRole },
      });
    });
    return this.getUser(id);
  }

  private async row(manager: EntityManager, id: string): Promise<UserRow> {
    if (!isUuid(id)) throw userNotFound();
    const [row] = (await manager.query(`${SELECT_USERS} WHERE u.id = $1`, [id.toLowerCase()])) as UserRow[];
    if (!row) throw userNotFound();
    return row;
  }

  private async lockUser(manager: EntityManager, id: string): Promise<UserEntity> {
    if (!isUuid(id)) throw userNotFound();
    const user = await manager.findOne(UserEntity, {
      where: { id: id.toLowerCase() },
      lock: { mode: 'pessimistic_write' },
    });
    if (!user) throw userNotFound();
    return user;
  }

  private record(
    manager: EntityManager,
    actor: RequestPrincipal,
    context: RequestContextInfo,
    type: AuditEventType,
    user: UserEntity,
    change: Record<string, unknown>,
  ): Promise<void> {
    return this.audit.record(
      {
        type,
        actorUserId: actor.userId,
        target: { type: 'user', id: user.id },
        ip: context.ip,
        requestId: context.requestId,
        details: { email: user.email, ...change, ...(actor.apiKeyId ? { apiKeyId: actor.apiKeyId } : {}) },
      },
      manager,
    );
  }
}
