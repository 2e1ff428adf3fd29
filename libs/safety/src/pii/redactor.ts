import type { PiiEntityType } from './entity-types';
import { anonymizeMatches } from './operators/anonymize';
import type { PiiOperator } from './operators/pii-operator';
import { StreamRestorer } from './operators/stream-restorer';
import { TokenVault } from './operators/token-vault';
import type { PiiAnalyzer } from './pii-analyzer';

export interface RedactorSettings {
  /** False: the policy does not mask for this target; `redact` returns its input. */
  enabled: boolean;
  entities: readonly PiiEntityType[];
  minScore: number;
  phoneRegions: readonly string[];
  operator: PiiOperator;
  /** Salt of the `hash` operator (the workspace id). */
  hashSalt: string;
}

/** Told to the model when tokens were sent, so it repeats them verbatim instead of guessing or dropping them. */
export const TOKEN_INSTRUCTION =
  'Some values in this conversation were replaced by placeholders such as <PERSON_1> or <EMAIL_ADDRESS_2>. ' +
  'Where you need such a value, write its placeholder exactly as given; never guess what it stands for.';

/**
 * What the LLM router applies before a call leaves for an external provider: `redact` every text sent
 * (messages and retrieved passages), then `restore` the answer, or feed a streamed answer through
 * `createStreamRestorer()`. With the `tokenize` operator the same value gets the same token in every text of
 * this redactor, and the originals never leave it; keep one redactor per conversation turn (or per
 * conversation) so tokens stay consistent. With any other operator, `restore` changes nothing.
 */
export class Redactor {
  private readonly vault = new TokenVault();
  private readonly found = new Map<PiiEntityType, number>();

  constructor(
    private readonly analyzer: PiiAnalyzer,
    readonly settings: Readonly<RedactorSettings>,
    /** Called with each text's findings by type (for metrics). */
    private readonly onRedacted?: (counts: ReadonlyMap<PiiEntityType, number>) => void,
  ) {}

  get enabled(): boolean {
    return this.settings.enabled && this.settings.entities.length > 0;
  }

  /** The text with the policy's entities replaced by its operator's output. */
  async redact(text: string): Promise<string> {
    if (!this.enabled || !text) return text;
    const matches = await this.analyzer.analyze(text, this.settings);
    if (!matches.length) return text;
    const counts = new Map<PiiEntityType, number>();
    for (const m of matches) counts.set(m.entityType, (counts.get(m.entityType) ?? 0) + 1);
    for (const [type, n] of counts) this.found.set(type, (this.found.get(type) ?? 0) + n);
    this.onRedacted?.(counts);
    return anonymizeMatches(text, matches, {
      operator: this.settings.operator,
      hashSalt: this.settings.hashSalt,
      vault: this.vault,
    }).text;
  }

  /** Keeps the tokens this redactor makes clear of tokens already present in these texts (see TokenVault.reserve). */
  reserveTokensIn(texts: readonly string[]): void {
    for (const text of texts) this.vault.reserve(text);
  }

  /** `redact` over several texts, in order; a value gets the same token in each. */
  async redactAll(texts: readonly string[]): Promise<string[]> {
    const out: string[] = [];
    for (const text of texts) out.push(await this.redact(text));
    return out;
  }

  /** The answer with this redactor's tokens replaced by their originals. */
  restore(text: string): string {
    return this.vault.restore(text);
  }

  /** A restorer for one streamed answer (holds back a token split across pieces until it is whole). */
  createStreamRestorer(): StreamRestorer {
    return new StreamRestorer(this.vault);
  }

  /** TOKEN_INSTRUCTION once tokens have been made, for the system prompt; undefined before. */
  get instruction(): string | undefined {
    return this.vault.size ? TOKEN_INSTRUCTION : undefined;
  }

  /** Findings replaced so far, by entity type. */
  get counts(): Partial<Record<PiiEntityType, number>> {
    return Object.fromEntries(this.found);
  }
}
