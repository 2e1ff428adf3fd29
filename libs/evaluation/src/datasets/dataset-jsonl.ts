/** Largest dataset accepted, as uploaded JSONL (413 above it). */
export const DATASET_MAX_BYTES = 10 * 1024 * 1024;
export const DATASET_MAX_ITEMS = 5000;
export const QUESTION_MAX_CHARS = 4000;
export const TEXT_MAX_CHARS = 20_000;
export const REFERENCE_CONTEXTS_MAX = 50;
/** Problems listed in one error message; the rest are counted. */
const PROBLEMS_LISTED = 20;

const FIELDS = ['question', 'groundTruth', 'referenceContexts'];

export interface DatasetItemInput {
  /** Where it came from: the JSONL line, or the index (from 1) in a JSON `items` array. */
  line: number;
  question: string;
  groundTruth: string;
  referenceContexts?: string[];
}

export interface LineProblem {
  line: number;
  message: string;
}

function text(value: unknown, field: string, max: number): string {
  if (value === undefined || value === null) throw new Error(`"${field}" is missing`);
  if (typeof value !== 'string') throw new Error(`"${field}" must be a string`);
  const trimmed = value.trim();
  if (!trimmed) throw new Error(`"${field}" is empty`);
  if (trimmed.length > max) throw new Error(`"${field}" is longer than ${max} characters`);
  return trimmed;
}

/** One item, checked: the item, or a message saying what is wrong with it. */
export function validateItem(value: unknown, line: number): DatasetItemInput | string {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return 'must be a JSON object like {"question": "...", "groundTruth": "..."}';
  }
  const record = value as Record<string, unknown>;
  const unknown = Object.keys(record).filter((k) => !FIELDS.includes(k));
  if (unknown.length) {
    return `unknown field${unknown.length > 1 ? 's' : ''} ${unknown.map((k) => `"${k}"`).join(', ')} (expected question, groundTruth, referenceContexts)`;
  }
  try {
    const item: DatasetItemInput = {
      line,
      question: text(record.question, 'question', QUESTION_MAX_CHARS),
      groundTruth: text(record.groundTruth, 'groundTruth', TEXT_MAX_CHARS),
    };
    const refs = record.referenceContexts;
    if (refs !== undefined) {
      if (!Array.isArray(refs)) return '"referenceContexts" must be an array of strings';
      if (refs.length > REFERENCE_CONTEXTS_MAX) {
        return `"referenceContexts" has more than ${REFERENCE_CONTEXTS_MAX} passages`;
      }
      item.referenceContexts = refs.map((r, i) => text(r, `referenceContexts[${i}]`, TEXT_MAX_CHARS));
    }
    return item;
  } catch (err) {
    return (err as Error).message;
  }
}

/**
 * Parses JSONL: one JSON object per line, blank lines ignored (a BOM and CRLF line ends are fine). Every
 * line is checked, so one upload reports all its bad lines at once.
 */
export function parseJsonl(content: string): { items: DatasetItemInput[]; problems: LineProblem[] } {
  const items: DatasetItemInput[] = [];
  const problems: LineProblem[] = [];
  const lines = content.replace(/^\uFEFF/, '').split(/\r?\n/);
  lines.forEach((raw, i) => {
    const line = i + 1;
    if (!raw.trim()) return;
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch (err) {
      problems.push({ line, message: `not valid JSON (${(err as Error).message})` });
      return;
    }
    const item = validateItem(value, line);
    if (typeof item === 'string') problems.push({ line, message: item });
    else items.push(item);
  });
  return { items, problems };
}

/** Checks a JSON body's `items` array the same way. */
export function validateItems(values: unknown[]): { items: DatasetItemInput[]; problems: LineProblem[] } {
  const items: DatasetItemInput[] = [];
  const problems: LineProblem[] = [];
  values.forEach((value, i) => {
    const item = validateItem(value, i + 1);
    if (typeof item === 'string') problems.push({ line: i + 1, message: item });
    else items.push(item);
  });
  return { items, problems };
}

/** One message listing the first problems by line (`what` is "line" or "item"), counting the others. */
export function describeProblems(problems: readonly LineProblem[], what: 'line' | 'item'): string {
  const listed = problems.slice(0, PROBLEMS_LISTED).map((p) => `${what} ${p.line}: ${p.message}`);
  const more = problems.length - listed.length;
  return (
    `the dataset has ${problems.length} invalid ${what}${problems.length > 1 ? 's' : ''}: ${listed.join('; ')}` +
    (more > 0 ? `; and ${more} more` : '')
  );
}
