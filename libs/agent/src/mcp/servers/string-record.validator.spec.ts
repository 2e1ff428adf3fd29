import { ENV_RULES, HEADER_RULES } from './mcp-server.dto';
import { stringRecordProblem } from './string-record.validator';

describe('header and environment maps', () => {
  it('accepts ordinary headers and variables', () => {
    expect(stringRecordProblem({ Authorization: 'Bearer x', 'X-Team': 'a' }, HEADER_RULES)).toBeUndefined();
    expect(stringRecordProblem({ API_TOKEN: 'x', _X1: '' }, ENV_RULES)).toBeUndefined();
    expect(stringRecordProblem({}, HEADER_RULES)).toBeUndefined();
  });

  it('refuses what would break a request or a process, saying which entry', () => {
    expect(stringRecordProblem({ 'X-A': 'a\r\nHost: evil' }, HEADER_RULES)).toBe(
      'X-A holds a character it may not hold',
    );
    expect(stringRecordProblem({ Host: 'x' }, HEADER_RULES)).toBe('must not set Host: DocQA sets it');
    expect(stringRecordProblem({ 'mcp-session-id': 'x' }, HEADER_RULES)).toMatch(/must not set/);
    expect(stringRecordProblem({ 'bad header': 'x' }, HEADER_RULES)).toMatch(/invalid name "bad header"/);
    expect(stringRecordProblem({ '1ABC': 'x' }, ENV_RULES)).toMatch(/invalid name/);
    expect(stringRecordProblem({ A: 1 }, ENV_RULES)).toBe('A must be a string');
    expect(stringRecordProblem({ A: 'x'.repeat(8193) }, ENV_RULES)).toMatch(/at most 8192/);
  });

  it('refuses anything but an object, and too many entries', () => {
    expect(stringRecordProblem(['a'], ENV_RULES)).toBe('must be an object of strings');
    expect(stringRecordProblem('a=b', ENV_RULES)).toBe('must be an object of strings');
    const many = Object.fromEntries(Array.from({ length: 65 }, (_, i) => [`V${i}`, 'x']));
    expect(stringRecordProblem(many, ENV_RULES)).toBe('must have at most 64 entries');
  });
});
