import { Injectable } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { RequestPrincipal } from '@docqa/auth';
import { AppConfig } from '@docqa/core';
import { AgentService } from '../agent.service';
import type { AskCaller, AskInput, AskResult } from '../agent.types';
import type { ChatRequestDto, ChatResponseDto } from './chat.dto';
import { SseResponse } from './sse-response';

function wantsEventStream(request: FastifyRequest): boolean {
  return /\btext\/event-stream\b/i.test(request.headers.accept ?? '');
}

function toResponse(result: AskResult): ChatResponseDto {
  const { contexts: _contexts, ...rest } = result;
  return rest;
}

/**
 * `POST /chat`: the agent's answer as JSON, or, when the client accepts `text/event-stream`, its events as
 * they happen (see `AgentEvent`), ending with `done` or `error`. A client that disconnects cancels the run
 * and the LLM call it is waiting for.
 */
@Injectable()
export class ChatService {
  constructor(
    private readonly agent: AgentService,
    private readonly config: AppConfig,
  ) {}

  async respond(
    principal: RequestPrincipal,
    dto: ChatRequestDto,
    request: FastifyRequest,
    reply: FastifyReply,
  ): Promise<void> {
    const caller: AskCaller = {
      workspaceId: principal.workspaceId,
      userId: principal.userId,
      apiKeyId: principal.apiKeyId,
      requestId: String(request.id),
    };
    const input: AskInput = {
      question: dto.question,
      conversationId: dto.conversationId,
      collectionIds: dto.collectionIds,
      documentIds: dto.documentIds,
    };
    const controller = new AbortController();
    const socket = request.raw.socket;
    const onClose = () => controller.abort(new Error('the client disconnected'));
    socket.once('close', onClose);
    try {
      if (!wantsEventStream(request)) {
        const result = await this.agent.ask(caller, input, { signal: controller.signal });
        await reply.status(200).send(toResponse(result));
        return;
      }
      const sse = new SseResponse(reply, this.config.agent.sseHeartbeatMs);
      try {
        await this.agent.ask(caller, input, {
          signal: controller.signal,
          onEvent: (event) => {
            sse.send(event.type, event);
            // Memory and scope are checked: from here on a failure is an `error` event, not an HTTP status.
            if (event.type === 'node_end' && event.node === 'load_memory') sse.commit();
          },
        });
      } catch (err) {
        if (!sse.isCommitted) throw err;
      } finally {
        sse.end();
      }
    } finally {
      socket.removeListener('close', onClose);
    }
  }
}
