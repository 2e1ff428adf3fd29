// Validates Kubernetes objects against the API's own OpenAPI schemas, offline, with the `kubernetes-models`
// package (an ES module, hence this script beside the jest suite). Reads a JSON array of objects on stdin and
// prints a JSON array of { kind, name, error } for the objects that fail, or that no schema describes.
import { readFileSync } from 'node:fs';

const docs = JSON.parse(readFileSync(0, 'utf8'));
const failures = [];
for (const doc of docs) {
  const name = doc?.metadata?.name ?? '(unnamed)';
  const kind = doc?.kind ?? '(no kind)';
  // `apps/v1` -> apps/v1/Deployment; the core group (`v1`) lives at the package root.
  const path = `kubernetes-models/${doc?.apiVersion}/${kind}`;
  let Model;
  try {
    Model = (await import(path))[kind];
  } catch {
    Model = undefined;
  }
  if (typeof Model !== 'function') {
    failures.push({ kind, name, error: `no schema for apiVersion ${doc?.apiVersion} kind ${kind}` });
    continue;
  }
  try {
    new Model(doc).validate();
  } catch (err) {
    failures.push({ kind, name, error: err instanceof Error ? err.message : String(err) });
  }
}
process.stdout.write(JSON.stringify(failures));
