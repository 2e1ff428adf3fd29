import { lastUserText } from '../../chat/grounding';
import type { ProviderAdapter, ProviderCall, ProviderEvent, ProviderFailure } from '../provider-adapter';
import { answerFromContext } from './extractive-answerer';

/** Words per streamed piece: the answer arrives in pieces like a model's, so streaming clients behave the same. */
const WORDS_PER_PIECE = 4;

/**
 * The built-in offline answerer: no network, no key, no cost. It answers only from the request's documents,
 * quoting them with citations, and says so when they do not hold the answer. It calls no tools; asked for
 * JSON, it answers `{ answer, answered, citations }`.
 */
export class OfflineAdapter implements ProviderAdapter {
  async *stream(call: ProviderCall): AsyncIterable<ProviderEvent> {
    call.onResponse();
    const { request } = call;
    const answer = answerFromContext(lastUserText(request.messages), request.documents ?? []);
    const text =
      request.responseFormat && request.responseFormat.type !== 'text'
        ? JSON.stringify({
            answer: answer.text,
            answered: answer.answered,
            citations: answer.citations.map((c) => c.documentId),
          })
        : answer.text;
    const words = text.match(/\S+\s*/g) ?? [];
    for (let i = 0; i < words.length; i += WORDS_PER_PIECE) {
      call.signal.throwIfAborted();
      yield { type: 'text', text: words.slice(i, i + WORDS_PER_PIECE).join('') };
    }
    yield { type: 'citations', citations: answer.citations };
    yield { type: 'finish', reason: 'stop' };
  }

  failure(err: unknown): ProviderFailure {
    return {
      kind: 'rejected',
      message: `offline answerer failed: ${err instanceof Error ? err.message : String(err)}`,
    };
  }
}
