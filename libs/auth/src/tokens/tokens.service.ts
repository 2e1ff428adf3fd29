import { Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, IsNull, Not } from 'typeorm';
import { AppConfig } from '@docqa/core';
import { AuditEventType } from '../audit/audit-event-type';
import { AuditService } from '../audit/audit.service';
import { AuthErrorCode, AuthException } from '../auth.errors';
import type { RequestContextInfo } from '../principal/request-context';
import { UserEntity } from '../users/user.entity';
import { AccessTokenClaims } from './access-token.claims';
import { AuthSessionEntity } from './auth-session.entity';
import { hashRefreshToken, newRefreshToken } from './refresh-token.codec';
import { RefreshTokenEntity } from './refresh-token.entity';
import type { TokenPair } from './token-pair';

export type SessionRevocation = 'logout' | 'refresh_reuse' | 'password_changed' | 'user_disabled';

type RotateOutcome = { ok: true; userId: string; pair: TokenPair } | { ok: false; reuse?: { userId: string } };

/**
 * Access tokens (short-lived JWTs naming a session) and refresh tokens (opaque, stored as sha256, single
 * use). Every refresh rotates the token; presenting a spent one means it was stolen or replayed, so the
 * whole session is revoked and the event audited.
 */
@Injectable()
export class TokensService {
  constructor(
    private readonly config: AppConfig,
    private readonly jwt: JwtService,
    private readonly audit: AuditService,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  /** Starts a session for a user who just proved who they are. Runs inside the caller's transaction. */
  async startSession(manager: EntityManager, userId: string): Promise<TokenPair> {
    const session = await manager.save(manager.create(AuthSessionEntity, { userId }));
    return this.issue(manager, userId, session.id);
  }

  /** Trades a refresh token for a new pair; the old one is spent. */
  async rotate(rawToken: string, context: RequestContextInfo): Promise<{ userId: string; pair: TokenPair }> {
    const outcome = await this.dataSource.transaction(async (manager): Promise<RotateOutcome> => {
      const token = await manager
        .createQueryBuilder(RefreshTokenEntity, 't')
        .innerJoinAndSelect('t.session', 's')
        .where('t.token_hash = :hash', { hash: hashRefreshToken(rawToken) })
        .setLock('pessimistic_write', undefined, ['t'])
        .getOne();
      const session = token?.session;
      if (!token || !session || session.revokedAt) return { ok: false };
      if (token.usedAt) {
        await this.revoke(manager, session.id, 'refresh_reuse');
        return { ok: false, reuse: { userId: session.userId } };
      }
      if (token.expiresAt.getTime() <= Date.now()) return { ok: false };
      // Disabling revokes every session, but a refresh racing with it must not outlive it.
      if (await manager.exists(UserEntity, { where: { id: session.userId, disabledAt: Not(IsNull()) } })) {
        await this.revoke(manager, session.id, 'user_disabled');
        return { ok: false };
      }
      await manager.update(RefreshTokenEntity, { id: token.id }, { usedAt: () => 'now()' });
      return { ok: true, userId: session.userId, pair: await this.issue(manager, session.userId, session.id) };
    });
    if (outcome.ok) return { userId: outcome.userId, pair: outcome.pair };
    if (outcome.reuse) {
      // Recorded after the revocation committed, so the event never describes a rolled-back revocation.
      await this.audit.record({
        type: AuditEventType.RefreshReuseDetected,
        actorUserId: outcome.reuse.userId,
        ip: context.ip,
        requestId: context.requestId,
        details: { action: 'session revoked' },
      });
    }
    throw new AuthException(AuthErrorCode.InvalidRefreshToken, 'refresh token is invalid, expired or revoked');
  }

  /** Ends one session: its refresh tokens and the access tokens naming it stop working. */
  async revoke(manager: EntityManager, sessionId: string, reason: SessionRevocation): Promise<void> {
    await manager.update(
      AuthSessionEntity,
      { id: sessionId, revokedAt: IsNull() },
      { revokedAt: () => 'now()', revokedReason: reason },
    );
  }

  /** Ends every session of a user except `keepSessionId` (after a password change). */
  async revokeOthers(
    manager: EntityManager,
    userId: string,
    keepSessionId: string | undefined,
    reason: SessionRevocation,
  ): Promise<void> {
    await manager.update(
      AuthSessionEntity,
      { userId, revokedAt: IsNull(), ...(keepSessionId ? { id: Not(keepSessionId) } : {}) },
      { revokedAt: () => 'now()', revokedReason: reason },
    );
  }

  private async issue(manager: EntityManager, userId: string, sessionId: string): Promise<TokenPair> {
    const refreshToken = newRefreshToken();
    await manager.insert(RefreshTokenEntity, {
      sessionId,
      tokenHash: hashRefreshToken(refreshToken),
      expiresAt: new Date(Date.now() + this.config.auth.refreshTokenTtlSeconds * 1000),
    });
    const claims: AccessTokenClaims = { sub: userId, sid: sessionId };
    const accessToken = await this.jwt.signAsync(claims);
    return { accessToken, refreshToken, expiresIn: this.config.auth.accessTokenTtlSeconds };
  }
}
