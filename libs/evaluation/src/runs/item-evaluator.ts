import { performance } from 'node:perf_hooks';
import { Injectable } from '@nestjs/common';
import { AgentService, type AskCaller, type AskResult } from '@docqa/agent';
import { DomainException } from '@docqa/core';
import type { EvaluationDatasetItemEntity } from '../datasets/evaluation-dataset-item.entity';
import type { JudgeLlm } from '../metrics/llm-judge';
import {
  type EvaluationSample,
  type ItemScores,
  isUnanswerable,
  METRIC_NAMES,
  type MetricScore,
} from '../metrics/metric.types';
import { scoreSample } from '../metrics/score-sample';
import type { EvaluationRunItemEntity, StoredCitation, StoredContext } from './evaluation-run-item.entity';
import type { RunOptions } from './pipeline-snapshot';
import { waitingOutRateLimit } from './rate-limit-wait';

export type ItemResult = Omit<EvaluationRunItemEntity, 'runId' | 'run' | 'createdAt'> & { models: string[] };

/**
 * What an item scores when the pipeline failed on it: 0 on every metric that applies (it produced nothing
 * right), so failures pull a run's means down instead of vanishing from them.
 */
export function failureScores(item: Pick<EvaluationSample, 'referenceContexts'>, message: string): ItemScores {
  const detail = `the pipeline failed on this item: ${message.slice(0, 300)}`;
  const scores = {} as ItemScores;
  for (const name of METRIC_NAMES) {
    const retrieval = name === 'contextPrecision' || name === 'contextRecall' || name === 'hitRate';
    const applies = name !== 'citationPrecision' && !(retrieval && isUnanswerable(item));
    scores[name] = { value: applies ? 0 : null, judge: 'offline', detail } satisfies MetricScore;
  }
  return scores;
}

/** The metrics' view of an answer: each citation resolved to its sentence and the text it cites. */
export function sampleOf(item: EvaluationDatasetItemEntity, result: AskResult): EvaluationSample {
  const texts = new Map(result.contexts.map((c) => [c.chunkId, c.text]));
  for (const s of result.sources) if (!texts.has(s.chunkId)) texts.set(s.chunkId, s.snippet);
  return {
    question: item.question,
    groundTruth: item.groundTruth,
    ...(item.referenceContexts ? { referenceContexts: item.referenceContexts } : {}),
    answer: result.answer,
    outcome: result.outcome,
    contexts: result.contexts.map((c) => ({ chunkId: c.chunkId, text: c.text })),
    citations: result.citations.map((c) => ({
      chunkId: c.chunkId,
      sentence: result.answer.slice(c.start, c.end),
      citedText: texts.get(c.chunkId) ?? '',
    })),
  };
}

/** Asks the agent one dataset question (persisting nothing) and scores the answer. */
@Injectable()
export class ItemEvaluator {
  constructor(private readonly agent: AgentService) {}

  async evaluate(
    item: EvaluationDatasetItemEntity,
    caller: AskCaller,
    options: RunOptions,
    judge: JudgeLlm | undefined,
    signal: AbortSignal,
  ): Promise<ItemResult> {
    const started = performance.now();
    const base = {
      position: item.position,
      question: item.question,
      groundTruth: item.groundTruth,
      referenceContexts: item.referenceContexts,
    };
    let result: AskResult;
    try {
      result = await waitingOutRateLimit(
        () =>
          this.agent.ask(
            caller,
            {
              question: item.question,
              ...(options.collectionIds ? { collectionIds: options.collectionIds } : {}),
              ...(options.documentIds ? { documentIds: options.documentIds } : {}),
              ...(options.chain ? { chain: options.chain } : {}),
            },
            { persist: false, signal },
          ),
        signal,
      );
    } catch (err) {
      // A refusal of the pipeline (budget spent, every provider down...) is this item's result; anything else
      // (the database is gone, the run was stopped) ends the run's attempt, which resumes where it stopped.
      if (signal.aborted || !(err instanceof DomainException)) throw err;
      return this.failed(base, err.message, started);
    }
    if (result.outcome === 'error' || result.outcome === 'cancelled') {
      if (signal.aborted) throw signal.reason;
      return this.failed(base, `the agent ended with outcome ${result.outcome}`, started, result);
    }
    const scores = await scoreSample(sampleOf(item, result), judge);
    return {
      ...base,
      answer: result.answer,
      outcome: result.outcome,
      contexts: contextsOf(result),
      citations: citationsOf(result),
      scores,
      error: null,
      latencyMs: Math.round(performance.now() - started),
      usage: usageOf(result),
      models: result.usage.models,
    };
  }

  private failed(
    base: Pick<ItemResult, 'position' | 'question' | 'groundTruth' | 'referenceContexts'>,
    message: string,
    started: number,
    result?: AskResult,
  ): ItemResult {
    return {
      ...base,
      answer: result?.answer ?? '',
      outcome: 'error',
      contexts: result ? contextsOf(result) : [],
      citations: result ? citationsOf(result) : [],
      scores: failureScores({ referenceContexts: base.referenceContexts ?? undefined }, message),
      error: message.slice(0, 2000),
      latencyMs: Math.round(performance.now() - started),
      usage: result ? usageOf(result) : null,
      models: result?.usage.models ?? [],
    };
  }
}

function contextsOf(result: AskResult): StoredContext[] {
  return result.contexts.map((c) => ({ chunkId: c.chunkId, documentId: c.documentId, text: c.text }));
}

function citationsOf(result: AskResult): StoredCitation[] {
  return result.citations.map((c) => ({
    n: c.n,
    chunkId: c.chunkId,
    documentId: c.documentId,
    sentence: result.answer.slice(c.start, c.end),
  }));
}

function usageOf(result: AskResult): ItemResult['usage'] {
  const { inputTokens, outputTokens, costUsd, llmCalls } = result.usage;
  return { inputTokens, outputTokens, costUsd, llmCalls };
}
