import { Injectable, Logger } from '@nestjs/common';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { z } from 'zod';
import type { RequestPrincipal } from '@docqa/auth';
import { DomainException } from '@docqa/core';
import { SearchService, type SearchResult } from '@docqa/retrieval';
import { AgentService } from '../../agent.service';
import type { AnswerSource, AskResult } from '../../agent.types';

const SERVER_INFO = { name: 'docqa', version: '1.0.0' };
const INSTRUCTIONS =
  "DocQA searches and answers questions over this workspace's uploaded documents (PDF, DOCX, PPTX, " +
  'spreadsheets, HTML, Markdown, text). Use `search` for passages with their document and page, slide or ' +
  'row; use `ask` for an answer whose claims cite those passages.';

/** Where the passage is in its document, as people say it ("pages 1-2" for a passage across pages). */
function position(p: { page?: number; slide?: number; row?: number; sheet?: string; unitEnd?: number }): string {
  const span = (unit: string, start: number) =>
    p.unitEnd !== undefined && p.unitEnd > start ? `${unit}s ${start}-${p.unitEnd}` : `${unit} ${start}`;
  if (p.page !== undefined) return span('page', p.page);
  if (p.slide !== undefined) return span('slide', p.slide);
  if (p.row !== undefined) return p.sheet ? `sheet ${p.sheet}, ${span('row', p.row)}` : span('row', p.row);
  return '';
}

function searchHit(r: SearchResult) {
  return {
    n: r.rank,
    chunkId: r.chunkId,
    documentId: r.documentId,
    title: r.document.title,
    filename: r.document.filename,
    type: r.document.type,
    ...(r.page !== undefined && { page: r.page }),
    ...(r.slide !== undefined && { slide: r.slide }),
    ...(r.row !== undefined && { row: r.row }),
    ...(r.unitEnd !== undefined && { unitEnd: r.unitEnd }),
    ...(r.sheet !== undefined && { sheet: r.sheet }),
    headingPath: r.headingPath,
    score: r.score,
    snippet: r.text,
  };
}

/** `title (file.pdf), page 3, Heading > Subheading`: what a person needs to find the passage. */
function describe(
  title: string | null,
  filename: string,
  at: Parameters<typeof position>[0],
  headingPath: string[],
): string {
  const name = title && title !== filename ? `${title} (${filename})` : filename;
  return [name, position(at), headingPath.join(' > ')].filter(Boolean).join(', ');
}

function sourceLine(s: AnswerSource): string {
  if (s.kind === 'tool') return `[${s.n}] tool ${s.tool?.server}__${s.tool?.name}`;
  return `[${s.n}] ${describe(s.title, s.filename, s, s.headingPath)}`;
}

function askText(result: AskResult): string {
  if (!result.sources.length) return result.answer;
  return `${result.answer}\n\nSources:\n${result.sources.map(sourceLine).join('\n')}`;
}

/**
 * DocQA's own tools for other agents, one MCP server per request (the endpoint is stateless): `search`
 * (hybrid search) and `ask` (the agent, with cited sources), both confined to the API key's workspace. A
 * failure is a tool result with `isError`; internals never reach the caller.
 */
@Injectable()
export class DocqaMcpTools {
  private readonly logger = new Logger('McpServer');

  constructor(
    private readonly search: SearchService,
    private readonly agent: AgentService,
  ) {}

  serverFor(principal: RequestPrincipal, requestId: string): McpServer {
    const server = new McpServer(SERVER_INFO, { instructions: INSTRUCTIONS });
    const workspaceId = principal.workspaceId;

    server.registerTool(
      'search',
      {
        title: 'Search documents',
        description:
          "Hybrid (keyword + semantic) search over the workspace's documents. Returns the best passages, " +
          'each with its document, page/slide/row, heading path and text.',
        inputSchema: {
          query: z.string().min(1).max(2000).describe('What to look for; "quoted phrases" and -exclusions work'),
          topK: z.number().int().min(1).max(50).optional().describe('How many passages (default 8)'),
          collectionIds: z.array(z.uuid()).max(50).optional().describe('Only these collections'),
          documentIds: z.array(z.uuid()).max(200).optional().describe('Only these documents'),
        },
        annotations: { readOnlyHint: true, openWorldHint: false },
      },
      async ({ query, topK, collectionIds, documentIds }): Promise<CallToolResult> => {
        try {
          const response = await this.search.searchWorkspace(workspaceId, {
            query,
            topK: topK ?? 8,
            collectionIds,
            documentIds,
          });
          const results = response.results.map(searchHit);
          const text = results.length
            ? results
                .map((r) => {
                  const where = describe(r.title, r.filename, r, r.headingPath);
                  return `[${r.n}] ${where} (document ${r.documentId}, chunk ${r.chunkId})\n${r.snippet}`;
                })
                .join('\n\n')
            : 'No passage matches.';
          return { content: [{ type: 'text', text }], structuredContent: { query, results } };
        } catch (err) {
          return this.failure('search', err, workspaceId, requestId);
        }
      },
    );

    server.registerTool(
      'ask',
      {
        title: 'Ask the documents',
        description:
          "Answers a question from the workspace's documents. Each claim cites a numbered source (document, " +
          'page/slide/row, snippet); when the documents do not hold the answer it says so instead of guessing.',
        inputSchema: {
          question: z.string().min(1).max(4000).describe('A standalone question'),
          collectionIds: z.array(z.uuid()).max(50).optional().describe('Only these collections'),
          documentIds: z.array(z.uuid()).max(200).optional().describe('Only these documents'),
        },
        annotations: { readOnlyHint: true, openWorldHint: false },
      },
      async ({ question, collectionIds, documentIds }, extra): Promise<CallToolResult> => {
        try {
          const result = await this.agent.ask(
            { workspaceId, userId: principal.userId, apiKeyId: principal.apiKeyId, requestId },
            { question, collectionIds, documentIds },
            // MCP callers keep their own conversation: nothing is stored as one here.
            { signal: extra.signal, persist: false },
          );
          return {
            content: [{ type: 'text', text: askText(result) }],
            structuredContent: {
              answer: result.answer,
              outcome: result.outcome,
              citations: result.citations,
              sources: result.sources,
            },
          };
        } catch (err) {
          return this.failure('ask', err, workspaceId, requestId);
        }
      },
    );
    return server;
  }

  private failure(tool: string, err: unknown, workspaceId: string, requestId: string): CallToolResult {
    if (err instanceof DomainException) {
      return { content: [{ type: 'text', text: err.message }], isError: true };
    }
    const error = err instanceof Error ? err : new Error(String(err));
    this.logger.error({ err: error, tool, workspaceId, requestId }, 'MCP tool failed');
    return {
      content: [{ type: 'text', text: `Internal error; quote request id ${requestId} to the DocQA operators` }],
      isError: true,
    };
  }
}
