import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ENV_VARS } from '@docqa/core';

const root = join(__dirname, '../..');

/** `.env.example` and the README's configuration table must list exactly the variables the app reads. */
describe('configuration documentation', () => {
  const example = readFileSync(join(root, '.env.example'), 'utf8').split('\n');

  it.each(Object.entries(ENV_VARS))('.env.example documents %s with its default and meaning', (name, v) => {
    const index = example.findIndex(
      (l) => l === `${name}=${String((v.spec as { default?: unknown }).default ?? '')}` || l === `# ${name}=`,
    );
    expect(index).toBeGreaterThan(0);
    expect(example[index - 1]).toBe(`# ${v.doc}`);
    const dflt = (v.spec as { default?: unknown }).default;
    expect(example[index]).toBe(dflt === undefined ? `# ${name}=` : `${name}=${String(dflt)}`);
  });

  it('.env.example names no variable the app does not read', () => {
    const named = example.map((l) => /^#? ?([A-Z][A-Z0-9_]+)=/.exec(l)?.[1]).filter(Boolean);
    expect(named.sort()).toEqual(Object.keys(ENV_VARS).sort());
  });

  it('the README configuration table lists every variable', () => {
    const readme = readFileSync(join(root, 'README.md'), 'utf8');
    const rows = new Set([...readme.matchAll(/^\| `([A-Z][A-Z0-9_]+)`\s*\|/gm)].map((m) => m[1]));
    expect([...rows].sort()).toEqual(Object.keys(ENV_VARS).sort());
  });
});
