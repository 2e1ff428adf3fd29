import { FakeOpenAiChatServer } from '../../test/support/fake-llm-servers';

/**
 * The tests' fake OpenAI chat-completions server in a process of its own, so that serving the benchmark's
 * calls does not share an event loop with the router being measured. FAKE_FIRST_CHUNK_MS delays the first
 * streamed chunk (a model's time to first token).
 */
async function main(): Promise<void> {
  const firstChunkDelayMs = Number(process.env.FAKE_FIRST_CHUNK_MS ?? 0);
  const server = await new FakeOpenAiChatServer('openai', { firstChunkDelayMs }).start();
  const port = new URL(server.baseUrl).port;
  process.stdout.write(`fake openai listening on port ${port}\n`);
  process.on('SIGTERM', () => void server.close().then(() => process.exit(0)));
}

void main();
