import { Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { AppConfig } from '@docqa/core';
import type { RequestPrincipal } from '@docqa/auth';
import { SafetyPolicyService } from '../policy/safety-policy.service';
import type { SafetyPolicy } from '../policy/safety-policy';
import type { AnalyzePiiDto, AnonymizePiiDto, PiiAnalysisDto, PiiAnonymizationDto } from './dto/pii-analysis.dto';
import type { PiiEntityType } from './entity-types';
import { NerPersonRecognizer } from './ner/ner-person.recognizer';
import { anonymizeMatches, type AnonymizeOutcome } from './operators/anonymize';
import type { IrreversibleOperator, PiiOperator } from './operators/pii-operator';
import { TokenVault } from './operators/token-vault';
import { PiiAnalyzer, type AnalyzeOptions } from './pii-analyzer';
import type { PiiMatch } from './recognizer';
import { Redactor } from './redactor';
import { SafetyMetrics, type PiiTarget } from '../safety-metrics';

export interface AnonymizeOptions extends AnalyzeOptions {
  operator?: PiiOperator;
  operators?: Partial<Record<PiiEntityType, PiiOperator>>;
  /** Salt of `hash`; pass the workspace id. */
  hashSalt?: string;
  /** Where `tokenize` keeps its mapping; a new one when absent (returned in `tokens`). */
  vault?: TokenVault;
}

export interface AnonymizeTextResult extends AnonymizeOutcome {
  /** Token to original, when any entity was tokenized. */
  tokens?: Record<string, string>;
}

function countByType(matches: ReadonlyArray<{ entityType: PiiEntityType }>): Map<PiiEntityType, number> {
  const counts = new Map<PiiEntityType, number>();
  for (const m of matches) counts.set(m.entityType, (counts.get(m.entityType) ?? 0) + 1);
  return counts;
}

function analyzeOptions(policy: SafetyPolicy): AnalyzeOptions {
  return { entities: policy.entities, minScore: policy.minScore, phoneRegions: policy.phoneRegions };
}

/**
 * PII detection and masking for the whole app: the HTTP tools (`/safety/pii/analyze|anonymize`), the
 * `Redactor` the LLM router applies before calling an external provider, masking at ingestion, and the
 * synchronous pass the log scrubber uses. PERSON comes from a local NER model when PII_NER_MODEL names one
 * that loads; until it has loaded, or when it fails, from the heuristic.
 */
@Injectable()
export class PiiService implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('Pii');
  private ner?: NerPersonRecognizer;
  private nerLoading?: Promise<void>;
  private closed = false;
  readonly analyzer = new PiiAnalyzer(
    undefined,
    () => (this.ner?.ready ? this.ner : undefined),
    (err) =>
      this.logger.warn(`${err instanceof Error ? err.message : String(err)}; the heuristic found PERSON instead`),
  );

  constructor(
    private readonly config: AppConfig,
    private readonly policies: SafetyPolicyService,
    private readonly metrics: SafetyMetrics,
  ) {}

  onModuleInit(): void {
    const model = this.config.safety.nerModel;
    if (!model) return;
    // In the background: requests use the heuristic until the model is ready rather than waiting for a load.
    this.nerLoading = NerPersonRecognizer.load({
      model,
      modelsDir: this.config.embeddings.modelsDir,
      allowDownloads: this.config.embeddings.allowDownloads,
    }).then(
      async (ner) => {
        if (this.closed) return void (await ner.dispose());
        this.ner = ner;
        this.logger.log(`PERSON entities come from the NER model "${model}"`);
      },
      (err: unknown) =>
        this.logger.warn(
          `${err instanceof Error ? err.message : String(err)}; PERSON entities come from the heuristic (lower confidence)`,
        ),
    );
  }

  async onModuleDestroy(): Promise<void> {
    this.closed = true;
    await this.ner?.dispose();
    this.ner = undefined;
  }

  /** Resolves once the NER model has loaded or failed to (at once when none is configured). */
  async nerSettled(): Promise<boolean> {
    await this.nerLoading;
    return !!this.ner?.ready;
  }

  /** `POST /safety/pii/analyze`: findings in a text, with the workspace policy's settings unless the request names its own. */
  async analyze(principal: RequestPrincipal, dto: AnalyzePiiDto): Promise<PiiAnalysisDto> {
    const policy = await this.policies.policyFor(principal.workspaceId);
    const findings = await this.analyzeText(dto.text, { ...analyzeOptions(policy), ...definedOnly(dto) });
    this.metrics.piiFound('api', countByType(findings));
    return { findings };
  }

  /** `POST /safety/pii/anonymize`: the text with findings replaced (placeholders unless another operator is asked for). */
  async anonymize(principal: RequestPrincipal, dto: AnonymizePiiDto): Promise<PiiAnonymizationDto> {
    const policy = await this.policies.policyFor(principal.workspaceId);
    const result = await this.anonymizeText(dto.text, {
      ...analyzeOptions(policy),
      ...definedOnly(dto),
      operator: dto.operator ?? 'placeholder',
      operators: dto.operators,
      hashSalt: principal.workspaceId.toLowerCase(),
    });
    this.count('api', result);
    return result;
  }

  analyzeText(text: string, options: AnalyzeOptions = {}): Promise<PiiMatch[]> {
    return this.analyzer.analyze(text, options);
  }

  async anonymizeText(text: string, options: AnonymizeOptions = {}): Promise<AnonymizeTextResult> {
    const matches = await this.analyzer.analyze(text, options);
    const vault = options.vault ?? new TokenVault();
    const outcome = anonymizeMatches(text, matches, {
      operator: options.operator ?? 'placeholder',
      perEntity: options.operators,
      hashSalt: options.hashSalt,
      vault,
    });
    return vault.size && !options.vault ? { ...outcome, tokens: vault.entries() } : outcome;
  }

  /** Puts the originals back into text anonymized with `tokenize` (the mapping from `anonymizeText`'s `tokens`). */
  deanonymize(text: string, tokens: Record<string, string>): string {
    return TokenVault.fromEntries(tokens).restore(text);
  }

  /**
   * The redactor for one conversation turn of a workspace, by its policy's `llm` settings: apply it to every text
   * sent to an external provider and `restore()` the answer. Disabled by the policy, it passes text through.
   */
  async redactorFor(workspaceId: string): Promise<Redactor> {
    const policy = await this.policies.policyFor(workspaceId);
    return new Redactor(
      this.analyzer,
      {
        enabled: policy.llm.enabled,
        entities: policy.entities,
        minScore: policy.minScore,
        phoneRegions: policy.phoneRegions,
        operator: policy.llm.operator,
        hashSalt: policy.workspaceId,
      },
      (counts) => this.metrics.piiFound('llm', counts),
    );
  }

  /** Whether the workspace's policy masks document text at ingestion (any entity, `ingestion.enabled`). */
  async masksAtIngestion(workspaceId: string): Promise<boolean> {
    const policy = await this.policies.policyFor(workspaceId);
    return policy.ingestion.enabled && policy.entities.length > 0;
  }

  /**
   * Document text as the workspace's policy wants it indexed: unchanged unless `ingestion` masking is on, else
   * with the policy's irreversible operator applied (call it on the parsed text, before chunking, so chunk
   * offsets refer to the masked text; `mask` keeps every offset as it was).
   */
  async maskForIngestion(workspaceId: string, text: string): Promise<AnonymizeOutcome> {
    const policy = await this.policies.policyFor(workspaceId);
    if (!policy.ingestion.enabled || !policy.entities.length) return { text, items: [] };
    const operator: IrreversibleOperator = policy.ingestion.operator;
    const outcome = await this.anonymizeText(text, {
      ...analyzeOptions(policy),
      operator,
      hashSalt: policy.workspaceId,
    });
    this.count('ingestion', outcome);
    return outcome;
  }

  /**
   * Typed placeholders for the findings of the patterns alone (no model, no waiting): the log scrubber's pass.
   */
  maskSync(text: string, options: AnalyzeOptions): string {
    const matches = this.analyzer.analyzeSync(text, options);
    if (!matches.length) return text;
    this.metrics.piiFound('logs', countByType(matches));
    return anonymizeMatches(text, matches, { operator: 'placeholder' }).text;
  }

  private count(target: PiiTarget, outcome: AnonymizeOutcome): void {
    if (outcome.items.length) this.metrics.piiFound(target, countByType(outcome.items));
  }
}

/** The analysis settings a request gave explicitly (undefined ones fall back to the policy's). */
function definedOnly(dto: AnalyzePiiDto): AnalyzeOptions {
  const out: AnalyzeOptions = {};
  if (dto.entities) out.entities = dto.entities;
  if (dto.minScore !== undefined) out.minScore = dto.minScore;
  if (dto.phoneRegions) out.phoneRegions = dto.phoneRegions;
  return out;
}
