import { createHmac } from 'node:crypto';
import type { PiiEntityType } from '../entity-types';
import type { PiiMatch } from '../recognizer';
import type { PiiOperator } from './pii-operator';
import type { TokenVault } from './token-vault';

/** One replaced finding; `start`/`end` are offsets in the anonymized text. */
export interface AnonymizedItem {
  entityType: PiiEntityType;
  start: number;
  end: number;
  operator: PiiOperator;
}

export interface AnonymizeOutcome {
  text: string;
  items: AnonymizedItem[];
}

export interface OperatorSettings {
  /** Default operator for every entity type. */
  operator: PiiOperator;
  /** Other operators for some entity types. */
  perEntity?: Partial<Record<PiiEntityType, PiiOperator>>;
  /** Salt of `hash` (the workspace id): equal values hash alike within a workspace and differently across them. */
  hashSalt?: string;
  /** Where `tokenize` keeps its mapping; required when any entity is tokenized. */
  vault?: TokenVault;
}

export function hashValue(value: string, salt: string): string {
  return createHmac('sha256', salt).update(value, 'utf8').digest('hex').slice(0, 16);
}

function replacement(text: string, m: PiiMatch, operator: PiiOperator, settings: OperatorSettings): string {
  const value = text.slice(m.start, m.end);
  switch (operator) {
    case 'mask':
      // One `*` per character the reader sees (code point), so a masked emoji is one star.
      return '*'.repeat([...value].length);
    case 'placeholder':
      return `<${m.entityType}>`;
    case 'hash':
      return `<${m.entityType}:${hashValue(value, settings.hashSalt ?? '')}>`;
    case 'tokenize': {
      if (!settings.vault) throw new Error('the tokenize operator needs a TokenVault');
      return settings.vault.tokenFor(m.entityType, value, (token) => text.includes(token));
    }
  }
}

/**
 * Replaces findings (non-overlapping, in text order, as the analyzer returns them) with their operator's
 * output, in one pass that copies the text between them.
 */
export function anonymizeMatches(
  text: string,
  matches: readonly PiiMatch[],
  settings: OperatorSettings,
): AnonymizeOutcome {
  if (!matches.length) return { text, items: [] };
  let out = '';
  let last = 0;
  const items: AnonymizedItem[] = [];
  for (const m of matches) {
    if (m.start < last) continue;
    const operator = settings.perEntity?.[m.entityType] ?? settings.operator;
    out += text.slice(last, m.start);
    const start = out.length;
    out += replacement(text, m, operator, settings);
    items.push({ entityType: m.entityType, start, end: out.length, operator });
    last = m.end;
  }
  out += text.slice(last);
  return { text: out, items };
}
