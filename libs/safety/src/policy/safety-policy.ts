import { DEFAULT_PII_ENTITIES, type PiiEntityType } from '../pii/entity-types';
import type { IrreversibleOperator, PiiOperator } from '../pii/operators/pii-operator';

export const CHUNK_INJECTION_ACTIONS = ['log', 'downrank', 'block'] as const;
export type ChunkInjectionAction = (typeof CHUNK_INJECTION_ACTIONS)[number];
export const QUESTION_INJECTION_ACTIONS = ['log', 'block'] as const;
export type QuestionInjectionAction = (typeof QUESTION_INJECTION_ACTIONS)[number];

/**
 * A workspace's safety policy: which personal data is looked for, what replaces it where, and what happens to
 * text that tries to instruct the model.
 */
export interface SafetyPolicy {
  workspaceId: string;
  /** Entity types looked for (see PII_ENTITY_TYPES). */
  entities: PiiEntityType[];
  /** Findings scoring below this are left alone. */
  minScore: number;
  /** ISO 3166 regions national-format phone numbers are read in. */
  phoneRegions: string[];
  /** Before text leaves for an external LLM provider; `tokenize` restores the values in the answer. */
  llm: { enabled: boolean; operator: PiiOperator };
  /** In free-text fields of log lines (question, query, prompt...), always as typed placeholders. */
  logs: { enabled: boolean };
  /** In document text before it is chunked and indexed (stored, hence never `tokenize`). */
  ingestion: { enabled: boolean; operator: IrreversibleOperator };
  injection: {
    /** Injection score (0..1) from which a text counts as an injection attempt. */
    threshold: number;
    /** What happens to a retrieved chunk at or above the threshold (every hit is logged and counted). */
    chunkAction: ChunkInjectionAction;
    /** What happens to a question at or above the threshold. */
    questionAction: QuestionInjectionAction;
  };
  /** Set by a platform admin: workspace owners can read the policy but not change it. */
  locked: boolean;
  /** True while the workspace has never stored a policy of its own (these are the defaults). */
  isDefault: boolean;
  updatedAt: Date | null;
  /** Who last changed it. */
  updatedBy: string | null;
}

export type PolicySettings = Omit<SafetyPolicy, 'workspaceId' | 'isDefault' | 'updatedAt' | 'updatedBy'>;

/** The policy of a workspace that has none stored. */
export function defaultPolicySettings(): PolicySettings {
  return {
    entities: [...DEFAULT_PII_ENTITIES],
    minScore: 0.5,
    phoneRegions: ['US'],
    llm: { enabled: true, operator: 'tokenize' },
    logs: { enabled: true },
    ingestion: { enabled: false, operator: 'placeholder' },
    injection: { threshold: 0.5, chunkAction: 'downrank', questionAction: 'log' },
    locked: false,
  };
}

export function defaultPolicy(workspaceId: string): SafetyPolicy {
  return { workspaceId, ...defaultPolicySettings(), isDefault: true, updatedAt: null, updatedBy: null };
}
