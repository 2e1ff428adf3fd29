import { Controller, Get, Post } from '@nestjs/common';
import {
  CurrentPrincipal,
  PlatformAdmin,
  RequireRole,
  RequireScope,
  SessionOnly,
  WorkspaceLlmRateLimiter,
  type LlmRateLimitState,
  type RequestPrincipal,
} from '@docqa/auth';

/** Test-only routes carrying each access decorator, so the global guard's rules are exercised over HTTP. */
@Controller('guard-probe')
export class GuardProbeController {
  constructor(private readonly llmLimiter: WorkspaceLlmRateLimiter) {}

  @Get('read')
  read(@CurrentPrincipal() principal: RequestPrincipal): RequestPrincipal {
    return principal;
  }

  @Post('write')
  write(@CurrentPrincipal() principal: RequestPrincipal): RequestPrincipal {
    return principal;
  }

  @RequireRole('editor')
  @Post('editor')
  editor(@CurrentPrincipal() principal: RequestPrincipal): RequestPrincipal {
    return principal;
  }

  @RequireRole('owner')
  @RequireScope('admin')
  @Get('owner')
  owner(@CurrentPrincipal() principal: RequestPrincipal): RequestPrincipal {
    return principal;
  }

  @PlatformAdmin()
  @Get('ops')
  ops(@CurrentPrincipal() principal: RequestPrincipal): RequestPrincipal {
    return principal;
  }

  @SessionOnly()
  @Post('session')
  session(@CurrentPrincipal() principal: RequestPrincipal): RequestPrincipal {
    return principal;
  }

  /** Takes one LLM call from the caller's workspace budget, as the LLM router does before each call. */
  @Post('llm-call')
  llmCall(@CurrentPrincipal() principal: RequestPrincipal): Promise<LlmRateLimitState> {
    return this.llmLimiter.acquire(principal.workspaceId);
  }
}
