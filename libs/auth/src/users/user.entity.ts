import { Check, Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { PlatformRole } from '../principal/roles';

/** An account. Emails are stored lower-cased, so the unique index makes them case-insensitive. */
@Entity({ name: 'users' })
@Index('UQ_users_email', ['email'], { unique: true })
@Check('CHK_users_platform_role', `"platform_role" IN ('admin', 'user')`)
export class UserEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'varchar', length: 320 })
  email: string;

  @Column({ name: 'display_name', type: 'varchar', length: 200, nullable: true })
  displayName: string | null;

  /** argon2id PHC string (it carries its own parameters, so they can be raised later). */
  @Column({ name: 'password_hash', type: 'varchar', length: 255 })
  passwordHash: string;

  @Column({ name: 'platform_role', type: 'varchar', length: 16, default: 'user' })
  platformRole: PlatformRole;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;

  @Column({ name: 'password_changed_at', type: 'timestamptz', nullable: true })
  passwordChangedAt: Date | null;

  /** Set by a platform admin: the account cannot sign in, and its tokens and API keys stop working. */
  @Column({ name: 'disabled_at', type: 'timestamptz', nullable: true })
  disabledAt: Date | null;
}
