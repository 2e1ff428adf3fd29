import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import type { RequestContextInfo } from '../principal/request-context';

/** The client IP and request id, for audit events. */
export const RequestContext = createParamDecorator((_data: unknown, ctx: ExecutionContext): RequestContextInfo => {
  const request = ctx.switchToHttp().getRequest<FastifyRequest>();
  return { ip: request.ip, requestId: String(request.id) };
});
