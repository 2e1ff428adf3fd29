import { FakeTools } from '../testing/graph-harness';
import { nodeRun, stateWith } from '../testing/node-kit';
import { callToolsNode } from './call-tools.node';

const call = (id: string, name: string) => ({ id, name, arguments: { q: id }, server: 'srv', tool: name });

describe('call_tools', () => {
  it('turns successful results into tool sources and leaves failed calls out', async () => {
    const tools = new FakeTools([], (name) =>
      name === 'bad'
        ? { content: 'boom', isError: true, durationMs: 1 }
        : { content: `result of ${name}`, isError: false, durationMs: 1 },
    );
    const update = await callToolsNode(tools)(
      stateWith({ toolCalls: [call('1', 'good'), call('2', 'bad')] }),
      nodeRun(),
    );
    expect(update.sufficient).toBe(true);
    expect(update.evidence).toEqual([
      expect.objectContaining({
        kind: 'tool',
        chunkId: '1',
        documentId: '',
        text: 'result of good',
        tool: { server: 'srv', name: 'good' },
      }),
    ]);
  });

  it('sends the run to the documents when every call failed', async () => {
    const tools = new FakeTools([], () => {
      throw new Error('down');
    });
    expect(await callToolsNode(tools)(stateWith({ toolCalls: [call('1', 'x')] }), nodeRun())).toEqual({
      path: 'retrieve',
      toolCalls: [],
    });
  });
});
