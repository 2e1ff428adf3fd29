import { execFile, execFileSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { parse, parseAllDocuments } from 'yaml';

const run = promisify(execFile);
export const REPO = resolve(__dirname, '../..');
export const K8S = join(REPO, 'infrastructure/kubernetes');

// Loosely typed on purpose: the tests read what the YAML says, and the schema checks type it.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type K8sObject = Record<string, any>;

export function readDocs(file: string): K8sObject[] {
  return parseAllDocuments(readFileSync(file, 'utf8'))
    .map((d) => d.toJSON() as K8sObject | null)
    .filter((d): d is K8sObject => !!d);
}

/**
 * What `kubectl kustomize` renders for a kustomization that only lists resources: every object of every file
 * (and of nested kustomizations), in order. Anything else (patches, generators, name prefixes) is refused here,
 * since this reader could not apply it; overlays that use them are rendered by kubectl itself.
 */
export function renderResourcesOnly(dir: string): K8sObject[] {
  const k = parse(readFileSync(join(dir, 'kustomization.yaml'), 'utf8')) as Record<string, unknown>;
  const extra = Object.keys(k).filter((key) => !['apiVersion', 'kind', 'resources'].includes(key));
  if (extra.length) throw new Error(`${dir}/kustomization.yaml uses ${extra.join(', ')}: render it with kubectl`);
  return ((k.resources as string[]) ?? []).flatMap((r) => {
    const path = join(dir, r);
    return statSync(path).isDirectory() ? renderResourcesOnly(path) : readDocs(path);
  });
}

export function kubectlAvailable(): boolean {
  try {
    execFileSync('kubectl', ['version', '--client'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

export async function kubectlKustomize(dir: string): Promise<K8sObject[]> {
  const { stdout } = await run('kubectl', ['kustomize', dir], { maxBuffer: 16 * 1024 * 1024 });
  return parseAllDocuments(stdout)
    .map((d) => d.toJSON() as K8sObject | null)
    .filter((d): d is K8sObject => !!d);
}

/** Schema validation against the Kubernetes OpenAPI schemas (kubernetes-models), in a child process. */
export async function schemaFailures(docs: K8sObject[]): Promise<{ kind: string; name: string; error: string }[]> {
  const child = execFile(process.execPath, [join(__dirname, 'validate-manifests.mjs')], { cwd: REPO });
  const out = new Promise<string>((resolveOut, reject) => {
    let text = '';
    child.stdout!.on('data', (c: Buffer) => (text += c.toString()));
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolveOut(text) : reject(new Error(`validator exited ${code}`))));
  });
  child.stdin!.end(JSON.stringify(docs));
  return JSON.parse(await out) as { kind: string; name: string; error: string }[];
}

/**
 * Strict check: each object as a TypeScript literal of its kind's type (kubernetes-models' declarations), so
 * a misspelled or misplaced field (`runAsNonroot`, a probe under the pod) is an excess-property error, where
 * the API server would drop it without a word. Returns tsc's errors, each naming the object's file.
 */
export async function strictTypeErrors(docs: K8sObject[]): Promise<string[]> {
  const dir = await mkdtemp(join(tmpdir(), 'docqa-k8s-types-'));
  try {
    await writeFile(
      join(dir, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          strict: true,
          noEmit: true,
          module: 'esnext',
          moduleResolution: 'bundler',
          skipLibCheck: true,
          types: [],
          paths: { 'kubernetes-models/*': [join(REPO, 'node_modules/kubernetes-models/*')] },
        },
        include: ['*.ts'],
      }),
    );
    for (const [i, doc] of docs.entries()) {
      const file = `${String(i).padStart(2, '0')}-${doc.kind}-${doc.metadata?.name}.ts`.replace(/[^\w.-]/g, '_');
      await writeFile(
        join(dir, file),
        `import type { I${doc.kind} } from 'kubernetes-models/${doc.apiVersion}/${doc.kind}';\n` +
          `export const object: I${doc.kind} = ${JSON.stringify(doc, null, 2)};\n`,
      );
    }
    const tsc = require.resolve('typescript/bin/tsc');
    try {
      await run(process.execPath, [tsc, '-p', join(dir, 'tsconfig.json')], { cwd: dirname(dir) });
      return [];
    } catch (err) {
      const e = err as { stdout: string };
      return e.stdout.split('\n').filter((l) => /error TS\d+/.test(l));
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
