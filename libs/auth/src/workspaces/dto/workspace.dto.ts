import { ApiProperty } from '@nestjs/swagger';
import { WORKSPACE_ROLES, type WorkspaceRole } from '../../principal/roles';

export class WorkspaceDto {
  id: string;
  name: string;
  /** True for the caller's personal workspace (created at registration). */
  personal: boolean;
  /** The caller's role in this workspace. */
  @ApiProperty({ enum: WORKSPACE_ROLES })
  role: WorkspaceRole;
  /** LLM calls the workspace may start per minute: its own limit, else LLM_RATE_LIMIT_PER_MINUTE. */
  @ApiProperty({ type: 'integer' })
  llmCallsPerMinute: number;
  createdAt: Date;
}
