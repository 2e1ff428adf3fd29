import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import type { AnswerCitation, AnswerSource, AskOutcome, AskUsage, VerificationSummary } from '../agent.types';
import { ConversationEntity } from './conversation.entity';

export type MessageRole = 'user' | 'assistant';

/** One message of a conversation: the user's question, or the agent's answer with its sources and citations. */
@Entity({ name: 'conversation_messages' })
@Index('UQ_conversation_messages_conversation_id_turn_role', ['conversationId', 'turn', 'role'], { unique: true })
@Check('CHK_conversation_messages_role', `"role" IN ('user', 'assistant')`)
export class ConversationMessageEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'PK_conversation_messages' })
  id: string;

  @Column({ name: 'conversation_id', type: 'uuid' })
  conversationId: string;

  @ManyToOne(() => ConversationEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'conversation_id', foreignKeyConstraintName: 'FK_conversation_messages_conversation_id' })
  conversation?: ConversationEntity;

  /** 1-based turn: a question and its answer share it. */
  @Column({ type: 'integer' })
  turn: number;

  @Column({ type: 'varchar', length: 16 })
  role: MessageRole;

  @Column({ type: 'text' })
  content: string;

  /** Answers: how the run ended. */
  @Column({ type: 'varchar', length: 24, nullable: true })
  outcome: AskOutcome | null;

  /** Answers: the standalone question retrieval ran on. */
  @Column({ name: 'rewritten_query', type: 'text', nullable: true })
  rewrittenQuery: string | null;

  @Column({ type: 'jsonb', default: () => `'[]'` })
  sources: AnswerSource[];

  @Column({ type: 'jsonb', default: () => `'[]'` })
  citations: AnswerCitation[];

  @Column({ type: 'jsonb', nullable: true })
  verification: VerificationSummary | null;

  @Column({ type: 'jsonb', nullable: true })
  usage: AskUsage | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz', precision: 3 })
  createdAt: Date;
}
