import { DocumentParseError, ParseFailure } from './parsed-document';

/** What V8 prints when a heap fills up ("Reached heap limit", "JavaScript heap out of memory", "Fatal process out of memory"). */
const OUT_OF_MEMORY = /heap limit|out of memory/i;

/** The line of a crash report that says what went wrong (Node prints the source line and a caret before it). */
function crashLine(stderr: string): string | undefined {
  const lines = stderr.split('\n').map((l) => l.trim());
  const line =
    lines.find((l) => l.startsWith('FATAL ERROR:')) ??
    lines.find((l) => /^(\w*(Error|Exception)|Error \[\w+\])(: |$)/.test(l)) ??
    lines.find((l) => l && !l.startsWith('at ') && !l.startsWith('Node.js v'));
  return line?.slice(0, 300);
}

/**
 * Why a parser process that died while parsing failed its document, from its exit and the end of its
 * stderr. A V8 heap exhaustion aborts the process (SIGABRT, exit code 134) after printing "Reached heap
 * limit": the document needs more memory than a parser may have. SIGKILL from outside the pool is, in
 * practice, the kernel's OOM killer. Anything else is a parser crashing on the file.
 */
export function exitFailure(
  code: number | null,
  signal: NodeJS.Signals | null,
  stderr: string,
  maxHeapMb: number,
): DocumentParseError {
  const cause = new Error(
    `parser process exited (${signal ?? `code ${code}`})${stderr.trim() ? `; stderr ends with:\n${stderr}` : ''}`,
  );
  const aborted = signal === 'SIGABRT' || code === 134;
  if (OUT_OF_MEMORY.test(stderr) || (aborted && !stderr.trim())) {
    return new DocumentParseError(
      ParseFailure.TooLarge,
      `the document needs more than the ${maxHeapMb} MB a parser may use (PARSE_MAX_HEAP_MB)`,
      { cause },
    );
  }
  if (signal === 'SIGKILL') {
    return new DocumentParseError(
      ParseFailure.TooLarge,
      'the parser process was killed from outside (SIGKILL), most likely by the system for using too much memory',
      { cause },
    );
  }
  const what = crashLine(stderr) ?? (signal ? `killed by ${signal}` : `exit code ${code}`);
  return new DocumentParseError(ParseFailure.Corrupt, `the parser crashed on the document: ${what}`, { cause });
}

/**
 * Why a parser process died before it said it was ready (the worker is missing or does not load): not the
 * document's fault, so a plain error, which a job queue retries later.
 */
export function startFailure(code: number | null, signal: NodeJS.Signals | null, stderr: string): Error {
  const what = crashLine(stderr) ?? 'no output';
  return new Error(`a parser process exited before it was ready (${signal ?? `code ${code}`}): ${what}`, {
    cause: new Error(stderr),
  });
}
