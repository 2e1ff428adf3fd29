/** A tool the model may call; `parameters` is a JSON Schema object. */
export interface ToolDefinition {
  name: string;
  description?: string;
  parameters: Record<string, unknown>;
}

/** A tool call the model made, arguments parsed from its JSON. */
export interface ToolCall {
  id: string;
  name: string;
  arguments: Record<string, unknown>;
}

export type ChatMessage =
  | { role: 'system'; content: string }
  | { role: 'user'; content: string }
  | { role: 'assistant'; content?: string; toolCalls?: ToolCall[] }
  | { role: 'tool'; toolCallId: string; name?: string; content: string };

/**
 * Grounding context: passages the answer must come from. Hosted models get them as numbered sources in the
 * system prompt and cite them as `[id]`; the offline answerer answers from them alone.
 */
export interface ContextDocument {
  id: string;
  text: string;
  /** Where the passage is from (document title, page), shown to the model beside the id. */
  title?: string;
}

export type ResponseFormat =
  | { type: 'text' }
  /** Any single JSON object. */
  | { type: 'json_object' }
  /** A JSON object matching `schema` (providers that cannot enforce a schema are asked for it in the prompt). */
  | { type: 'json_schema'; name: string; schema: Record<string, unknown> };

export type ToolChoice = 'auto' | 'none' | 'required' | { name: string };

/** One chat call, the same for every provider. */
export interface ChatRequest {
  messages: ChatMessage[];
  documents?: ContextDocument[];
  tools?: ToolDefinition[];
  toolChoice?: ToolChoice;
  responseFormat?: ResponseFormat;
  maxTokens?: number;
  temperature?: number;
  stop?: string[];
}
