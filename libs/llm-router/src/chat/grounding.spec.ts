import { citationsIn, groundedMessages } from './grounding';
import { parseJsonAnswer } from './json-output';

describe('grounding', () => {
  it('puts one system message first: the caller’s, then the sources, then the JSON instruction', () => {
    const messages = groundedMessages(
      {
        messages: [
          { role: 'user', content: 'q' },
          { role: 'system', content: 'Be brief.' },
        ],
        documents: [{ id: 'd1', title: 'Manual, p. 3', text: 'The sky is blue.' }],
        responseFormat: { type: 'json_schema', name: 'a', schema: { type: 'object' } },
      },
      { schemaInPrompt: true },
    );
    expect(messages).toHaveLength(2);
    expect(messages[0].role).toBe('system');
    const system = messages[0].content as string;
    expect(system.indexOf('Be brief.')).toBeLessThan(system.indexOf('[d1] (Manual, p. 3)\nThe sky is blue.'));
    expect(system).toContain('Respond with a single JSON object');
    expect(system).toContain('{"type":"object"}');
    expect(messages[1]).toEqual({ role: 'user', content: 'q' });
  });

  it('sends no system message when there is nothing to say', () => {
    expect(groundedMessages({ messages: [{ role: 'user', content: 'q' }] }, { schemaInPrompt: false })).toEqual([
      { role: 'user', content: 'q' },
    ]);
  });

  it('reads the cited documents from [id] markers, known ids only, in order of first citation', () => {
    const docs = [
      { id: 'a', text: '' },
      { id: 'b', text: '' },
    ];
    expect(citationsIn('One [b]. Two [a, b]. Three [zz] [a].', docs)).toEqual([
      { documentId: 'b' },
      { documentId: 'a' },
    ]);
  });
});

describe('parseJsonAnswer', () => {
  it('parses plain JSON, JSON in a code fence, and the object inside a sentence', () => {
    expect(parseJsonAnswer('{"a":1}')).toEqual({ a: 1 });
    expect(parseJsonAnswer('```json\n{"a":2}\n```')).toEqual({ a: 2 });
    expect(parseJsonAnswer('Here it is: {"a":3} hope it helps')).toEqual({ a: 3 });
    expect(parseJsonAnswer('no json here')).toBeUndefined();
  });
});
