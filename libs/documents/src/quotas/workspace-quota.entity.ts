import { Check, Column, Entity, JoinColumn, OneToOne, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import { WorkspaceEntity } from '@docqa/auth';

const BIGINT_AS_NUMBER = {
  to: (v: number | null) => v,
  from: (v: string | null) => (v === null ? null : Number(v)),
};

/**
 * A workspace's own document quotas, set by platform admins; a workspace without a row (or a null column)
 * has the defaults WORKSPACE_MAX_DOCUMENTS and WORKSPACE_MAX_STORAGE_MB.
 */
@Entity({ name: 'workspace_quotas' })
@Check('CHK_workspace_quotas_max_documents', '"max_documents" IS NULL OR "max_documents" >= 0')
@Check('CHK_workspace_quotas_max_storage_bytes', '"max_storage_bytes" IS NULL OR "max_storage_bytes" >= 0')
export class WorkspaceQuotaEntity {
  @PrimaryColumn({ name: 'workspace_id', type: 'uuid', primaryKeyConstraintName: 'PK_workspace_quotas' })
  workspaceId: string;

  @OneToOne(() => WorkspaceEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'workspace_id', foreignKeyConstraintName: 'FK_workspace_quotas_workspace_id' })
  workspace?: WorkspaceEntity;

  /** Documents the workspace may hold; null: the default. */
  @Column({ name: 'max_documents', type: 'integer', nullable: true })
  maxDocuments: number | null;

  /** Bytes of uploaded originals the workspace may hold; null: the default. */
  @Column({ name: 'max_storage_bytes', type: 'bigint', nullable: true, transformer: BIGINT_AS_NUMBER })
  maxStorageBytes: number | null;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
