/**
 * The kinds of personal data and secrets DocQA recognizes. Names follow Presidio's where Presidio has one
 * (so results read the same as a Presidio analyzer's); the rest are custom types in Presidio's style. Values
 * appear in policies, API answers, placeholders (`<EMAIL_ADDRESS_1>`) and metrics: never rename one.
 */
export const PII_ENTITY_TYPES = [
  /** Presidio `EMAIL_ADDRESS`. */
  'EMAIL_ADDRESS',
  /** Presidio `PHONE_NUMBER`: numbers libphonenumber finds valid, in international form or for the policy's regions. */
  'PHONE_NUMBER',
  /** Presidio `CREDIT_CARD`: card numbers of the known networks that pass the Luhn check. */
  'CREDIT_CARD',
  /** Presidio `IBAN_CODE`: country length and mod-97 checksum verified. */
  'IBAN_CODE',
  /** Presidio `US_SSN`: the unassigned areas (000, 666, 900-999), group 00 and serial 0000 are refused. */
  'US_SSN',
  /** Presidio `IP_ADDRESS`: IPv4 and IPv6. */
  'IP_ADDRESS',
  /** Presidio `PERSON`: from a local NER model when one is loaded, else a lower-confidence heuristic. */
  'PERSON',
  /** Presidio `DATE_TIME`: a calendar date with no sign of being a birth date (low score; not masked by default). */
  'DATE_TIME',
  /** Custom: a date next to words like "born", "birth", "DOB" (Presidio reports it as a boosted DATE_TIME). */
  'DATE_OF_BIRTH',
  /** Custom: a provider key with a known shape (OpenAI, Anthropic, AWS, GitHub, Slack, Stripe, Google...). */
  'API_KEY',
  /** Custom: a PEM private key block. */
  'PRIVATE_KEY',
  /** Custom: a JSON Web Token (three base64url parts whose header names an `alg`). */
  'JWT',
  /** Custom: the value of a credential assignment (`password=...`, `client_secret: ...`, `token=...`). */
  'SECRET',
] as const;

export type PiiEntityType = (typeof PII_ENTITY_TYPES)[number];

const KNOWN = new Set<string>(PII_ENTITY_TYPES);

export function isPiiEntityType(value: unknown): value is PiiEntityType {
  return typeof value === 'string' && KNOWN.has(value);
}

/** What a policy looks for unless its owner chooses: everything but ordinary dates, which are document content. */
export const DEFAULT_PII_ENTITIES: readonly PiiEntityType[] = PII_ENTITY_TYPES.filter((t) => t !== 'DATE_TIME');
