import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, IsNull } from 'typeorm';
import { AppConfig } from '@docqa/core';
import { AuditEventType } from '../audit/audit-event-type';
import { AuditService } from '../audit/audit.service';
import { AuthErrorCode, AuthException } from '../auth.errors';
import { LoginBackoffService } from '../login-backoff/login-backoff.service';
import { PasswordHasher } from '../passwords/password-hasher';
import { passwordProblem } from '../passwords/password-policy';
import type { RequestContextInfo } from '../principal/request-context';
import type { RequestPrincipal } from '../principal/request-principal';
import { TokensService } from '../tokens/tokens.service';
import { toUserDto } from '../users/user.mapper';
import { UserEntity } from '../users/user.entity';
import { hashInvitationToken } from '../workspaces/invitation-token';
import { WorkspaceInvitationEntity } from '../workspaces/workspace-invitation.entity';
import { WorkspaceMemberEntity } from '../workspaces/workspace-member.entity';
import { WorkspaceEntity } from '../workspaces/workspace.entity';
import type { AuthTokensDto } from './dto/auth-tokens.dto';
import type { ChangePasswordDto } from './dto/change-password.dto';
import type { LoginDto } from './dto/login.dto';
import type { MeDto } from './dto/me.dto';
import type { RefreshTokensDto } from './dto/refresh-tokens.dto';
import type { RegisterDto } from './dto/register.dto';
import type { UserDto } from './dto/user.dto';

/** Serialises registrations, so exactly one first user becomes the platform admin. */
const REGISTRATION_LOCK = 0x646f6371_61726567n; // "docqareg"

function weak(problem: string): AuthException {
  return new AuthException(AuthErrorCode.WeakPassword, problem);
}

/** Registration, sign-in, token refresh, sign-out and password changes. */
@Injectable()
export class AccountsService {
  constructor(
    private readonly config: AppConfig,
    private readonly hasher: PasswordHasher,
    private readonly tokens: TokensService,
    private readonly backoff: LoginBackoffService,
    private readonly audit: AuditService,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  async register(dto: RegisterDto, context: RequestContextInfo): Promise<AuthTokensDto> {
    const problem = passwordProblem(dto.password, dto.email);
    if (problem) throw weak(problem);
    // Hashing takes tens of milliseconds: do it before taking the (in embedded mode, only) connection.
    const passwordHash = await this.hasher.hash(dto.password);
    return this.dataSource.transaction(async (manager) => {
      await manager.query('SELECT pg_advisory_xact_lock($1)', [REGISTRATION_LOCK.toString()]);
      const first = !(await manager.exists(UserEntity));
      const invitation = await this.admissionFor(manager, dto, first);
      if (await manager.exists(UserEntity, { where: { email: dto.email } })) {
        throw new AuthException(AuthErrorCode.EmailTaken, 'an account with this email already exists');
      }
      const user = await manager.save(
        manager.create(UserEntity, {
          email: dto.email,
          displayName: dto.displayName ?? null,
          passwordHash,
          platformRole: first ? 'admin' : 'user',
        }),
      );
      const personal = await manager.save(
        manager.create(WorkspaceEntity, {
          name: `${dto.displayName ?? dto.email}'s workspace`,
          personalOwnerId: user.id,
        }),
      );
      await manager.insert(WorkspaceMemberEntity, { workspaceId: personal.id, userId: user.id, role: 'owner' });
      if (invitation) {
        await manager.insert(WorkspaceMemberEntity, {
          workspaceId: invitation.workspaceId,
          userId: user.id,
          role: invitation.role,
        });
        await manager.update(WorkspaceInvitationEntity, { id: invitation.id }, { acceptedAt: () => 'now()' });
      }
      await this.audit.record(
        {
          type: AuditEventType.Registered,
          actorUserId: user.id,
          workspaceId: personal.id,
          ip: context.ip,
          requestId: context.requestId,
          details: {
            platformRole: user.platformRole,
            ...(invitation ? { joinedWorkspaceId: invitation.workspaceId, role: invitation.role } : {}),
          },
        },
        manager,
      );
      const pair = await this.tokens.startSession(manager, user.id);
      return { ...pair, user: toUserDto(user, personal.id) };
    });
  }

  async login(dto: LoginDto, context: RequestContextInfo): Promise<AuthTokensDto> {
    await this.backoff.assertAllowed(dto.email, context.ip);
    const user = await this.dataSource.manager.findOne(UserEntity, { where: { email: dto.email } });
    const ok = user
      ? await this.hasher.verify(user.passwordHash, dto.password)
      : await this.hasher.verifyNothing(dto.password);
    if (!user || !ok) {
      const lockMs = await this.backoff.recordFailure(dto.email, context.ip);
      await this.audit.record({
        type: AuditEventType.LoginFailed,
        actorUserId: user?.id,
        ip: context.ip,
        requestId: context.requestId,
        details: { email: dto.email, reason: user ? 'wrong password' : 'unknown email', lockedForMs: lockMs },
      });
      throw new AuthException(AuthErrorCode.InvalidCredentials, 'email or password is wrong');
    }
    await this.backoff.recordSuccess(dto.email);
    if (user.disabledAt) {
      // Said only to someone who knows the password: a disabled account is no secret from its owner.
      await this.audit.record({
        type: AuditEventType.LoginFailed,
        actorUserId: user.id,
        ip: context.ip,
        requestId: context.requestId,
        details: { email: dto.email, reason: 'account disabled' },
      });
      throw new AuthException(AuthErrorCode.AccountDisabled, 'this account is disabled; ask a platform admin');
    }
    if (this.hasher.needsRehash(user.passwordHash)) {
      await this.dataSource.manager.update(
        UserEntity,
        { id: user.id },
        {
          passwordHash: await this.hasher.hash(dto.password),
        },
      );
    }
    return this.dataSource.transaction(async (manager) => {
      const personal = await this.personalWorkspaceId(manager, user.id);
      const pair = await this.tokens.startSession(manager, user.id);
      await this.audit.record(
        { type: AuditEventType.LoginSucceeded, actorUserId: user.id, ip: context.ip, requestId: context.requestId },
        manager,
      );
      return { ...pair, user: toUserDto(user, personal) };
    });
  }

  async refresh(dto: RefreshTokensDto, context: RequestContextInfo): Promise<AuthTokensDto> {
    const { userId, pair } = await this.tokens.rotate(dto.refreshToken, context);
    return { ...pair, user: await this.userDto(this.dataSource.manager, userId) };
  }

  async logout(principal: RequestPrincipal, context: RequestContextInfo): Promise<void> {
    if (!principal.sessionId) return;
    const sessionId = principal.sessionId;
    await this.dataSource.transaction(async (manager) => {
      await this.tokens.revoke(manager, sessionId, 'logout');
      await this.audit.record(
        { type: AuditEventType.Logout, actorUserId: principal.userId, ip: context.ip, requestId: context.requestId },
        manager,
      );
    });
  }

  async getMe(principal: RequestPrincipal): Promise<MeDto> {
    return {
      user: await this.userDto(this.dataSource.manager, principal.userId),
      workspaceId: principal.workspaceId,
      workspaceRole: principal.workspaceRole,
      scopes: principal.scopes,
      ...(principal.apiKeyId ? { apiKeyId: principal.apiKeyId } : {}),
    };
  }

  /** Needs the current password (with the same backoff as sign-in); ends every other session of the user. */
  async changePassword(
    principal: RequestPrincipal,
    dto: ChangePasswordDto,
    context: RequestContextInfo,
  ): Promise<void> {
    const user = await this.dataSource.manager.findOneOrFail(UserEntity, { where: { id: principal.userId } });
    await this.backoff.assertAllowed(user.email, context.ip);
    if (!(await this.hasher.verify(user.passwordHash, dto.currentPassword))) {
      await this.backoff.recordFailure(user.email, context.ip);
      throw new AuthException(AuthErrorCode.WrongPassword, 'current password is wrong');
    }
    const problem = passwordProblem(dto.newPassword, user.email);
    if (problem) throw weak(problem);
    if (dto.newPassword === dto.currentPassword) throw weak('new password must differ from the current one');
    const passwordHash = await this.hasher.hash(dto.newPassword);
    await this.dataSource.transaction(async (manager) => {
      await manager.update(UserEntity, { id: user.id }, { passwordHash, passwordChangedAt: () => 'now()' });
      await this.tokens.revokeOthers(manager, user.id, principal.sessionId, 'password_changed');
      await this.audit.record(
        { type: AuditEventType.PasswordChanged, actorUserId: user.id, ip: context.ip, requestId: context.requestId },
        manager,
      );
    });
  }

  /**
   * Whether this registration is allowed under REGISTRATION, and the invitation it redeems. The first
   * account is always allowed: without it no one could ever administer the deployment.
   */
  private async admissionFor(
    manager: EntityManager,
    dto: RegisterDto,
    first: boolean,
  ): Promise<WorkspaceInvitationEntity | null> {
    const mode = this.config.auth.registration;
    if (mode === 'closed' && !first) {
      throw new AuthException(AuthErrorCode.RegistrationClosed, 'registration is closed on this server');
    }
    if (!dto.invitationToken) {
      if (mode === 'invite' && !first) {
        throw new AuthException(AuthErrorCode.InvitationRequired, 'registration needs an invitation on this server');
      }
      return null;
    }
    const invitation = await manager.findOne(WorkspaceInvitationEntity, {
      where: { tokenHash: hashInvitationToken(dto.invitationToken), acceptedAt: IsNull() },
      lock: { mode: 'pessimistic_write' },
    });
    if (!invitation || invitation.expiresAt.getTime() <= Date.now() || invitation.email !== dto.email) {
      throw new AuthException(
        AuthErrorCode.InvitationRequired,
        'the invitation is invalid, expired, already used, or for another email address',
      );
    }
    return invitation;
  }

  private async personalWorkspaceId(manager: EntityManager, userId: string): Promise<string> {
    const workspace = await manager.findOneOrFail(WorkspaceEntity, {
      where: { personalOwnerId: userId },
      select: { id: true },
    });
    return workspace.id;
  }

  private async userDto(manager: EntityManager, userId: string): Promise<UserDto> {
    const user = await manager.findOneOrFail(UserEntity, { where: { id: userId } });
    return toUserDto(user, await this.personalWorkspaceId(manager, userId));
  }
}
