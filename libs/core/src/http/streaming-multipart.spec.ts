import Fastify, { type FastifyInstance } from 'fastify';
import { streamingMultipart } from './streaming-multipart';

const BOUNDARY = 'docqa-boundary';

function multipartBody(files: Array<[name: string, content: string]>): string {
  const parts = files.map(
    ([name, content]) =>
      `--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\n` +
      `Content-Type: text/plain\r\n\r\n${content}\r\n`,
  );
  return `${parts.join('')}--${BOUNDARY}--\r\n`;
}

describe('streamingMultipart', () => {
  let app: FastifyInstance;

  beforeAll(async () => {
    app = Fastify();
    await app.register(streamingMultipart, { limits: { fileSize: 1024 } });
    app.post('/upload', async (request) => {
      const files: Array<{ name: string; text: string }> = [];
      for await (const part of request.parts()) {
        if (part.type === 'file') files.push({ name: part.filename, text: (await part.toBuffer()).toString() });
      }
      return files;
    });
    app.post('/save', async (request) => {
      await request.saveRequestFiles();
      return 'saved';
    });
    await app.ready();
  });
  afterAll(() => app.close());

  const upload = (url: string, files: Array<[string, string]>) =>
    app.inject({
      method: 'POST',
      url,
      headers: { 'content-type': `multipart/form-data; boundary=${BOUNDARY}` },
      payload: multipartBody(files),
    });

  it('streams every uploaded file to the route, at the root of the app', async () => {
    const res = await upload('/upload', [
      ['a.txt', 'first'],
      ['b.txt', 'second'],
    ]);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual([
      { name: 'a.txt', text: 'first' },
      { name: 'b.txt', text: 'second' },
    ]);
  });

  it('adds no hook to every request, and refuses to save uploads to temp files', async () => {
    expect(app.printRoutes({ includeHooks: true })).not.toMatch(/onRequest|onResponse/);
    const res = await upload('/save', [['a.txt', 'first']]);
    expect(res.statusCode).toBe(500);
    expect(res.json().message).toContain('stream uploads with request.parts()');
  });
});
