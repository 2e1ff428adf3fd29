import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { isUuid, type RequestPrincipal } from '@docqa/auth';
import type { AskCaller } from '../agent.types';
import { AgentErrorCode, AgentException } from '../agent.errors';
import { ConversationEntity } from './conversation.entity';
import { ConversationMessageEntity } from './conversation-message.entity';
import { decodeConversationCursor, encodeConversationCursor } from './conversation-cursor';
import { foldIntoSummary, type ConversationMemory, type MemoryTurn } from './conversation-memory';
import { ConversationStore, type TurnRecord } from './conversation-store';
import type {
  ConversationDetailDto,
  ConversationDto,
  ConversationMessageDto,
  ConversationPageDto,
  CreateConversationDto,
  ListConversationsQueryDto,
} from './dto/conversation.dto';

const DEFAULT_PAGE = 20;
const TITLE_CHARS = 200;

function notFound(): AgentException {
  return new AgentException(AgentErrorCode.ConversationNotFound, 'conversation not found');
}

function titleOf(question: string): string {
  const flat = question.replace(/\s+/g, ' ').trim();
  return flat.length <= TITLE_CHARS ? flat : `${flat.slice(0, TITLE_CHARS - 1).trimEnd()}…`;
}

function toDto(c: ConversationEntity): ConversationDto {
  return { id: c.id, title: c.title, turnCount: c.turnCount, createdAt: c.createdAt, updatedAt: c.updatedAt };
}

function toMessageDto(m: ConversationMessageEntity): ConversationMessageDto {
  return {
    id: m.id,
    turn: m.turn,
    role: m.role,
    content: m.content,
    outcome: m.outcome,
    rewrittenQuery: m.rewrittenQuery,
    sources: m.sources,
    citations: m.citations,
    verification: m.verification,
    usage: m.usage,
    createdAt: m.createdAt,
  };
}

/** Question-and-answer pairs from messages ordered by turn, then role (`assistant` < `user`). */
function turnsOf(messages: ConversationMessageEntity[]): MemoryTurn[] {
  const byTurn = new Map<number, Partial<MemoryTurn>>();
  for (const m of messages) {
    const t = byTurn.get(m.turn) ?? {};
    if (m.role === 'user') t.question = m.content;
    else {
      t.answer = m.content;
      t.rewrittenQuery = m.rewrittenQuery;
    }
    byTurn.set(m.turn, t);
  }
  return [...byTurn.entries()]
    .sort(([a], [b]) => a - b)
    .map(([, t]) => ({ question: t.question ?? '', answer: t.answer ?? '', rewrittenQuery: t.rewrittenQuery ?? null }));
}

/**
 * Conversations with the agent. Each belongs to one user in one workspace: another user, or the same user in
 * another workspace, gets 404 as for a conversation that does not exist. The agent reads a conversation's
 * memory (its summary and last turns) and records each turn here.
 */
@Injectable()
export class ConversationsService extends ConversationStore {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {
    super();
  }

  async create(principal: RequestPrincipal, dto: CreateConversationDto): Promise<ConversationDto> {
    const repo = this.dataSource.getRepository(ConversationEntity);
    const saved = await repo.save(
      repo.create({
        workspaceId: principal.workspaceId,
        userId: principal.userId,
        apiKeyId: principal.apiKeyId ?? null,
        title: dto.title ? titleOf(dto.title) : null,
        summary: '',
        summarizedTurns: 0,
        turnCount: 0,
      }),
    );
    return toDto(saved);
  }

  async list(principal: RequestPrincipal, query: ListConversationsQueryDto): Promise<ConversationPageDto> {
    const limit = query.limit ?? DEFAULT_PAGE;
    const q = this.dataSource.manager
      .createQueryBuilder(ConversationEntity, 'c')
      .where('c.workspace_id = :workspaceId AND c.user_id = :userId', {
        workspaceId: principal.workspaceId,
        userId: principal.userId,
      });
    if (query.cursor) q.andWhere('(c.updated_at, c.id) < (:updatedAt, :id)', decodeConversationCursor(query.cursor));
    const rows = await q
      .orderBy('c.updated_at', 'DESC')
      .addOrderBy('c.id', 'DESC')
      .take(limit + 1)
      .getMany();
    const page = rows.slice(0, limit);
    return {
      items: page.map(toDto),
      nextCursor: rows.length > limit ? encodeConversationCursor(page[page.length - 1]) : null,
    };
  }

  async get(principal: RequestPrincipal, id: string): Promise<ConversationDetailDto> {
    const conversation = await this.find(this.dataSource.manager, principal, id);
    const messages = await this.dataSource.getRepository(ConversationMessageEntity).find({
      where: { conversationId: id },
      order: { turn: 'ASC', role: 'DESC' },
    });
    return { ...toDto(conversation), summary: conversation.summary, messages: messages.map(toMessageDto) };
  }

  async delete(principal: RequestPrincipal, id: string): Promise<void> {
    const result = await this.dataSource
      .createQueryBuilder()
      .delete()
      .from(ConversationEntity)
      .where('id = :id AND workspace_id = :workspaceId AND user_id = :userId', {
        id,
        workspaceId: principal.workspaceId,
        userId: principal.userId,
      })
      .execute();
    if (!result.affected) throw notFound();
  }

  async memoryFor(caller: AskCaller, conversationId: string, turns: number): Promise<ConversationMemory> {
    const conversation = await this.find(this.dataSource.manager, caller, conversationId);
    const messages =
      turns > 0 && conversation.turnCount > 0
        ? await this.dataSource
            .getRepository(ConversationMessageEntity)
            .createQueryBuilder('m')
            .where('m.conversation_id = :id AND m.turn > :from', {
              id: conversationId,
              from: Math.max(conversation.turnCount - turns, conversation.summarizedTurns),
            })
            .orderBy('m.turn', 'ASC')
            .getMany()
        : [];
    return {
      conversationId,
      summary: conversation.summary,
      turns: turnsOf(messages),
      turnCount: conversation.turnCount,
    };
  }

  recordTurn(
    caller: AskCaller,
    conversationId: string | null,
    turn: TurnRecord,
    keep: number,
  ): Promise<{ conversationId: string; messageId: string }> {
    return this.dataSource.transaction(async (manager) => {
      const conversation = conversationId
        ? await this.find(manager, caller, conversationId, true)
        : await manager.save(
            manager.create(ConversationEntity, {
              workspaceId: caller.workspaceId,
              userId: caller.userId ?? null,
              apiKeyId: caller.apiKeyId ?? null,
              title: null,
              summary: '',
              summarizedTurns: 0,
              turnCount: 0,
            }),
          );
      const n = conversation.turnCount + 1;
      const messages = manager.getRepository(ConversationMessageEntity);
      await messages.insert({
        conversationId: conversation.id,
        turn: n,
        role: 'user',
        content: turn.question,
      });
      const inserted = await messages.insert({
        conversationId: conversation.id,
        turn: n,
        role: 'assistant',
        content: turn.answer,
        outcome: turn.outcome,
        rewrittenQuery: turn.rewrittenQuery,
        sources: turn.sources,
        citations: turn.citations,
        verification: turn.verification,
        usage: turn.usage,
      });
      let { summary, summarizedTurns } = conversation;
      const foldThrough = n - keep;
      if (foldThrough > summarizedTurns) {
        const older = await messages
          .createQueryBuilder('m')
          .where('m.conversation_id = :id AND m.turn > :from AND m.turn <= :to', {
            id: conversation.id,
            from: summarizedTurns,
            to: foldThrough,
          })
          .orderBy('m.turn', 'ASC')
          .getMany();
        summary = foldIntoSummary(summary, turnsOf(older));
        summarizedTurns = foldThrough;
      }
      await manager.update(
        ConversationEntity,
        { id: conversation.id },
        { turnCount: n, summary, summarizedTurns, title: conversation.title ?? titleOf(turn.question) },
      );
      return { conversationId: conversation.id, messageId: inserted.identifiers[0].id as string };
    });
  }

  /** The caller's conversation (workspace and user), locked for update when asked; 404 otherwise. */
  private async find(
    manager: EntityManager,
    who: Pick<AskCaller, 'workspaceId' | 'userId'>,
    id: string,
    lock = false,
  ): Promise<ConversationEntity> {
    if (!isUuid(id)) throw notFound();
    const q = manager
      .createQueryBuilder(ConversationEntity, 'c')
      .where('c.id = :id AND c.workspace_id = :workspaceId', { id, workspaceId: who.workspaceId })
      .andWhere(who.userId ? 'c.user_id = :userId' : 'c.user_id IS NULL', { userId: who.userId });
    if (lock) q.setLock('pessimistic_write');
    const found = await q.getOne();
    if (!found) throw notFound();
    return found;
  }
}
