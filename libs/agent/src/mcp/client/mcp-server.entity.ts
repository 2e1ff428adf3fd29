import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';
import { WorkspaceEntity } from '@docqa/auth';

export const MCP_TRANSPORTS = ['stdio', 'http'] as const;
export type McpTransport = (typeof MCP_TRANSPORTS)[number];

/**
 * An external MCP server a workspace offers its agent: a command DocQA starts (`stdio`) or a streamable HTTP
 * endpoint (`http`). Header and environment values may hold credentials, so they are stored only sealed
 * (`SecretBox`, bound to the workspace and the row) in `sealed_secrets`; their names stay readable for
 * listings. `key_id` names the encryption key that sealed them, as for provider keys.
 */
@Entity({ name: 'mcp_servers' })
@Index('UQ_mcp_servers_workspace_id_name', ['workspaceId', 'name'], { unique: true })
@Check('CHK_mcp_servers_transport', `"transport" IN ('stdio', 'http')`)
@Check(
  'CHK_mcp_servers_target',
  `("transport" = 'stdio' AND "command" IS NOT NULL AND "url" IS NULL) OR ("transport" = 'http' AND "url" IS NOT NULL AND "command" IS NULL)`,
)
@Check('CHK_mcp_servers_timeout_ms', `"timeout_ms" IS NULL OR ("timeout_ms" >= 100 AND "timeout_ms" <= 600000)`)
export class McpServerEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'PK_mcp_servers' })
  id: string;

  @Column({ name: 'workspace_id', type: 'uuid' })
  workspaceId: string;

  @ManyToOne(() => WorkspaceEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'workspace_id', foreignKeyConstraintName: 'FK_mcp_servers_workspace_id' })
  workspace?: WorkspaceEntity;

  /** Prefix of the tools' names (`<name>__<tool>`): lower-case letters, digits and hyphens. */
  @Column({ type: 'varchar', length: 32 })
  name: string;

  @Column({ type: 'varchar', length: 8 })
  transport: McpTransport;

  @Column({ type: 'varchar', length: 1024, nullable: true })
  command: string | null;

  @Column({ type: 'text', array: true, default: () => `'{}'` })
  args: string[];

  @Column({ type: 'varchar', length: 2048, nullable: true })
  url: string | null;

  @Column({ name: 'header_names', type: 'text', array: true, default: () => `'{}'` })
  headerNames: string[];

  @Column({ name: 'env_names', type: 'text', array: true, default: () => `'{}'` })
  envNames: string[];

  /** `{ headers, env }` as JSON, sealed; null when there are none. */
  @Column({ name: 'sealed_secrets', type: 'text', nullable: true })
  sealedSecrets: string | null;

  @Column({ name: 'key_id', type: 'varchar', length: 16, nullable: true })
  keyId: string | null;

  /** Tool names (as the server names them) the agent may call; `*` allows every tool; empty allows none. */
  @Column({ name: 'allowed_tools', type: 'text', array: true, default: () => `'{}'` })
  allowedTools: string[];

  /** Per-call timeout; null: MCP_CALL_TIMEOUT_MS. */
  @Column({ name: 'timeout_ms', type: 'integer', nullable: true })
  timeoutMs: number | null;

  @Column({ type: 'boolean', default: true })
  enabled: boolean;

  /** Who created it (no foreign key: the row outlives its author's account). */
  @Column({ name: 'created_by', type: 'uuid', nullable: true })
  createdBy: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
