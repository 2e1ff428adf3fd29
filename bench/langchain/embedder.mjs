import { readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Embeddings } from '@langchain/core/embeddings';

const requireCjs = createRequire(import.meta.url);
const DIMENSION = 384;

/**
 * DocQA's built-in offline embedder, taken from the compiled project (`npm run build`) so that both
 * pipelines embed with the very same code. Only the file that defines the class is loaded, not the lib's
 * index, so the LangChain process does not pay for modules DocQA needs and LangChain does not.
 */
function findOfflineEmbedder(distDir) {
  const stack = [join(distDir, 'libs', 'embeddings', 'src')];
  while (stack.length) {
    const dir = stack.pop();
    let names;
    try {
      names = readdirSync(dir);
    } catch {
      continue;
    }
    for (const name of names) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) stack.push(path);
      else if (name.endsWith('.js') && /class OfflineEmbedder\b/.test(readFileSync(path, 'utf8'))) {
        const { OfflineEmbedder } = requireCjs(path);
        if (typeof OfflineEmbedder === 'function') return { embedder: new OfflineEmbedder(), source: relative(distDir, path) };
      }
    }
  }
  return undefined;
}

/**
 * Stand-in used only while the project has no compiled OfflineEmbedder: signed feature hashing of
 * lower-cased word tokens into 384 dimensions, L2-normalised. Same shape and about the same cost.
 */
class HashingStandIn {
  id = 'bench:hash-384-stand-in';
  dimension = DIMENSION;

  async embedDocuments(texts) {
    return texts.map((t) => this.#embed(t));
  }

  async embedQuery(text) {
    return this.#embed(text);
  }

  #embed(text) {
    const v = new Float32Array(DIMENSION);
    for (const token of text.toLowerCase().split(/[^\p{L}\p{N}]+/u)) {
      if (!token) continue;
      let h = 0x811c9dc5;
      for (let i = 0; i < token.length; i++) h = Math.imul(h ^ token.charCodeAt(i), 0x01000193);
      v[(h >>> 0) % DIMENSION] += h < 0 ? -1 : 1;
    }
    let norm = 0;
    for (const x of v) norm += x * x;
    norm = Math.sqrt(norm) || 1;
    for (let i = 0; i < DIMENSION; i++) v[i] /= norm;
    return v;
  }
}

/** The embedder both pipelines use: DocQA's OfflineEmbedder when the project is built, else the stand-in. */
export function loadEmbedder(distDir) {
  const found = distDir ? findOfflineEmbedder(distDir) : undefined;
  if (found) return found;
  return { embedder: new HashingStandIn(), source: 'stand-in (dist has no OfflineEmbedder yet)' };
}

/** A DocQA `Embedder` as a LangChain `Embeddings`, timing the embedding itself apart from the inserts. */
export class DocqaEmbeddings extends Embeddings {
  embedMs = 0;

  constructor(embedder) {
    super({});
    this.embedder = embedder;
  }

  async embedDocuments(texts) {
    const t0 = performance.now();
    const vectors = await this.embedder.embedDocuments(texts);
    this.embedMs += performance.now() - t0;
    return vectors.map((v) => Array.from(v));
  }

  async embedQuery(text) {
    return Array.from(await this.embedder.embedQuery(text));
  }
}
