import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, type RequestPrincipal } from '@docqa/auth';
import { ConversationsService } from './conversations.service';
import {
  ConversationDetailDto,
  ConversationDto,
  ConversationIdParamDto,
  ConversationPageDto,
  CreateConversationDto,
  ListConversationsQueryDto,
} from './dto/conversation.dto';

/** The caller's conversations with the agent in this workspace. */
@ApiTags('chat')
@ApiBearerAuth()
@ApiSecurity('api-key')
@Controller('conversations')
export class ConversationsController {
  constructor(private readonly conversations: ConversationsService) {}

  /** Starts an empty conversation (`POST /chat` without `conversationId` starts one too). */
  @Post()
  createConversation(
    @CurrentPrincipal() principal: RequestPrincipal,
    @Body() dto: CreateConversationDto,
  ): Promise<ConversationDto> {
    return this.conversations.create(principal, dto);
  }

  /** Your conversations, most recently active first. */
  @Get()
  listConversations(
    @CurrentPrincipal() principal: RequestPrincipal,
    @Query() query: ListConversationsQueryDto,
  ): Promise<ConversationPageDto> {
    return this.conversations.list(principal, query);
  }

  /** A conversation with every message, and each answer's sources, citations, verification and usage. */
  @Get(':id')
  getConversation(
    @CurrentPrincipal() principal: RequestPrincipal,
    @Param() params: ConversationIdParamDto,
  ): Promise<ConversationDetailDto> {
    return this.conversations.get(principal, params.id);
  }

  /** Deletes a conversation and its messages. */
  @Delete(':id')
  @HttpCode(204)
  deleteConversation(
    @CurrentPrincipal() principal: RequestPrincipal,
    @Param() params: ConversationIdParamDto,
  ): Promise<void> {
    return this.conversations.delete(principal, params.id);
  }
}
