/**
 * What replaces a finding (Presidio's anonymizer operators):
 * - `mask`: every character becomes `*` (same length, so offsets into the text stay valid);
 * - `placeholder`: `<EMAIL_ADDRESS>` (Presidio's `replace` with its default value);
 * - `hash`: `<EMAIL_ADDRESS:1f0c9e2a7b3d4c5e>`, an HMAC-SHA256 prefix keyed by the workspace id: equal values
 *   of one workspace hash alike (a pseudonym, not a secret: a known value can be hashed again);
 * - `tokenize`: `<EMAIL_ADDRESS_1>`, reversible: the originals stay in this process and are put back into the
 *   answer (Presidio's `encrypt`/`decrypt` pair, without a key to manage).
 */
export const PII_OPERATORS = ['mask', 'placeholder', 'hash', 'tokenize'] as const;
export type PiiOperator = (typeof PII_OPERATORS)[number];

/** Operators whose output can be stored (no in-memory mapping to lose): for logs and ingestion. */
export const IRREVERSIBLE_OPERATORS = ['mask', 'placeholder', 'hash'] as const;
export type IrreversibleOperator = (typeof IRREVERSIBLE_OPERATORS)[number];
