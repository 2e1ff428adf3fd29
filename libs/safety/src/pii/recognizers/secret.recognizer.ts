import type { PiiEntityType } from '../entity-types';
import type { PiiMatch, Recognizer } from '../recognizer';

interface SecretPattern {
  name: string;
  entityType: PiiEntityType;
  regex: RegExp;
  score: number;
  /** Capture group holding the secret itself (default: the whole match). */
  group?: number;
  validate?: (value: string) => boolean;
}

// Provider key formats as their issuers document them (and as secret scanners like gitleaks match them).
const PATTERNS: SecretPattern[] = [
  { name: 'docqa', entityType: 'API_KEY', regex: /\bdq_[a-km-z2-9]{8}_[A-Za-z0-9_-]{43}(?![A-Za-z0-9_-])/g, score: 1 },
  {
    name: 'anthropic',
    entityType: 'API_KEY',
    regex: /\bsk-ant-[a-z]{3,8}\d{2}-[A-Za-z0-9_-]{40,}(?![A-Za-z0-9_-])/g,
    score: 1,
  },
  {
    name: 'openai',
    entityType: 'API_KEY',
    regex: /\bsk-(?:proj-|svcacct-|admin-)?[A-Za-z0-9_-]{32,}(?![A-Za-z0-9_-])/g,
    score: 0.9,
    validate: (v) => !v.startsWith('sk-ant-') && /\d/.test(v) && /[A-Za-z]/.test(v.slice(3)),
  },
  {
    name: 'aws-access-key-id',
    entityType: 'API_KEY',
    regex: /\b(?:AKIA|ASIA|AGPA|AIDA|AROA|ANPA)[A-Z2-7]{16}\b/g,
    score: 0.9,
  },
  {
    name: 'github',
    entityType: 'API_KEY',
    regex: /\b(?:gh[pousr]_[A-Za-z0-9]{36}|github_pat_[A-Za-z0-9_]{82})\b/g,
    score: 1,
  },
  { name: 'gitlab', entityType: 'API_KEY', regex: /\bglpat-[A-Za-z0-9_-]{20}(?![A-Za-z0-9_-])/g, score: 0.95 },
  { name: 'slack', entityType: 'API_KEY', regex: /\bxox[abeoprs]-[A-Za-z0-9-]{10,}(?![A-Za-z0-9-])/g, score: 0.95 },
  {
    name: 'slack-webhook',
    entityType: 'API_KEY',
    regex: /https:\/\/hooks\.slack\.com\/services\/T[A-Z0-9]+\/B[A-Z0-9]+\/[A-Za-z0-9]{20,}/g,
    score: 0.95,
  },
  { name: 'stripe', entityType: 'API_KEY', regex: /\b(?:sk|rk)_(?:live|test)_[A-Za-z0-9]{16,}\b/g, score: 0.95 },
  { name: 'google', entityType: 'API_KEY', regex: /\bAIza[0-9A-Za-z_-]{35}(?![A-Za-z0-9_-])/g, score: 0.95 },
  { name: 'huggingface', entityType: 'API_KEY', regex: /\bhf_[A-Za-z0-9]{34,}\b/g, score: 0.9 },
  { name: 'groq', entityType: 'API_KEY', regex: /\bgsk_[A-Za-z0-9]{48,}\b/g, score: 0.95 },
  { name: 'npm', entityType: 'API_KEY', regex: /\bnpm_[A-Za-z0-9]{36}\b/g, score: 0.95 },
  {
    name: 'sendgrid',
    entityType: 'API_KEY',
    regex: /\bSG\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}(?![A-Za-z0-9_-])/g,
    score: 0.95,
  },
  {
    name: 'pem',
    entityType: 'PRIVATE_KEY',
    regex:
      /-----BEGIN (?:[A-Z0-9]+ ){0,3}PRIVATE KEY(?: BLOCK)?-----[\s\S]{0,16384}?-----END (?:[A-Z0-9]+ ){0,3}PRIVATE KEY(?: BLOCK)?-----/g,
    score: 1,
  },
  {
    name: 'jwt',
    entityType: 'JWT',
    regex: /\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}(?![A-Za-z0-9_-])/g,
    score: 0.95,
    validate: jwtHeaderValid,
  },
  {
    // `password = "..."`, `client_secret: ...`, `AWS_SECRET_ACCESS_KEY=...`: the value is the secret.
    name: 'assignment',
    entityType: 'SECRET',
    regex:
      /\b(?:[A-Za-z0-9]+[_-])*(?:password|passwd|pwd|passphrase|secret|api[_-]?key|apikey|access[_-]?key|access[_-]?token|auth[_-]?token|refresh[_-]?token|bearer|token|private[_-]?key|credentials?)\b["']?\s{0,3}[:=]\s{0,3}["']?([^\s"'`,;<>]{6,256})/gi,
    score: 0.5,
    group: 1,
    validate: (v) => !PLACEHOLDER_VALUE.test(v),
  },
];

/** Values that stand for a secret in examples and templates rather than being one. */
const PLACEHOLDER_VALUE =
  /^(?:\$\{?[A-Za-z_][\w]*\}?|%[\w]+%|\*+|x+|\.+|(?:your|my|the|some)[_-]?\w*|changeme|redacted|\[redacted\]|null|none|undefined|true|false|password|secret|example\w*)$/i;

/** The first part of a JWT must decode to a JSON header naming its algorithm. */
function jwtHeaderValid(token: string): boolean {
  try {
    const header = JSON.parse(Buffer.from(token.slice(0, token.indexOf('.')), 'base64url').toString('utf8')) as unknown;
    return typeof header === 'object' && header !== null && 'alg' in header;
  } catch {
    return false;
  }
}

/** A value mixing letters, digits and symbols reads as a real secret; "hunter2" stays at the base score. */
function looksRandom(value: string): boolean {
  let classes = 0;
  if (/[a-z]/.test(value)) classes++;
  if (/[A-Z]/.test(value)) classes++;
  if (/\d/.test(value)) classes++;
  if (/[^A-Za-z0-9]/.test(value)) classes++;
  return value.length >= 12 && classes >= 3;
}

// Any of these in the text means some pattern may match; one scan decides whether the others run at all.
const MAY_MATCH =
  /dq_|sk-|sk_|rk_|AKIA|ASIA|AGPA|AIDA|AROA|ANPA|gh[pousr]_|github_pat_|glpat-|xox|hooks\.slack|AIza|hf_|gsk_|npm_|SG\.|PRIVATE KEY|eyJ|pass|pwd|secret|key|token|bearer|credential/i;

/**
 * Secrets and API keys: provider keys by their documented shapes (score 0.9-1), PEM private keys, JWTs, and
 * the values of credential assignments in configs and logs (0.5, or 0.7 when the value looks random).
 */
export class SecretRecognizer implements Recognizer {
  readonly name = 'secret';
  readonly entities = ['API_KEY', 'PRIVATE_KEY', 'JWT', 'SECRET'] as const;
  readonly context = ['key', 'secret', 'token', 'password', 'credential', 'credentials', 'api', 'auth', 'leaked'];

  mayMatch(text: string): boolean {
    return MAY_MATCH.test(text);
  }

  recognize(text: string): PiiMatch[] {
    const out: PiiMatch[] = [];
    for (const p of PATTERNS) {
      for (const m of text.matchAll(p.regex)) {
        const value = p.group ? m[p.group] : m[0];
        if (p.validate && !p.validate(value)) continue;
        const start = p.group ? m.index + m[0].length - value.length : m.index;
        const score = p.name === 'assignment' && looksRandom(value) ? 0.7 : p.score;
        out.push({
          entityType: p.entityType,
          start,
          end: start + value.length,
          score,
          recognizer: `${this.name}:${p.name}`,
        });
      }
    }
    return out;
  }
}
