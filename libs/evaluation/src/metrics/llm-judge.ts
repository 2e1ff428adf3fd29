/** One question to the judge model: a task, the texts it is about, and the JSON shape of the answer. */
export interface JudgePrompt {
  /** Names the JSON schema (letters, digits, `_`). */
  name: string;
  /** What to judge and how (the system message). */
  task: string;
  /** Labelled texts the task refers to (question, answer, ground truth...), put in the prompt as data. */
  fields: { label: string; text: string }[];
  /** Numbered passages (`id` is what verdicts refer to), put in the prompt as data. */
  passages?: { id: string; text: string }[];
  /** JSON Schema of the expected answer object. */
  schema: Record<string, unknown>;
}

/**
 * The judge the LLM versions of the metrics ask. The implementation (RouterJudge) goes through the LLM
 * router with a JSON response format; tests give scripted answers.
 */
export interface JudgeLlm {
  /** The parsed JSON object the model answered; throws `JudgeError` when no hosted model answered usably. */
  judge(prompt: JudgePrompt): Promise<Record<string, unknown>>;
}

/** The judge could not give a usable verdict: the metric falls back to its offline version. */
export class JudgeError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'JudgeError';
  }
}

/** The array under `key`, or a JudgeError naming what the model answered instead. */
export function arrayField(answer: Record<string, unknown>, key: string): Record<string, unknown>[] {
  const value = answer[key];
  if (!Array.isArray(value)) throw new JudgeError(`the judge's answer has no "${key}" array`);
  return value.filter((v): v is Record<string, unknown> => typeof v === 'object' && v !== null);
}

/** Booleans as models write them: true, "yes", 1, "1"... */
export function truthy(value: unknown): boolean {
  if (typeof value === 'boolean') return value;
  if (typeof value === 'number') return value >= 1;
  if (typeof value === 'string') return /^(?:true|yes|y|1|supported|useful|relevant)$/i.test(value.trim());
  return false;
}

/**
 * Verdicts keyed by the id (or 1-based index) each entry names. Entries for ids the prompt did not have are
 * ignored, and an id the model left out counts as a negative verdict: silence supports nothing.
 */
export function verdictsById(
  entries: Record<string, unknown>[],
  ids: readonly string[],
  field: string,
): Map<string, boolean> {
  const out = new Map(ids.map((id) => [id, false]));
  entries.forEach((entry, i) => {
    const raw = entry.id ?? entry.index;
    const id = raw === undefined ? ids[i] : String(raw).replace(/^\[|\]$/g, '');
    if (id !== undefined && out.has(id)) out.set(id, out.get(id)! || truthy(entry[field]));
  });
  return out;
}

/** The schema of `{ <key>: [{ id, <field>: boolean, reason }] }`. */
export function verdictListSchema(key: string, field: string): Record<string, unknown> {
  return {
    type: 'object',
    properties: {
      [key]: {
        type: 'array',
        items: {
          type: 'object',
          properties: { id: { type: 'string' }, [field]: { type: 'boolean' }, reason: { type: 'string' } },
          required: ['id', field],
        },
      },
    },
    required: [key],
  };
}
