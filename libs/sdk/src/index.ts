// The DocQA TypeScript SDK: the client generated from openapi.json (`npm run sdk`) and a thin hand-written
// layer for credentials, the workspace header and streamed chat answers.
export * from './generated';
export { createClient, createConfig, type Client, type Config, type RequestResult } from './generated/client';
export {
  DocQaApiError,
  DocQaClient,
  type ApiErrorBody,
  type ChatBody,
  type Credential,
  type DocQaClientOptions,
  type StreamEvent,
} from './docqa-client';
