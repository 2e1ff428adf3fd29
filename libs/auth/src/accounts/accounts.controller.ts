import { Body, Controller, Get, HttpCode, HttpStatus, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiSecurity, ApiTags, ApiTooManyRequestsResponse } from '@nestjs/swagger';
import { AuthThrottle, Public } from '@docqa/core';
import { CurrentPrincipal } from '../decorators/current-principal.decorator';
import { RequestContext } from '../decorators/request-context.decorator';
import { SessionOnly } from '../decorators/session-only.decorator';
import type { RequestContextInfo } from '../principal/request-context';
import type { RequestPrincipal } from '../principal/request-principal';
import { AccountsService } from './accounts.service';
import { AuthTokensDto } from './dto/auth-tokens.dto';
import { ChangePasswordDto } from './dto/change-password.dto';
import { LoginDto } from './dto/login.dto';
import { MeDto } from './dto/me.dto';
import { RefreshTokensDto } from './dto/refresh-tokens.dto';
import { RegisterDto } from './dto/register.dto';

@ApiTags('auth')
@Controller('auth')
export class AccountsController {
  constructor(private readonly accounts: AccountsService) {}

  /** Creates an account and its personal workspace, and signs it in. The first account becomes platform admin. */
  @Public()
  @AuthThrottle()
  @Post('register')
  @ApiTooManyRequestsResponse({ description: 'Too many attempts from this client; see Retry-After.' })
  register(@Body() dto: RegisterDto, @RequestContext() context: RequestContextInfo): Promise<AuthTokensDto> {
    return this.accounts.register(dto, context);
  }

  /** Signs in. Repeated failures lock the account and the client IP for a growing time (429 with Retry-After). */
  @Public()
  @AuthThrottle()
  @Post('login')
  @HttpCode(HttpStatus.OK)
  @ApiTooManyRequestsResponse({ description: 'Locked after failed attempts, or throttled; see Retry-After.' })
  login(@Body() dto: LoginDto, @RequestContext() context: RequestContextInfo): Promise<AuthTokensDto> {
    return this.accounts.login(dto, context);
  }

  /** Trades a refresh token for a new pair. Reusing a spent refresh token ends the whole session. */
  @Public()
  @Post('refresh')
  @HttpCode(HttpStatus.OK)
  refreshTokens(@Body() dto: RefreshTokensDto, @RequestContext() context: RequestContextInfo): Promise<AuthTokensDto> {
    return this.accounts.refresh(dto, context);
  }

  /** Ends this session: its refresh token and access tokens stop working. */
  @ApiBearerAuth()
  @SessionOnly()
  @Post('logout')
  @HttpCode(HttpStatus.NO_CONTENT)
  logout(
    @CurrentPrincipal() principal: RequestPrincipal,
    @RequestContext() context: RequestContextInfo,
  ): Promise<void> {
    return this.accounts.logout(principal, context);
  }

  /** The caller, and the workspace and role this request acts with. */
  @ApiBearerAuth()
  @ApiSecurity('api-key')
  @Get('me')
  getMe(@CurrentPrincipal() principal: RequestPrincipal): Promise<MeDto> {
    return this.accounts.getMe(principal);
  }

  /** Needs the current password; signs out every other session of the account. */
  @ApiBearerAuth()
  @SessionOnly()
  @Post('password')
  @HttpCode(HttpStatus.NO_CONTENT)
  changePassword(
    @CurrentPrincipal() principal: RequestPrincipal,
    @Body() dto: ChangePasswordDto,
    @RequestContext() context: RequestContextInfo,
  ): Promise<void> {
    return this.accounts.changePassword(principal, dto, context);
  }
}
