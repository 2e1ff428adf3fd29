import type { LlmProviderId } from '@docqa/core';
import type { PiiService, Redactor } from '@docqa/safety';
import type { ChatMessage, ChatRequest, ContextDocument, ToolCall } from '../chat/chat-request';
import type { Citation } from '../chat/chat-result';

/** Providers that run inside this process: what they get never leaves it, so it is not masked. */
const IN_PROCESS: ReadonlySet<LlmProviderId> = new Set<LlmProviderId>(['offline']);

/** Restores an attempt's output; the identity for an in-process provider or when nothing was tokenized. */
export interface OutputRestorer {
  /** One streamed piece: the text ready to show (possibly empty while a token is still arriving). */
  push(piece: string): string;
  /** The end of the stream: what was held back. */
  end(): string;
  text(text: string): string;
  /** Every string inside a value (tool arguments, a parsed JSON answer). */
  deep<T>(value: T): T;
}

const IDENTITY: OutputRestorer = {
  push: (piece) => piece,
  end: () => '',
  text: (text) => text,
  deep: (value) => value,
};

/**
 * The PII masking of one call's outbound text, by the workspace's safety policy (`llm`): every text a
 * provider outside this process gets (messages, tool calls and results, context passages and their titles)
 * is redacted by one `Redactor`, so a value has the same token everywhere in the call, and the model is told
 * to repeat tokens as they are. The originals stay in the redactor: the answer, streamed or whole, tool-call
 * arguments and JSON answers get them back before anyone sees them. Masking is done once, on the first
 * attempt that needs it (the offline answerer needs none), and a failure to mask fails the call rather than
 * sending the text unmasked.
 */
export class OutboundRedaction {
  private redactor?: Redactor;
  private masked?: Promise<ChatRequest>;

  constructor(
    private readonly pii: PiiService,
    private readonly workspaceId: string,
    private readonly request: ChatRequest,
  ) {}

  /** The request as `provider` may see it. */
  requestFor(provider: LlmProviderId): Promise<ChatRequest> {
    if (IN_PROCESS.has(provider)) return Promise.resolve(this.request);
    this.masked ??= this.mask();
    return this.masked;
  }

  /** How `provider`'s output is shown: with this call's tokens restored. */
  restorerFor(provider: LlmProviderId): OutputRestorer {
    const redactor = this.redactor;
    if (IN_PROCESS.has(provider) || !redactor?.instruction) return IDENTITY;
    const stream = redactor.createStreamRestorer();
    const deep = <T>(value: T): T => restoreDeep(value, (s) => redactor.restore(s));
    return {
      push: (piece) => stream.push(piece),
      end: () => stream.end(),
      text: (text) => redactor.restore(text),
      deep,
    };
  }

  /** Citations with their quotes restored. */
  static restoreCitations(citations: Citation[], restorer: OutputRestorer): Citation[] {
    return citations.map((c) => (c.quote ? { ...c, quote: restorer.text(c.quote) } : c));
  }

  private async mask(): Promise<ChatRequest> {
    const redactor = await this.pii.redactorFor(this.workspaceId);
    this.redactor = redactor;
    if (!redactor.enabled) return this.request;
    // A caller may have tokenized its text already (with its own redactor): ours must not reuse its numbers.
    redactor.reserveTokensIn(stringsIn(this.request));
    const redact = (text: string) => redactor.redact(text);
    // One after the other: tokens are numbered in order of first sight, the same in every run.
    const messages: ChatMessage[] = [];
    for (const m of this.request.messages) messages.push(await redactMessage(m, redactor));
    let documents: ContextDocument[] | undefined;
    if (this.request.documents) {
      documents = [];
      for (const d of this.request.documents) {
        documents.push({
          ...d,
          text: await redact(d.text),
          ...(d.title !== undefined ? { title: await redact(d.title) } : {}),
        });
      }
    }
    const instruction = redactor.instruction;
    return {
      ...this.request,
      messages: instruction ? [{ role: 'system', content: instruction }, ...messages] : messages,
      ...(documents ? { documents } : {}),
    };
  }
}

/** Every text of a request that may be sent. */
function stringsIn(request: ChatRequest): string[] {
  const out: string[] = [];
  const visit = (value: unknown): void => {
    if (typeof value === 'string') out.push(value);
    else if (Array.isArray(value)) value.forEach(visit);
    else if (value && typeof value === 'object') Object.values(value).forEach(visit);
  };
  visit(request.messages);
  visit(request.documents);
  return out;
}

async function redactMessage(m: ChatMessage, redactor: Redactor): Promise<ChatMessage> {
  switch (m.role) {
    case 'assistant': {
      const out: ChatMessage = { ...m };
      if (m.content !== undefined) out.content = await redactor.redact(m.content);
      if (m.toolCalls) {
        const calls: ToolCall[] = [];
        for (const call of m.toolCalls) calls.push({ ...call, arguments: await redactDeep(call.arguments, redactor) });
        out.toolCalls = calls;
      }
      return out;
    }
    default:
      return { ...m, content: await redactor.redact(m.content) };
  }
}

async function redactDeep<T>(value: T, redactor: Redactor): Promise<T> {
  if (typeof value === 'string') return (await redactor.redact(value)) as T;
  if (Array.isArray(value)) {
    const out: unknown[] = [];
    for (const v of value) out.push(await redactDeep(v, redactor));
    return out as T;
  }
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = await redactDeep(v, redactor);
    return out as T;
  }
  return value;
}

function restoreDeep<T>(value: T, restore: (s: string) => string): T {
  if (typeof value === 'string') return restore(value) as T;
  if (Array.isArray(value)) return value.map((v: unknown) => restoreDeep(v, restore)) as T;
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, restoreDeep(v, restore)])) as T;
  }
  return value;
}
