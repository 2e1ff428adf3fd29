import { LlmRouterErrorCode, LlmRouterException } from '../llm-router.errors';
import type { ChatRequest } from './chat-request';

const TOOL_NAME = /^[A-Za-z0-9_-]{1,64}$/;

function invalid(message: string): LlmRouterException {
  return new LlmRouterException(LlmRouterErrorCode.InvalidRequest, message);
}

/**
 * Refuses what no provider would accept, before anything is counted or sent: a request every provider
 * rejects would otherwise walk the whole chain and open nobody's circuit for a fault of the caller.
 */
export function validateChatRequest(request: ChatRequest): void {
  if (!Array.isArray(request.messages) || !request.messages.length) throw invalid('messages must not be empty');
  if (!request.messages.some((m) => m.role === 'user')) throw invalid('messages must hold at least one user message');
  const toolNames = new Set<string>();
  for (const tool of request.tools ?? []) {
    if (!TOOL_NAME.test(tool.name)) throw invalid(`tool name ${JSON.stringify(tool.name)} must match ${TOOL_NAME}`);
    if (toolNames.has(tool.name)) throw invalid(`tool ${tool.name} is declared twice`);
    toolNames.add(tool.name);
    if (typeof tool.parameters !== 'object' || tool.parameters === null) {
      throw invalid(`tool ${tool.name}: parameters must be a JSON Schema object`);
    }
  }
  const choice = request.toolChoice;
  if (choice && choice !== 'auto' && choice !== 'none' && !toolNames.size) {
    throw invalid('toolChoice needs tools');
  }
  if (typeof choice === 'object' && !toolNames.has(choice.name)) {
    throw invalid(`toolChoice names ${choice.name}, which is not among the tools`);
  }
  if (request.maxTokens !== undefined && (!Number.isInteger(request.maxTokens) || request.maxTokens < 1)) {
    throw invalid('maxTokens must be a positive integer');
  }
  if (request.temperature !== undefined && !(request.temperature >= 0 && request.temperature <= 2)) {
    throw invalid('temperature must be between 0 and 2');
  }
  const ids = new Set<string>();
  for (const doc of request.documents ?? []) {
    if (!doc.id || /[[\]\n]/.test(doc.id)) throw invalid(`document id ${JSON.stringify(doc.id)} is not usable`);
    if (ids.has(doc.id)) throw invalid(`document id ${doc.id} is given twice`);
    ids.add(doc.id);
  }
}
