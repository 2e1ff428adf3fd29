import { exposedToolNames, SERVER_NAME_PATTERN, serverNameOf } from './tool-names';

describe('MCP tool names', () => {
  it('prefixes each tool with its server and keeps names LLM APIs accept', () => {
    const names = exposedToolNames('files', ['read', 'dotted.tool', 'with space/slash', '']);
    expect([...names.keys()]).toEqual(['files__read', 'files__dotted_tool', 'files__with_space_slash', 'files___']);
    expect(names.get('files__dotted_tool')).toBe('dotted.tool');
    for (const exposed of names.keys()) expect(exposed).toMatch(/^[A-Za-z0-9_-]{1,64}$/);
  });

  it('cuts long names to 64 characters and tells apart tools that would collide', () => {
    const long = 'x'.repeat(100);
    const names = exposedToolNames('srv', [long, `${long}y`, 'a.b', 'a/b']);
    const exposed = [...names.keys()];
    expect(new Set(exposed).size).toBe(4);
    for (const e of exposed) expect(e.length).toBeLessThanOrEqual(64);
    expect(names.get(exposed[1])).toBe(`${long}y`);
    expect(exposed[1].endsWith('_2')).toBe(true);
    expect(names.get('srv__a_b_2')).toBe('a/b');
  });

  it('gives the same names for the same list, so a call maps back to its tool', () => {
    const tools = ['a.b', 'a/b', 'a_b'];
    expect([...exposedToolNames('s', tools)]).toEqual([...exposedToolNames('s', tools)]);
  });

  it('splits a name at the first separator and refuses what no server could be called', () => {
    expect(serverNameOf('files__read__more')).toBe('files');
    expect(serverNameOf('read')).toBeUndefined();
    expect(serverNameOf('__read')).toBeUndefined();
    expect(serverNameOf('Bad_Name__read')).toBeUndefined();
  });

  it('server names are lower-case words with inner hyphens, at most 32 characters', () => {
    for (const ok of ['a', 'files', 'my-tools', 'x1', 'a'.repeat(32)]) expect(SERVER_NAME_PATTERN.test(ok)).toBe(true);
    for (const bad of ['', '-a', 'a-', 'A', 'a_b', 'a__b', 'a.b', 'a'.repeat(33)]) {
      expect(SERVER_NAME_PATTERN.test(bad)).toBe(false);
    }
  });
});
