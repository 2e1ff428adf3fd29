import { Injectable, Logger } from '@nestjs/common';
import { SafetyPolicyService } from '../policy/safety-policy.service';
import type { SafetyPolicy } from '../policy/safety-policy';
import { SafetyMetrics } from '../safety-metrics';
import { SafetyErrorCode, SafetyException } from '../safety.errors';
import { fenceAsData, type FencedData, type FenceInput } from './fence';
import { InjectionScanner, type InjectionScan } from './injection-scanner';

/** What was done about a text: `none` below the threshold, else the policy's action. */
export type InjectionAction = 'none' | 'log' | 'downrank' | 'block';

export interface QuestionVerdict extends InjectionScan {
  action: Exclude<InjectionAction, 'downrank'>;
}

export interface ScreenedChunk<T> {
  chunk: T;
  score: number;
  /** Ids of the patterns that matched. */
  patterns: string[];
  action: InjectionAction;
  /** Multiply the chunk's relevance by this: 1 unless down-ranked, then 1 - score (at least 0.01). */
  rankFactor: number;
}

export interface ChunkScreening<T> {
  /** Chunks to use: clean and logged ones in their order, then down-ranked ones in theirs. */
  kept: ScreenedChunk<T>[];
  /** Chunks the policy keeps out of the prompt. */
  blocked: ScreenedChunk<T>[];
}

/** Who a check is for, for the log line. */
export interface InjectionContext {
  userId?: string;
  requestId?: string;
}

/**
 * Prompt-injection checks. Questions and retrieved chunks are scanned (`scan`: a score and the patterns
 * matched); at or above the workspace policy's threshold a hit is logged (ids and scores, never the text) and
 * counted, and the policy decides: a chunk is kept, down-ranked or blocked; a question is kept or refused.
 * Whatever the verdict, retrieved text goes into prompts only through `fenceAsData`.
 */
@Injectable()
export class InjectionDetector {
  private readonly logger = new Logger('Injection');
  private readonly scanner = new InjectionScanner();

  constructor(
    private readonly policies: SafetyPolicyService,
    private readonly metrics: SafetyMetrics,
  ) {}

  scan(text: string): InjectionScan {
    return this.scanner.scan(text);
  }

  /** Retrieved passages as a fenced data block for a prompt (see `fenceAsData`). */
  fenceAsData(chunks: readonly FenceInput[]): FencedData {
    return fenceAsData(chunks);
  }

  /** Scans a question under the workspace's policy; `action: 'block'` means the question must not be answered. */
  async checkQuestion(workspaceId: string, question: string, context: InjectionContext = {}): Promise<QuestionVerdict> {
    const policy = await this.policies.policyFor(workspaceId);
    const scan = this.scanner.scan(question);
    const flagged = scan.hits.length > 0 && scan.score >= policy.injection.threshold;
    const action = flagged ? policy.injection.questionAction : 'none';
    if (scan.hits.length) this.record('question', workspaceId, scan, action, context);
    return { ...scan, action };
  }

  /** `checkQuestion` that throws SafetyException `INJECTION_BLOCKED` (422) when the policy blocks the question. */
  async assertQuestionAllowed(
    workspaceId: string,
    question: string,
    context: InjectionContext = {},
  ): Promise<QuestionVerdict> {
    const verdict = await this.checkQuestion(workspaceId, question, context);
    if (verdict.action === 'block') {
      throw new SafetyException(
        SafetyErrorCode.InjectionBlocked,
        "this question looks like an attempt to override the assistant's instructions and was not answered",
      );
    }
    return verdict;
  }

  /** Screens retrieved chunks under the workspace's policy. */
  async screenChunks<T extends { id: string; text: string }>(
    workspaceId: string,
    chunks: readonly T[],
    context: InjectionContext = {},
  ): Promise<ChunkScreening<T>> {
    const policy = await this.policies.policyFor(workspaceId);
    return this.screenChunksWith(policy, chunks, context);
  }

  /** `screenChunks` with a policy already in hand. */
  screenChunksWith<T extends { id: string; text: string }>(
    policy: Pick<SafetyPolicy, 'workspaceId' | 'injection'>,
    chunks: readonly T[],
    context: InjectionContext = {},
  ): ChunkScreening<T> {
    const clean: ScreenedChunk<T>[] = [];
    const downranked: ScreenedChunk<T>[] = [];
    const blocked: ScreenedChunk<T>[] = [];
    for (const chunk of chunks) {
      const scan = this.scanner.scan(chunk.text);
      const flagged = scan.hits.length > 0 && scan.score >= policy.injection.threshold;
      const action: InjectionAction = flagged ? policy.injection.chunkAction : 'none';
      const screened: ScreenedChunk<T> = {
        chunk,
        score: scan.score,
        patterns: [...new Set(scan.hits.map((h) => h.pattern))],
        action,
        rankFactor: action === 'downrank' ? Math.max(0.01, Math.round((1 - scan.score) * 1000) / 1000) : 1,
      };
      if (scan.hits.length) this.record('chunk', policy.workspaceId, scan, action, { ...context, chunkId: chunk.id });
      (action === 'block' ? blocked : action === 'downrank' ? downranked : clean).push(screened);
    }
    return { kept: [...clean, ...downranked], blocked };
  }

  private record(
    source: 'question' | 'chunk',
    workspaceId: string,
    scan: InjectionScan,
    action: InjectionAction,
    context: InjectionContext & { chunkId?: string },
  ): void {
    this.metrics.injectionHit(source, action);
    const line = {
      injection: source,
      workspaceId,
      ...context,
      score: scan.score,
      patterns: [...new Set(scan.hits.map((h) => h.pattern))],
      action,
    };
    if (action === 'none') this.logger.debug(line, 'injection patterns below the threshold');
    else this.logger.warn(line, 'prompt injection suspected');
  }
}
