import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseEmbedderId } from '../embedder-id';

export interface LocalModelOnDisk {
  model: string;
  /** `hidden_size` from its config.json (the embedding size of BERT-style models), when it says. */
  dimension: number | null;
}

/** Folders that look like a model in MODELS_DIR (`name/` or `org/name/` with config.json and onnx/). */
export async function localModelsOnDisk(modelsDir: string): Promise<LocalModelOnDisk[]> {
  const isModel = (dir: string) => existsSync(join(dir, 'config.json')) && existsSync(join(dir, 'onnx'));
  const subdirs = async (dir: string) =>
    (await readdir(dir, { withFileTypes: true }).catch(() => []))
      .filter((d) => d.isDirectory() && !d.name.startsWith('.'))
      .map((d) => d.name)
      .slice(0, 200);
  const models: string[] = [];
  for (const first of await subdirs(modelsDir)) {
    if (isModel(join(modelsDir, first))) {
      models.push(first);
      continue;
    }
    for (const second of await subdirs(join(modelsDir, first))) {
      if (isModel(join(modelsDir, first, second))) models.push(`${first}/${second}`);
    }
  }
  return Promise.all(
    models.filter(isValidModelId).map(async (model) => {
      const config = (await readFile(join(modelsDir, model, 'config.json'), 'utf8')
        .then((raw) => JSON.parse(raw) as unknown)
        .catch(() => null)) as { hidden_size?: unknown } | null;
      return { model, dimension: typeof config?.hidden_size === 'number' ? config.hidden_size : null };
    }),
  );
}

function isValidModelId(model: string): boolean {
  try {
    parseEmbedderId(`local:${model}`);
    return true;
  } catch {
    return false;
  }
}
