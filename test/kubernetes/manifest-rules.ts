import { ENV_VARS, loadConfig, runModeOf } from '@docqa/core';
import type { K8sObject } from './manifests';

/** What the repository says the manifests must agree with. */
export interface AppFacts {
  /** npm scripts: the commands the image runs (`start`, `start:worker`, `migration:run`). */
  scripts: Record<string, string>;
  /** Paths of the API's OpenAPI spec. */
  routes: Set<string>;
}

const PROBES = { liveness: '/api/v1/health', readiness: '/api/v1/ready' } as const;
/** Which npm script each workload runs, and which variable names its port. */
const WORKLOADS: Record<string, { script: string; portVar?: 'PORT' | 'WORKER_PORT' }> = {
  api: { script: 'start', portVar: 'PORT' },
  worker: { script: 'start:worker', portVar: 'WORKER_PORT' },
  migrate: { script: 'migration:run' },
};

function matches(selector: Record<string, string> | undefined, labels: Record<string, string> | undefined): boolean {
  if (!selector || !Object.keys(selector).length) return false;
  return Object.entries(selector).every(([k, v]) => labels?.[k] === v);
}

const podTemplates = (docs: K8sObject[]) =>
  docs
    .filter((d) => d.kind === 'Deployment' || d.kind === 'Job')
    .map((d) => ({
      doc: d,
      pod: d.spec?.template as K8sObject,
      component: d.metadata?.labels?.['app.kubernetes.io/component'] as string,
    }));

/**
 * The environment a container gets: ConfigMaps and Secrets it takes whole (envFrom), then its own `env`.
 * Secrets come from `secrets` (the example the operator fills in), since the manifests carry none.
 */
export function containerEnv(container: K8sObject, docs: K8sObject[], secrets: K8sObject[]): Record<string, string> {
  const env: Record<string, string> = {};
  for (const from of container.envFrom ?? []) {
    if (from.configMapRef) {
      const cm = docs.find((d) => d.kind === 'ConfigMap' && d.metadata.name === from.configMapRef.name);
      Object.assign(env, cm?.data ?? {});
    }
    if (from.secretRef) {
      const s = secrets.find((d) => d.kind === 'Secret' && d.metadata.name === from.secretRef.name);
      Object.assign(env, s?.stringData ?? {});
    }
  }
  for (const e of container.env ?? []) if (typeof e.value === 'string') env[e.name] = e.value;
  return env;
}

/** Everything wrong with a rendered set of manifests, as readable sentences (empty when all is well). */
export function manifestProblems(docs: K8sObject[], secrets: K8sObject[], facts: AppFacts): string[] {
  const problems: string[] = [];
  const named = (kind: string, name: string) => docs.find((d) => d.kind === kind && d.metadata?.name === name);
  const deployments = docs.filter((d) => d.kind === 'Deployment');
  const images = new Set<string>();

  for (const d of docs) {
    if (!d.apiVersion || !d.kind || !d.metadata?.name) problems.push(`an object lacks apiVersion, kind or name`);
  }
  for (const component of ['api', 'worker', 'migrate']) {
    if (!podTemplates(docs).some((t) => t.component === component)) problems.push(`no workload for ${component}`);
  }

  for (const { doc, pod, component } of podTemplates(docs)) {
    const where = `${doc.kind} ${doc.metadata.name}`;
    const workload = WORKLOADS[component];
    if (!workload) {
      problems.push(`${where}: unknown component ${component}`);
      continue;
    }
    if (doc.kind === 'Deployment' && !matches(doc.spec?.selector?.matchLabels, pod?.metadata?.labels)) {
      problems.push(`${where}: its selector does not match its pod labels`);
    }
    const spec = pod?.spec ?? {};
    if (spec.serviceAccountName && !named('ServiceAccount', spec.serviceAccountName)) {
      problems.push(`${where}: service account ${spec.serviceAccountName} is not defined`);
    }
    if (spec.securityContext?.runAsNonRoot !== true) problems.push(`${where}: pods may run as root`);
    if (spec.securityContext?.seccompProfile?.type !== 'RuntimeDefault') problems.push(`${where}: no seccomp profile`);
    const volumes = new Map<string, K8sObject>((spec.volumes ?? []).map((v: K8sObject) => [v.name, v]));
    for (const v of volumes.values()) {
      if (v.persistentVolumeClaim && !named('PersistentVolumeClaim', v.persistentVolumeClaim.claimName)) {
        problems.push(`${where}: claim ${v.persistentVolumeClaim.claimName} is not defined`);
      }
    }
    const containers: K8sObject[] = spec.containers ?? [];
    if (containers.length !== 1) problems.push(`${where}: expected one container`);
    for (const c of containers) {
      const at = `${where} container ${c.name}`;
      images.add(c.image);
      if ((c.command ?? []).join(' ') !== facts.scripts[workload.script]) {
        problems.push(
          `${at}: runs \`${(c.command ?? []).join(' ')}\`, not npm ${workload.script} (\`${facts.scripts[workload.script]}\`)`,
        );
      }
      const sc = c.securityContext ?? {};
      if (sc.allowPrivilegeEscalation !== false) problems.push(`${at}: privilege escalation allowed`);
      if (sc.readOnlyRootFilesystem !== true) problems.push(`${at}: root filesystem writable`);
      if (!(sc.capabilities?.drop ?? []).includes('ALL')) problems.push(`${at}: capabilities not dropped`);
      const res = c.resources ?? {};
      if (!res.requests?.cpu || !res.requests?.memory || !res.limits?.memory) {
        problems.push(`${at}: needs cpu and memory requests and a memory limit`);
      }
      for (const m of c.volumeMounts ?? []) {
        if (!volumes.has(m.name)) problems.push(`${at}: mounts undefined volume ${m.name}`);
      }
      for (const from of c.envFrom ?? []) {
        if (from.configMapRef && !named('ConfigMap', from.configMapRef.name)) {
          problems.push(`${at}: ConfigMap ${from.configMapRef.name} is not defined`);
        }
        if (from.secretRef && !secrets.some((s) => s.metadata?.name === from.secretRef.name)) {
          problems.push(`${at}: Secret ${from.secretRef.name} is not in the secret example`);
        }
      }

      // The app's own configuration loader decides whether the environment is complete and valid.
      const env = containerEnv(c, docs, secrets);
      const unknown = Object.keys(env).filter((k) => !(k in ENV_VARS));
      if (unknown.length) problems.push(`${at}: sets variables the app does not read: ${unknown.join(', ')}`);
      try {
        const config = loadConfig(env, '/app');
        const mode = runModeOf(config);
        if (config.env !== 'production') problems.push(`${at}: NODE_ENV is not production`);
        if (mode.database !== 'server' || mode.jobs !== 'bullmq') {
          problems.push(`${at}: not in server mode (DATABASE_URL and REDIS_URL)`);
        }
        const dataMount = (c.volumeMounts ?? []).find((m: K8sObject) => m.mountPath === config.dataDir);
        if (component !== 'migrate' && volumes.get(dataMount?.name)?.persistentVolumeClaim === undefined) {
          problems.push(`${at}: DATA_DIR (${config.dataDir}) is not on the shared files volume`);
        }
        if (workload.portVar) {
          const port = workload.portVar === 'PORT' ? config.http.port : config.worker.port;
          checkProbes(c, port, at, facts, problems);
        }
      } catch (err) {
        problems.push(`${at}: the app refuses its environment: ${(err as Error).message}`);
      }
    }
  }
  if (images.size !== 1) problems.push(`workloads run different images: ${[...images].join(', ')}`);

  for (const svc of docs.filter((d) => d.kind === 'Service')) {
    const target = deployments.find((d) => matches(svc.spec?.selector, d.spec?.template?.metadata?.labels));
    if (!target) {
      problems.push(`Service ${svc.metadata.name}: its selector matches no Deployment's pods`);
      continue;
    }
    const ports: K8sObject[] = target.spec.template.spec.containers.flatMap((c: K8sObject) => c.ports ?? []);
    for (const p of svc.spec.ports ?? []) {
      if (!ports.some((cp) => cp.name === p.targetPort || cp.containerPort === p.targetPort)) {
        problems.push(`Service ${svc.metadata.name}: targetPort ${p.targetPort} is no container port`);
      }
    }
  }

  for (const hpa of docs.filter((d) => d.kind === 'HorizontalPodAutoscaler')) {
    const ref = hpa.spec?.scaleTargetRef ?? {};
    const target =
      ref.kind === 'Deployment' && ref.apiVersion === 'apps/v1' ? named('Deployment', ref.name) : undefined;
    if (!target) {
      problems.push(
        `HorizontalPodAutoscaler ${hpa.metadata.name}: targets no existing Deployment (${ref.kind} ${ref.name})`,
      );
      continue;
    }
    if ((hpa.spec.minReplicas ?? 1) < 2)
      problems.push(`HorizontalPodAutoscaler ${hpa.metadata.name}: fewer than 2 replicas`);
    const usesCpu = (hpa.spec.metrics ?? []).some((m: K8sObject) => m.resource?.name === 'cpu');
    const requestsCpu = target.spec.template.spec.containers.every((c: K8sObject) => c.resources?.requests?.cpu);
    if (usesCpu && !requestsCpu)
      problems.push(`HorizontalPodAutoscaler ${hpa.metadata.name}: CPU target without CPU requests`);
  }
  for (const d of deployments) {
    if (!docs.some((h) => h.kind === 'HorizontalPodAutoscaler' && h.spec?.scaleTargetRef?.name === d.metadata.name)) {
      problems.push(`Deployment ${d.metadata.name}: no autoscaler`);
    }
    if (
      !docs.some(
        (p) =>
          p.kind === 'PodDisruptionBudget' && matches(p.spec?.selector?.matchLabels, d.spec.template.metadata.labels),
      )
    ) {
      problems.push(`Deployment ${d.metadata.name}: no disruption budget`);
    }
  }

  for (const pdb of docs.filter((d) => d.kind === 'PodDisruptionBudget')) {
    const targets = deployments.filter((d) =>
      matches(pdb.spec?.selector?.matchLabels, d.spec.template.metadata.labels),
    );
    if (targets.length !== 1) {
      problems.push(`PodDisruptionBudget ${pdb.metadata.name}: selects ${targets.length} Deployments, not one`);
      continue;
    }
    const hpa = docs.find(
      (h) => h.kind === 'HorizontalPodAutoscaler' && h.spec?.scaleTargetRef?.name === targets[0].metadata.name,
    );
    const least = hpa?.spec?.minReplicas ?? targets[0].spec.replicas ?? 1;
    const { minAvailable, maxUnavailable } = pdb.spec;
    // A budget nothing can satisfy blocks every node drain.
    if (typeof minAvailable === 'number' && minAvailable >= least) {
      problems.push(
        `PodDisruptionBudget ${pdb.metadata.name}: minAvailable ${minAvailable} leaves no pod evictable at ${least} replicas`,
      );
    }
    if (maxUnavailable === 0) problems.push(`PodDisruptionBudget ${pdb.metadata.name}: maxUnavailable 0 blocks drains`);
  }

  for (const pvc of docs.filter((d) => d.kind === 'PersistentVolumeClaim')) {
    if (!(pvc.spec?.accessModes ?? []).includes('ReadWriteMany')) {
      problems.push(
        `PersistentVolumeClaim ${pvc.metadata.name}: the api and every worker mount it: it must be ReadWriteMany`,
      );
    }
  }
  return problems;
}

function checkProbes(c: K8sObject, port: number, at: string, facts: AppFacts, problems: string[]): void {
  const portOf = (p: string | number) =>
    typeof p === 'number' ? p : (c.ports ?? []).find((cp: K8sObject) => cp.name === p)?.containerPort;
  for (const [kind, path] of Object.entries(PROBES)) {
    const probe = c[`${kind}Probe`]?.httpGet;
    if (!probe) {
      problems.push(`${at}: no ${kind} probe`);
      continue;
    }
    if (probe.path !== path) problems.push(`${at}: ${kind} probe on ${probe.path}, not ${path}`);
    if (portOf(probe.port) !== port)
      problems.push(`${at}: ${kind} probe on port ${probe.port}, the process listens on ${port}`);
    if (!facts.routes.has(path)) problems.push(`${at}: the app serves no ${path}`);
  }
  const startup = c.startupProbe?.httpGet;
  if (startup && portOf(startup.port) !== port) problems.push(`${at}: startup probe on another port than ${port}`);
}
