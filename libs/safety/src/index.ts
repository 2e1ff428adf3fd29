export { SafetyCoreModule, SafetyModule } from './safety.module';
export { SafetyErrorCode, SafetyException } from './safety.errors';
export { DEFAULT_PII_ENTITIES, isPiiEntityType, PII_ENTITY_TYPES, type PiiEntityType } from './pii/entity-types';
export type { PiiMatch } from './pii/recognizer';
export { PiiAnalyzer, type AnalyzeOptions } from './pii/pii-analyzer';
export {
  IRREVERSIBLE_OPERATORS,
  PII_OPERATORS,
  type IrreversibleOperator,
  type PiiOperator,
} from './pii/operators/pii-operator';
export type { AnonymizedItem, AnonymizeOutcome } from './pii/operators/anonymize';
export { TokenVault } from './pii/operators/token-vault';
export { StreamRestorer } from './pii/operators/stream-restorer';
export { Redactor, TOKEN_INSTRUCTION, type RedactorSettings } from './pii/redactor';
export { PiiService, type AnonymizeOptions, type AnonymizeTextResult } from './pii/pii.service';
export {
  InjectionDetector,
  type ChunkScreening,
  type InjectionAction,
  type InjectionContext,
  type QuestionVerdict,
  type ScreenedChunk,
} from './injection/injection-detector';
export { InjectionScanner, type InjectionHit, type InjectionScan } from './injection/injection-scanner';
export { INJECTION_PATTERNS, type InjectionCategory, type InjectionPattern } from './injection/injection-patterns';
export { fenceAsData, type FencedData, type FenceInput } from './injection/fence';
export { SafetyPolicyService } from './policy/safety-policy.service';
export type { SafetyPolicy } from './policy/safety-policy';
export { SafetyPolicyEntity } from './policy/safety-policy.entity';
