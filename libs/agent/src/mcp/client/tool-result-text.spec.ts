import { MAX_TOOL_RESULT_CHARS, toolResultText, truncate } from './tool-result-text';

describe('toolResultText', () => {
  it('joins text blocks and names what a text model cannot read', () => {
    const text = toolResultText({
      content: [
        { type: 'text', text: 'first' },
        { type: 'image', data: 'AAAA', mimeType: 'image/png' },
        { type: 'resource', resource: { uri: 'file:///a.txt', text: 'inside a.txt' } },
        { type: 'resource', resource: { uri: 'file:///b.bin', blob: 'AAAA' } },
        { type: 'resource_link', uri: 'file:///c', name: 'c' },
      ],
    });
    expect(text).toBe('first\n[image: image/png]\ninside a.txt\n[resource: file:///b.bin]\n[resource: c file:///c]');
  });

  it('falls back to the structured content, then to nothing', () => {
    expect(toolResultText({ content: [], structuredContent: { sum: 5 } })).toBe('{"sum":5}');
    expect(toolResultText({})).toBe('');
  });

  it('cuts huge results and says how much was left out', () => {
    const text = toolResultText({ content: [{ type: 'text', text: 'x'.repeat(MAX_TOOL_RESULT_CHARS * 2) }] });
    expect(text.length).toBe(MAX_TOOL_RESULT_CHARS);
    expect(text).toMatch(/\[truncated: 16000 more characters\]$/);
    expect(truncate('short', 10)).toBe('short');
  });
});
