/** What happened to one file: indexed, failed with a reason the user can see, silently empty, or lost. */
export type Outcome = 'ready' | 'failed' | 'empty' | 'lost';

export interface FileResult {
  name: string;
  outcome: Outcome;
  /** Units (pages, slides, 1 per DOCX) credited: those of an indexed file, else 0. */
  units: number;
  chunks: number;
  detail?: string;
}

export interface PipelineResult {
  pipeline: string;
  embedder: string;
  /** From the first file handed over to the last one done. */
  seconds: number;
  wallSeconds: number;
  peakRssBytes: number;
  /** High-water mark of start-up, before the first file was handed over (not in `peakRssBytes`). */
  startupPeakRssBytes?: number;
  files: FileResult[];
  /** Where the time went, when the pipeline can tell (LangChain: per step, summed over files). */
  stages?: Record<string, number>;
  /** DocQA: seconds per ingestion stage summed over documents, from its metrics (jobs overlap). */
  jobStageSeconds?: Record<string, number>;
  /** DocQA: CPU seconds per component while it ran (api, worker, parsers, database, total); see CpuMeter. */
  cpuSeconds?: Record<string, number>;
  notes: string[];
}

export interface Summary {
  files: number;
  units: number;
  chunks: number;
  seconds: number;
  unitsPerSecond: number;
  chunksPerSecond: number;
  peakRssMiB: number;
  outcomes: Record<Outcome, number>;
}

export function summarize(r: PipelineResult): Summary {
  const units = r.files.reduce((n, f) => n + f.units, 0);
  const chunks = r.files.reduce((n, f) => n + f.chunks, 0);
  const outcomes: Record<Outcome, number> = { ready: 0, failed: 0, empty: 0, lost: 0 };
  for (const f of r.files) outcomes[f.outcome] += 1;
  return {
    files: r.files.length,
    units,
    chunks,
    seconds: r.seconds,
    unitsPerSecond: units / r.seconds,
    chunksPerSecond: chunks / r.seconds,
    peakRssMiB: r.peakRssBytes / 2 ** 20,
    outcomes,
  };
}
