import * as iconv from 'iconv-lite';
import type { ParseContext } from '../document-parser';
import { HtmlParser } from './html.parser';

const ctx: ParseContext = { ocr: { enabled: false, languages: 'eng' }, onProgress: () => undefined };
const parse = (html: string | Buffer) => new HtmlParser().parse(Buffer.isBuffer(html) ? html : Buffer.from(html), ctx);

describe('HtmlParser', () => {
  it('keeps the main text and drops scripts, navigation, headers, footers, asides and forms', async () => {
    const doc = await parse(`<!doctype html><html><head><title>Guide</title><style>p{}</style></head><body>
      <nav><a href="/">Home</a></nav><header>Site banner</header>
      <h1>Install</h1><p>Run the <b>installer</b>.</p><script>track()</script>
      <aside>Related posts</aside><form><input name="q"><button>Go</button></form>
      <div hidden>secret</div><div style="display: none">also hidden</div>
      <footer>Copyright</footer></body></html>`);
    expect(doc).toMatchObject({ type: 'html', unitKind: 'none', title: 'Guide', encoding: 'utf-8' });
    expect(doc.blocks).toEqual([
      { kind: 'heading', text: 'Install', level: 1, headingPath: ['Install'] },
      { kind: 'paragraph', text: 'Run the installer.', headingPath: ['Install'] },
    ]);
  });

  it('prefers <main> when the page has one', async () => {
    const doc = await parse(
      '<html><body><div>Menu and banners</div><main><h2>Body</h2><p>Real text</p></main><div>More chrome</div></body></html>',
    );
    expect(doc.blocks.map((b) => b.text)).toEqual(['Body', 'Real text']);
  });

  it('reads every <article> when there is no <main>', async () => {
    const doc = await parse(
      '<body><div>Sidebar</div><article><p>First story</p></article><div>Ad</div><article><p>Second story</p></article></body>',
    );
    expect(doc.blocks.map((b) => b.text)).toEqual(['First story', 'Second story']);
  });

  it('builds the heading path, keeping lists and code blocks whole', async () => {
    const doc =
      await parse(`<html><body><h1>API</h1><h2>Auth</h2><ul><li>Tokens<ul><li>Refresh</li></ul></li><li>Keys</li></ul>
      <h2>Errors</h2><pre>if (err) {
  retry();
}</pre><ol start="3"><li>Third</li><li>Fourth</li></ol><h3>Codes</h3><p>See below.<br>Line two.</p></body></html>`);
    expect(doc.blocks).toEqual([
      { kind: 'heading', text: 'API', level: 1, headingPath: ['API'] },
      { kind: 'heading', text: 'Auth', level: 2, headingPath: ['API', 'Auth'] },
      { kind: 'list', text: '- Tokens\n  - Refresh\n- Keys', headingPath: ['API', 'Auth'] },
      { kind: 'heading', text: 'Errors', level: 2, headingPath: ['API', 'Errors'] },
      { kind: 'code', text: 'if (err) {\n  retry();\n}', headingPath: ['API', 'Errors'] },
      { kind: 'list', text: '3. Third\n4. Fourth', headingPath: ['API', 'Errors'] },
      { kind: 'heading', text: 'Codes', level: 3, headingPath: ['API', 'Errors', 'Codes'] },
      { kind: 'paragraph', text: 'See below.\nLine two.', headingPath: ['API', 'Errors', 'Codes'] },
    ]);
  });

  it('writes tables with their header, and label/value tables as "Label: value"', async () => {
    const doc = await parse(`<body>
      <table><thead><tr><th>Plan</th><th>Price</th></tr></thead><tbody><tr><td>Free</td><td>0</td></tr><tr><td>Pro</td><td>10 &euro;</td></tr></tbody></table>
      <table><tr><td colspan="2">Acme Corp</td></tr><tr><th>Founded</th><td>1990</td></tr><tr><th>CEO</th><td>R. Runner</td></tr></table>
      <table><tr><td>x</td><td><table><tr><td>inner</td><td>cell</td></tr></table></td></tr><tr><td>y</td><td>z</td></tr></table></body>`);
    expect(doc.blocks.map((b) => [b.kind, b.text])).toEqual([
      ['table', 'Plan: Free; Price: 0\nPlan: Pro; Price: 10 €'],
      ['table', 'Acme Corp\nFounded: 1990\nCEO: R. Runner'],
      ['table', 'x: y; inner; cell: z'],
    ]);
  });

  it('decodes the charset the page declares, or detects it', async () => {
    const declared = iconv.encode(
      '<html><head><meta charset="iso-8859-1"></head><body><p>Grüße</p></body></html>',
      'latin1',
    );
    expect((await parse(declared)).blocks[0].text).toBe('Grüße');
    const undeclared = iconv.encode(
      '<html><body><p>Die schöne Frau zahlte 15,50 € für Kaffee.</p></body></html>',
      'windows-1252',
    );
    const doc = await parse(undeclared);
    expect([doc.encoding, doc.blocks[0].text]).toEqual(['windows-1252', 'Die schöne Frau zahlte 15,50 € für Kaffee.']);
  });
});
