import { fenceAsData } from '@docqa/safety';
import type { AgentMetrics } from '../../metrics/agent-metrics';
import { lexicalRelevance, MIN_RELEVANCE } from '../../text/relevance';
import type { AgentNodeFn, AgentRun } from '../agent-run';
import type { Evidence } from '../agent-state';
import { GRADE_INSTRUCTIONS } from '../prompts';

/** Characters of each passage a grading prompt carries. */
const GRADE_PASSAGE_CHARS = 1_500;

const GRADE_SCHEMA = {
  type: 'object',
  properties: { relevant: { type: 'array', items: { type: 'integer' } } },
  required: ['relevant'],
  additionalProperties: false,
};

/** Relevance from the model (1 for the passages it names, 0 for the others), or undefined when it gave none. */
async function gradeWithModel(question: string, candidates: Evidence[], run: AgentRun): Promise<number[] | undefined> {
  // Retrieved text reaches a prompt only fenced as data, here too.
  const passages = fenceAsData(
    candidates.map((c, i) => ({ id: String(i + 1), text: c.text.slice(0, GRADE_PASSAGE_CHARS) })),
  ).text;
  const result = await run.llm.assist({
    messages: [
      { role: 'system', content: GRADE_INSTRUCTIONS },
      { role: 'user', content: `Question: ${question}\n\nPassages:\n\n${passages}` },
    ],
    responseFormat: { type: 'json_schema', name: 'relevant_passages', schema: GRADE_SCHEMA },
    maxTokens: 200,
    temperature: 0,
  });
  const relevant = (result?.json as { relevant?: unknown } | undefined)?.relevant;
  if (!Array.isArray(relevant) || !relevant.every((n) => Number.isInteger(n))) return undefined;
  const named = new Set(relevant as number[]);
  return candidates.map((_, i) => (named.has(i + 1) ? 1 : 0));
}

/**
 * grade_evidence: how well each passage answers the standalone question. With a hosted model, the model
 * judges them (a JSON list of the relevant ones); without one, or when its reply is unusable, lexical
 * coverage of the question's words weighted by rarity (see `lexicalRelevance`). Passages from MIN_RELEVANCE
 * (and at least half the best one's score) go to the answer, best first, at most AGENT_TOP_K of them. When
 * none does, the run searches again with another query (a correction loop) up to AGENT_MAX_CORRECTION_LOOPS
 * times, then answers that the documents do not contain the answer.
 */
export function gradeEvidenceNode(metrics: Pick<AgentMetrics, 'correction'>): AgentNodeFn {
  return async (state, run) => {
    const candidates = state.candidates;
    const scores =
      (candidates.length && run.llm.hosted ? await gradeWithModel(state.standalone, candidates, run) : undefined) ??
      lexicalRelevance(
        state.standalone,
        candidates.map((c) => c.text),
      );
    const graded = candidates.map((c, i) => ({ ...c, relevance: scores[i] }));
    const best = Math.max(0, ...scores);
    const evidence =
      best >= MIN_RELEVANCE
        ? graded
            .filter((c) => c.relevance >= MIN_RELEVANCE || c.relevance >= best / 2)
            .filter((c) => c.relevance > 0)
            .sort((a, b) => b.relevance - a.relevance || a.rank - b.rank)
            .slice(0, run.settings.topK)
        : [];
    if (evidence.length) return { candidates: graded, evidence, sufficient: true, retry: false };
    if (state.loops < run.settings.maxCorrectionLoops) {
      metrics.correction('retrieve_again');
      return { candidates: graded, evidence: [], sufficient: false, retry: true, loops: state.loops + 1 };
    }
    return { candidates: graded, evidence: [], sufficient: false, retry: false };
  };
}
