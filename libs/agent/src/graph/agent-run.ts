import type { LangGraphRunnableConfig } from '@langchain/langgraph';
import type { AgentEvent, AskCaller, AskInput } from '../agent.types';
import type { LlmSession } from '../llm/llm-session';
import type { AgentStateUpdate, AgentStateValue } from './agent-state';

/** Settings a run follows (from config, so tests can set them per run). */
export interface AgentSettings {
  topK: number;
  maxCorrectionLoops: number;
  memoryTurns: number;
}

/** Everything about one run that is not state: who asks, how to reach the LLM, where events go. */
export interface AgentRun {
  caller: AskCaller;
  input: AskInput;
  persist: boolean;
  signal: AbortSignal;
  settings: AgentSettings;
  llm: LlmSession;
  emit(event: AgentEvent): void;
  /** Marks the first answer token (for time-to-first-token figures). */
  firstToken(): void;
}

export type NodeConfig = LangGraphRunnableConfig;

/** A node: reads the state, returns what it changes. */
export type AgentNodeFn = (state: AgentStateValue, run: AgentRun) => Promise<AgentStateUpdate>;

export function runOf(config: NodeConfig): AgentRun {
  const run = (config.configurable as { run?: AgentRun } | undefined)?.run;
  if (!run) throw new Error('agent node called without its run');
  return run;
}
