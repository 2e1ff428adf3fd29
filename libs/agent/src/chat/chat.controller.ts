import { Body, Controller, HttpCode, Post, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiProduces, ApiSecurity, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { CurrentPrincipal, type RequestPrincipal } from '@docqa/auth';
import { ChatRequestDto, ChatResponseDto } from './chat.dto';
import { ChatService } from './chat.service';

/** Questions to the agent about the workspace's documents. */
@ApiTags('chat')
@ApiBearerAuth()
@ApiSecurity('api-key')
@Controller('chat')
export class ChatController {
  constructor(private readonly chatService: ChatService) {}

  /**
   * Answers a question from the workspace's documents with numbered citations. With `Accept:
   * text/event-stream` the answer streams as server-sent events: `node_start`/`node_end` per graph step,
   * `rewritten_query`, `sources`, `token` (answer text as generated), `verification` (the final answer,
   * which replaces the streamed text, with unsupported sentences removed), `citations`, `usage`, then `done`
   * or `error`; comment lines keep the connection open. Closing the connection cancels the run.
   */
  @Post()
  @HttpCode(200)
  @ApiProduces('application/json', 'text/event-stream')
  @ApiOkResponse({ type: ChatResponseDto })
  chat(
    @CurrentPrincipal() principal: RequestPrincipal,
    @Body() dto: ChatRequestDto,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    return this.chatService.respond(principal, dto, request, reply);
  }
}
