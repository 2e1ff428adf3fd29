import { FakeRouter, FakeTools } from '../testing/graph-harness';
import { nodeRun, stateWith } from '../testing/node-kit';
import { routeNode } from './route.node';

const forecast = {
  name: 'weather__get_forecast',
  description: 'Get the weather forecast for a city',
  parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
  server: { id: 's1', name: 'weather' },
};

describe('route', () => {
  it('searches the documents when the workspace has no tools', async () => {
    expect(
      await routeNode(new FakeTools())(stateWith({ standalone: 'What is the weather forecast?' }), nodeRun()),
    ).toEqual({ path: 'retrieve' });
  });

  it('answers questions about the conversation from it, when there is one', async () => {
    const node = routeNode(new FakeTools());
    const history = [{ question: 'q', answer: 'a', rewrittenQuery: null }];
    expect(await node(stateWith({ question: 'What did you just say?', history }), nodeRun())).toEqual({
      path: 'conversation',
    });
    expect(await node(stateWith({ question: 'What did you just say?' }), nodeRun())).toEqual({ path: 'retrieve' });
  });

  it('picks a fitting tool offline, with the question as its argument', async () => {
    const q = 'What is the weather forecast for Lyon?';
    expect(await routeNode(new FakeTools([forecast]))(stateWith({ question: q, standalone: q }), nodeRun())).toEqual({
      path: 'tools',
      toolCalls: [
        {
          id: 'call_offline_weather__get_forecast',
          name: 'weather__get_forecast',
          arguments: { city: q },
          server: 'weather',
          tool: 'get_forecast',
        },
      ],
    });
  });

  it('lets a hosted model choose, ignoring tools that do not exist', async () => {
    const router = new FakeRouter(() => ({
      toolCalls: [
        { id: 'c1', name: 'weather__get_forecast', arguments: { city: 'Paris' } },
        { id: 'c2', name: 'made_up', arguments: {} },
      ],
    }));
    const update = await routeNode(new FakeTools([forecast]))(
      stateWith({ standalone: 'Is it raining in Paris?' }),
      nodeRun({ hosted: true, router }),
    );
    expect(update).toMatchObject({ path: 'tools', toolCalls: [{ id: 'c1', arguments: { city: 'Paris' } }] });
    expect(router.requests[0].tools?.map((t) => t.name)).toEqual(['weather__get_forecast']);
  });
});
