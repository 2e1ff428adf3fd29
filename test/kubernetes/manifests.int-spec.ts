import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describeIf } from '../support/test-env';
import { manifestProblems, type AppFacts } from './manifest-rules';
import {
  K8S,
  REPO,
  kubectlAvailable,
  kubectlKustomize,
  readDocs,
  renderResourcesOnly,
  schemaFailures,
  strictTypeErrors,
  type K8sObject,
} from './manifests';

const facts: AppFacts = {
  scripts: (JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as { scripts: Record<string, string> })
    .scripts,
  routes: new Set(
    Object.keys((JSON.parse(readFileSync(join(REPO, 'openapi.json'), 'utf8')) as { paths: object }).paths),
  ),
};
const secrets = readDocs(join(K8S, 'secret.example.yaml'));
const base = renderResourcesOnly(join(K8S, 'base'));
const copy = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;
const find = (docs: K8sObject[], kind: string, name: string) =>
  docs.find((d) => d.kind === kind && d.metadata.name === name)!;

describe('Kubernetes manifests (infrastructure/kubernetes/base)', () => {
  it('hold the api and worker Deployments, their Service, autoscalers and budgets, the migration Job and config', () => {
    expect(base.map((d) => `${d.kind}/${d.metadata.name}`).sort()).toEqual(
      [
        'ConfigMap/docqa-config',
        'Deployment/docqa-api',
        'Deployment/docqa-worker',
        'HorizontalPodAutoscaler/docqa-api',
        'HorizontalPodAutoscaler/docqa-worker',
        'Job/docqa-migrate',
        'PersistentVolumeClaim/docqa-files',
        'PodDisruptionBudget/docqa-api',
        'PodDisruptionBudget/docqa-worker',
        'Service/docqa-api',
        'ServiceAccount/docqa',
      ].sort(),
    );
    // Credentials are never applied from the repository: only the example carries (placeholder) secrets.
    expect(base.some((d) => d.kind === 'Secret')).toBe(false);
    expect(secrets.map((s) => s.metadata.name)).toEqual(['docqa-secrets']);
  });

  it('validate against the Kubernetes API schemas, the secret example included', async () => {
    expect(await schemaFailures([...base, ...secrets])).toEqual([]);
  });

  it('have no unknown or misplaced fields (which the API server would silently drop)', async () => {
    expect(await strictTypeErrors([...base, ...secrets])).toEqual([]);
  });

  it('agree with the app: commands, probes, ports, server-mode environment, scaling and budgets', () => {
    expect(manifestProblems(base, secrets, facts)).toEqual([]);
  });

  it('catch what would break a deployment (the checks can fail)', async () => {
    const broken = copy(base);
    const api = find(broken, 'Deployment', 'docqa-api');
    api.spec.template.spec.containers[0].readinessProbe.httpGet.port = 8080;
    api.spec.template.spec.containers[0].securityContext.runAsNonroot = true;
    find(broken, 'HorizontalPodAutoscaler', 'docqa-worker').spec.scaleTargetRef.name = 'docqa-workers';
    find(broken, 'PodDisruptionBudget', 'docqa-api').spec.minAvailable = 2;
    delete find(broken, 'ConfigMap', 'docqa-config').data.NODE_ENV;
    find(broken, 'ConfigMap', 'docqa-config').data.DATABSE_POOL_SIZE = '5';
    const noRedis = copy(secrets);
    delete noRedis[0].stringData.REDIS_URL;
    const problems = manifestProblems(broken, noRedis, facts).join('\n');
    expect(problems).toContain(
      'Deployment docqa-api container api: readiness probe on port 8080, the process listens on 3000',
    );
    expect(problems).toContain('HorizontalPodAutoscaler docqa-worker: targets no existing Deployment');
    expect(problems).toContain('PodDisruptionBudget docqa-api: minAvailable 2 leaves no pod evictable at 2 replicas');
    expect(problems).toContain('sets variables the app does not read: DATABSE_POOL_SIZE');
    expect(problems).toContain('NODE_ENV is not production');
    expect(problems).toContain('not in server mode (DATABASE_URL and REDIS_URL)');
    expect(await strictTypeErrors([api])).toEqual([
      expect.stringMatching(/runAsNonroot.*does not exist in type 'ISecurityContext'/),
    ]);
    api.spec.template.spec.containers[0].ports[0].containerPort = '3000';
    expect(await schemaFailures([api])).toEqual([
      expect.objectContaining({ kind: 'Deployment', error: expect.stringMatching(/containerPort must be integer/) }),
    ]);
  });
});

describeIf(kubectlAvailable(), 'kubectl is not installed')('Kubernetes manifests rendered by kubectl kustomize', () => {
  it('render the base exactly as the resource list reads', async () => {
    expect(await kubectlKustomize(join(K8S, 'base'))).toEqual(expect.arrayContaining(base));
    expect((await kubectlKustomize(join(K8S, 'base'))).length).toBe(base.length);
  });

  it('render the production overlay into valid manifests in its namespace, with its image and storage class', async () => {
    const docs = await kubectlKustomize(join(K8S, 'overlays/production'));
    expect(await schemaFailures(docs)).toEqual([]);
    expect(await strictTypeErrors(docs)).toEqual([]);
    expect(manifestProblems(docs, secrets, facts)).toEqual([]);
    const namespaced = docs.filter((d) => d.kind !== 'Namespace');
    expect(new Set(namespaced.map((d) => d.metadata.namespace))).toEqual(new Set(['docqa']));
    const images = docs
      .filter((d) => d.kind === 'Deployment' || d.kind === 'Job')
      .map((d) => d.spec.template.spec.containers[0].image);
    expect(new Set(images)).toEqual(new Set(['your-registry/docqa:0.1.0']));
    expect(find(docs, 'PersistentVolumeClaim', 'docqa-files').spec.storageClassName).toBeTruthy();
    const ingress = find(docs, 'Ingress', 'docqa');
    expect(ingress.spec.rules[0].http.paths[0].backend.service.name).toBe('docqa-api');
  });
});
