import { Logger, Module } from '@nestjs/common';
import { JwtModule } from '@nestjs/jwt';
import { AppConfig } from '@docqa/core';
import { AuditModule } from '../audit/audit.module';
import { JWT_ALGORITHM, JWT_AUDIENCE, JWT_ISSUER } from './access-token.claims';
import { AccessTokenVerifier } from './access-token.verifier';
import { JWT_SECRET, loadJwtSecret } from './jwt-secret';
import { TokensService } from './tokens.service';

@Module({
  providers: [
    { provide: JWT_SECRET, inject: [AppConfig], useFactory: (c: AppConfig) => loadJwtSecret(c, new Logger('Auth')) },
  ],
  exports: [JWT_SECRET],
})
class JwtSecretModule {}

/** Signing and verifying access tokens, and the refresh-token sessions behind them. */
@Module({
  imports: [
    AuditModule,
    JwtModule.registerAsync({
      imports: [JwtSecretModule],
      inject: [JWT_SECRET, AppConfig],
      useFactory: (secret: string, config: AppConfig) => ({
        secret,
        signOptions: {
          algorithm: JWT_ALGORITHM,
          issuer: JWT_ISSUER,
          audience: JWT_AUDIENCE,
          expiresIn: config.auth.accessTokenTtlSeconds,
        },
        verifyOptions: { algorithms: [JWT_ALGORITHM], issuer: JWT_ISSUER, audience: JWT_AUDIENCE },
      }),
    }),
  ],
  providers: [TokensService, AccessTokenVerifier],
  exports: [TokensService, AccessTokenVerifier],
})
export class TokensModule {}
