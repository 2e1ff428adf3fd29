import Fastify from 'fastify';

/** The baseline: a bare Fastify server answering the same route with the same body shape. */
const started = Date.now();
const app = Fastify({ logger: false });
app.get('/api/v1/health', async () => ({ status: 'ok', uptimeSeconds: Math.round((Date.now() - started) / 1000) }));
app
  .listen({ port: 0, host: '127.0.0.1' })
  .then(() => {
    const address = app.server.address();
    process.stdout.write(
      `bare fastify listening on port ${typeof address === 'object' && address ? address.port : 0}\n`,
    );
  })
  .catch((err: unknown) => {
    process.stderr.write(String(err));
    process.exit(1);
  });
process.once('SIGTERM', () => void app.close().then(() => process.exit(0)));
