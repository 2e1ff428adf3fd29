import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuthErrorCode, AuthException } from '../auth.errors';
import { workspaceNotFound } from '../principal/principal.resolver';
import { isUuid } from '../principal/uuid';

/** A workspace as platform admins see it, before other libs add their figures (documents, LLM spend). */
export interface WorkspaceSummary {
  id: string;
  name: string;
  /** The personal workspace of `personalOwnerId`, created at registration. */
  personal: boolean;
  personalOwnerId: string | null;
  memberCount: number;
  ownerEmails: string[];
  /** The workspace's own LLM calls per minute; null: LLM_RATE_LIMIT_PER_MINUTE applies. */
  llmCallsPerMinute: number | null;
  createdAt: Date;
}

export interface WorkspaceSummaryPage {
  items: WorkspaceSummary[];
  total: number;
  nextCursor: string | null;
}

export interface ListWorkspacesQuery {
  /** Part of the name or of an owner's email, any case. */
  q?: string;
  personal?: boolean;
  limit?: number;
  cursor?: string;
}

interface Row {
  id: string;
  name: string;
  personal_owner_id: string | null;
  member_count: number;
  owner_emails: string[] | null;
  llm_calls_per_minute: number | null;
  created_at: Date;
}

const SELECT = `
  SELECT w.id, w.name, w.personal_owner_id, w.llm_calls_per_minute, w.created_at,
         (SELECT count(*)::int FROM workspace_members m WHERE m.workspace_id = w.id) AS member_count,
         (SELECT array_agg(u.email ORDER BY u.email) FROM workspace_members m JOIN users u ON u.id = m.user_id
           WHERE m.workspace_id = w.id AND m.role = 'owner') AS owner_emails
    FROM workspaces w`;

function encodeCursor(row: { name: string; id: string }): string {
  return Buffer.from(JSON.stringify(['ws', row.name, row.id]), 'utf8').toString('base64url');
}

function decodeCursor(cursor: string): [string, string] {
  try {
    const value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (Array.isArray(value) && value[0] === 'ws' && typeof value[1] === 'string' && isUuid(String(value[2]))) {
      return [value[1], String(value[2])];
    }
  } catch {
    // reported below
  }
  throw new AuthException(AuthErrorCode.InvalidCursor, 'cursor is not one this API returned');
}

function toSummary(row: Row): WorkspaceSummary {
  return {
    id: row.id,
    name: row.name,
    personal: row.personal_owner_id !== null,
    personalOwnerId: row.personal_owner_id,
    memberCount: row.member_count,
    ownerEmails: row.owner_emails ?? [],
    llmCallsPerMinute: row.llm_calls_per_minute,
    createdAt: row.created_at,
  };
}

/** Every workspace of the platform, for the admin API (the routes are guarded by @PlatformAdmin()). */
@Injectable()
export class WorkspaceAdminService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async listWorkspaces(query: ListWorkspacesQuery): Promise<WorkspaceSummaryPage> {
    const limit = query.limit ?? 50;
    const where: string[] = [];
    const params: unknown[] = [];
    const param = (value: unknown) => {
      params.push(value);
      return `$${params.length}`;
    };
    if (query.q?.trim()) {
      const p = param(`%${query.q.trim().replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
      where.push(
        `(w.name ILIKE ${p} ESCAPE '\\' OR EXISTS (SELECT 1 FROM workspace_members m JOIN users u ON u.id = m.user_id
           WHERE m.workspace_id = w.id AND m.role = 'owner' AND u.email ILIKE ${p} ESCAPE '\\'))`,
      );
    }
    if (query.personal !== undefined) {
      where.push(query.personal ? 'w.personal_owner_id IS NOT NULL' : 'w.personal_owner_id IS NULL');
    }
    const filter = where.length ? ` WHERE ${where.join(' AND ')}` : '';
    const [{ total }] = (await this.dataSource.query(
      `SELECT count(*)::int AS total FROM workspaces w${filter}`,
      params,
    )) as { total: number }[];
    const page = [...where];
    if (query.cursor) {
      const [name, id] = decodeCursor(query.cursor);
      page.push(`(w.name, w.id) > (${param(name)}, ${param(id)}::uuid)`);
    }
    const rows = (await this.dataSource.query(
      `${SELECT}${page.length ? ` WHERE ${page.join(' AND ')}` : ''} ORDER BY w.name, w.id LIMIT ${param(limit + 1)}`,
      params,
    )) as Row[];
    const items = rows.slice(0, limit).map(toSummary);
    return { items, total, nextCursor: rows.length > limit ? encodeCursor(items[items.length - 1]) : null };
  }

  /** One workspace; 404 for an id that is not one. */
  async getWorkspace(id: string): Promise<WorkspaceSummary> {
    if (!isUuid(id)) throw workspaceNotFound();
    const [row] = (await this.dataSource.query(`${SELECT} WHERE w.id = $1`, [id.toLowerCase()])) as Row[];
    if (!row) throw workspaceNotFound();
    return toSummary(row);
  }
}
