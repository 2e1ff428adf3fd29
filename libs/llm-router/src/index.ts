export { LlmRouterCoreModule, LlmRouterModule } from './llm-router.module';
export { LlmRouter } from './routing/llm-router.service';
export { LlmRouterErrorCode, LlmRouterException } from './llm-router.errors';
export type { LlmCallContext } from './chat/call-context';
export type {
  ChatMessage,
  ChatRequest,
  ContextDocument,
  ResponseFormat,
  ToolCall,
  ToolChoice,
  ToolDefinition,
} from './chat/chat-request';
export type {
  AttemptOutcome,
  AttemptRecord,
  BudgetState,
  BudgetStatus,
  ChatResult,
  ChatStreamEvent,
  Citation,
  FinishReason,
  KeySource,
  TokenUsage,
} from './chat/chat-result';
export { NO_ANSWER_IN_CONTEXT, NO_CONTEXT_GIVEN } from './providers/offline/extractive-answerer';
export { DEFAULT_MODELS } from './chain/provider-catalog';
export { LlmUsageEntity } from './usage/llm-usage.entity';
export { WorkspaceLlmSettingsEntity } from './settings/workspace-llm-settings.entity';
export {
  PlatformUsageService,
  USAGE_DIMENSIONS,
  type FailedCallSummary,
  type PlatformUsageQuery,
  type PlatformUsageReport,
  type PlatformUsageRow,
  type UsageDimension,
} from './usage/platform-usage.service';
export { ProviderErrorLog, type ProviderErrorEntry } from './routing/provider-error-log';
export { LlmCircuits } from './routing/llm-circuits';
export { BudgetService } from './settings/budget.service';
export { WorkspaceLlmSettingsService } from './settings/workspace-llm-settings.service';
export { BudgetStatusDto, UsageCountsDto } from './usage/dto/usage-report.dto';
export { MAX_MONTHLY_BUDGET_USD } from './admin/dto/workspace-llm-budget.dto';
export type { CircuitSnapshot } from './routing/circuit-breaker';
export { LlmCircuitDto } from './admin/dto/llm-circuits.dto';
