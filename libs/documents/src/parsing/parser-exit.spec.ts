import { DocumentParseError, ParseFailure } from './parsed-document';
import { exitFailure, startFailure } from './parser-exit';

const V8_OOM = `
<--- Last few GCs --->

[18371:0x41736000]      709 ms: Mark-Compact 38.7 (48.9) -> 31.4 (65.1) MB, pooled: 0 MB, 54.47 / 0.00 ms  allocation failure; scavenge might not succeed

FATAL ERROR: Reached heap limit Allocation failed - JavaScript heap out of memory
----- Native stack trace -----

 1: 0x931db0  [/usr/bin/node]
 2: 0x75968e node::OOMErrorHandler(char const*, v8::OOMDetails const&) [/usr/bin/node]
`;

const UNCAUGHT = `/app/dist/parser.worker.js:12
    throw new TypeError('Cannot read properties of undefined (reading "length")');
    ^

TypeError: Cannot read properties of undefined (reading "length")
    at Object.<anonymous> (/app/dist/parser.worker.js:12:11)
    at node:internal/main/run_main_module:33:47

Node.js v24.21.0
`;

describe('exitFailure', () => {
  it('reads a V8 heap exhaustion as TooLarge, naming the limit', () => {
    const err = exitFailure(null, 'SIGABRT', V8_OOM, 64);
    expect(err).toBeInstanceOf(DocumentParseError);
    expect([err.reason, err.message]).toEqual([
      ParseFailure.TooLarge,
      'the document needs more than the 64 MB a parser may use (PARSE_MAX_HEAP_MB)',
    ]);
    expect((err.cause as Error).message).toContain('FATAL ERROR: Reached heap limit');
  });

  it('reads other out-of-memory aborts, and an abort that printed nothing, as TooLarge', () => {
    expect(exitFailure(134, null, 'Fatal process out of memory: Zone', 64).reason).toBe(ParseFailure.TooLarge);
    expect(exitFailure(null, 'SIGABRT', '', 64).reason).toBe(ParseFailure.TooLarge);
  });

  it('reads a SIGKILL the pool did not send as the system reclaiming memory', () => {
    const err = exitFailure(null, 'SIGKILL', '', 512);
    expect(err.reason).toBe(ParseFailure.TooLarge);
    expect(err.message).toMatch(/killed from outside \(SIGKILL\)/);
  });

  it('reads anything else as a crash on the document, with the line that says why', () => {
    expect(exitFailure(1, null, UNCAUGHT, 512)).toMatchObject({
      reason: ParseFailure.Corrupt,
      message: 'the parser crashed on the document: TypeError: Cannot read properties of undefined (reading "length")',
    });
    expect(exitFailure(null, 'SIGSEGV', '', 512).message).toBe('the parser crashed on the document: killed by SIGSEGV');
    expect(exitFailure(3, null, '', 512).message).toBe('the parser crashed on the document: exit code 3');
    expect(exitFailure(null, 'SIGABRT', 'node: ../src/node.cc:42: Assertion failed', 512).reason).toBe(
      ParseFailure.Corrupt,
    );
  });
});

describe('startFailure', () => {
  it('is a plain error (not the document failing) saying why the process did not start', () => {
    const err = startFailure(1, null, UNCAUGHT);
    expect(err).not.toBeInstanceOf(DocumentParseError);
    expect(err.message).toBe(
      'a parser process exited before it was ready (code 1): TypeError: Cannot read properties of undefined (reading "length")',
    );
  });
});
