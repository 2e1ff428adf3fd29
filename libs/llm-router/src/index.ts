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
