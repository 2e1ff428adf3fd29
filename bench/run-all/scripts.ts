/** Which package.json scripts `npm run bench` runs, in which order, with which arguments. */

/** Run order: quick, isolated benchmarks first; those that start many processes or build large tables last. */
const ORDER = ['http', 'parse', 'ingest', 'retrieval', 'llm', 'safety', 'agent', 'eval', 'scale', 'load'];

/**
 * Arguments added to a script here: bench:ingest runs bench:parse inside itself unless told not to, and
 * bench:parse runs on its own in this list.
 */
const EXTRA_ARGS: Record<string, string[]> = { 'bench:ingest': ['--no-parse'] };

export interface Script {
  name: string;
  /** The script without its leading build (done once by `npm run bench`). */
  command: string;
}

export function benchScripts(scripts: Record<string, string>): Script[] {
  const found = Object.entries(scripts)
    .filter(([name]) => /^bench:[\w-]+$/.test(name))
    .map(([name, command]) => ({
      name,
      command: [command.replace(/^npm run build && /, ''), ...(EXTRA_ARGS[name] ?? [])].join(' '),
    }));
  const rank = (s: Script) => {
    const i = ORDER.indexOf(s.name.slice('bench:'.length));
    return i < 0 ? ORDER.indexOf('scale') - 0.5 : i;
  };
  return found.sort((a, b) => rank(a) - rank(b) || a.name.localeCompare(b.name));
}
