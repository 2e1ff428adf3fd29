import type { SearchService } from '@docqa/retrieval';
import type { InjectionDetector } from '@docqa/safety';
import { reflowLines, sectionHeadingPath } from '../../text/passage-layout';
import type { AgentNodeFn } from '../agent-run';
import type { Evidence } from '../agent-state';

/**
 * retrieve: hybrid search (keyword and vector legs fused, reranked when a reranker is configured) over the
 * caller's workspace, limited to the run's collections and documents, with each result's parent section as
 * the text the model reads (two results in one section give it once), its sentences rejoined where a line or
 * page break cut them, and the heading path of the section in the chunk that matches the query. Every passage
 * is screened for prompt injection under the workspace's policy: kept, down-ranked after the clean ones, or
 * left out. Each correction loop asks for more passages.
 */
export function retrieveNode(
  search: Pick<SearchService, 'searchWorkspace'>,
  detector: Pick<InjectionDetector, 'screenChunks'>,
): AgentNodeFn {
  return async (state, run) => {
    const { caller, input } = run;
    const response = await search.searchWorkspace(caller.workspaceId, {
      query: state.query,
      topK: run.settings.topK * (state.loops + 1),
      collectionIds: input.collectionIds,
      documentIds: input.documentIds,
      expandParents: true,
    });
    run.signal.throwIfAborted();
    const parentOf = new Map<string, { id: string; text: string }>();
    for (const p of response.parents ?? []) for (const id of p.chunkIds) parentOf.set(id, p);
    const seenParents = new Set<string>();
    const found: Evidence[] = [];
    for (const r of response.results) {
      const parent = parentOf.get(r.chunkId);
      if (parent && seenParents.has(parent.id)) continue;
      if (parent) seenParents.add(parent.id);
      found.push({
        kind: 'document',
        chunkId: r.chunkId,
        documentId: r.documentId,
        title: r.document.title,
        filename: r.document.filename,
        ...(r.page !== undefined ? { page: r.page } : {}),
        ...(r.slide !== undefined ? { slide: r.slide } : {}),
        ...(r.row !== undefined ? { row: r.row } : {}),
        ...(r.unitEnd !== undefined ? { unitEnd: r.unitEnd } : {}),
        ...(r.sheet !== undefined ? { sheet: r.sheet } : {}),
        headingPath: sectionHeadingPath(reflowLines(r.text), r.headingPath, r.document.type, state.query),
        snippet: r.text,
        text: reflowLines(parent?.text ?? r.text),
        rank: found.length + 1,
      });
    }
    const screened = await detector.screenChunks(
      caller.workspaceId,
      found.map((e) => ({ id: e.chunkId, text: e.text, evidence: e })),
      { userId: caller.userId, requestId: caller.requestId },
    );
    const candidates = screened.kept.map((s, i) => ({ ...s.chunk.evidence, rank: i + 1 }));
    return { candidates };
  };
}
