import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { VaultErrorCode, VaultException } from './vault.errors';

const VERSION = 'v1';
const ALGORITHM = 'aes-256-gcm';
const KEY_BYTES = 32;
const NONCE_BYTES = 12;
const TAG_BYTES = 16;
const B64U = /^[A-Za-z0-9_-]*$/;

/** The public fingerprint of a key stored beside each value: the first 8 bytes of its SHA-256, in hex. */
export function keyIdOf(key: Buffer): string {
  return createHash('sha256').update(key).digest().subarray(0, 8).toString('hex');
}

function decodeB64u(text: string, expectedBytes?: number): Buffer | undefined {
  if (!B64U.test(text)) return undefined;
  const bytes = Buffer.from(text, 'base64url');
  // Only the canonical encoding is accepted, so that changing any character of a sealed value is detected.
  if (bytes.toString('base64url') !== text) return undefined;
  if (expectedBytes !== undefined && bytes.length !== expectedBytes) return undefined;
  return bytes;
}

interface SealedParts {
  keyId: string;
  nonce: Buffer;
  ciphertext: Buffer;
  tag: Buffer;
}

/**
 * Authenticated encryption of stored secrets: AES-256-GCM with a fresh random 96-bit nonce per value.
 * A sealed value reads `v1.<keyId>.<nonce>.<ciphertext>.<tag>` (base64url parts), so the key that sealed it
 * is known without trying every key, and ENCRYPTION_KEY can be rotated: values sealed with a previous key
 * still open, and `reseal` moves them to the current key.
 *
 * An optional context (for example the owning row's workspace and provider) is authenticated with the value
 * but not stored in it: a value copied to another row then fails to open instead of being used there.
 * `open` returns the exact plaintext that was sealed or throws a `VaultException`; never anything else.
 */
export class SecretBox {
  readonly currentKeyId: string;
  private readonly keys = new Map<string, Buffer>();

  constructor(current: Buffer, previous: readonly Buffer[] = []) {
    for (const key of [current, ...previous]) {
      if (key.length !== KEY_BYTES) throw new Error(`an encryption key must be ${KEY_BYTES} bytes, not ${key.length}`);
      const id = keyIdOf(key);
      if (!this.keys.has(id)) this.keys.set(id, Buffer.from(key));
    }
    this.currentKeyId = keyIdOf(current);
  }

  /** Ids of every key this box opens with, the current one first. */
  get keyIds(): string[] {
    return [...this.keys.keys()];
  }

  seal(plaintext: string, context = ''): string {
    const keyId = this.currentKeyId;
    const nonce = randomBytes(NONCE_BYTES);
    const cipher = createCipheriv(ALGORITHM, this.keys.get(keyId)!, nonce, { authTagLength: TAG_BYTES });
    cipher.setAAD(this.aad(keyId, context));
    const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    const tag = cipher.getAuthTag();
    return [VERSION, keyId, nonce, ciphertext, tag]
      .map((p) => (typeof p === 'string' ? p : p.toString('base64url')))
      .join('.');
  }

  open(sealed: string, context = ''): string {
    const parts = this.parse(sealed);
    const key = this.keys.get(parts.keyId);
    if (!key) {
      throw new VaultException(
        VaultErrorCode.UnknownKeyId,
        `A stored secret was sealed with key ${parts.keyId}, which is neither ENCRYPTION_KEY ` +
          `(${this.currentKeyId}) nor in ENCRYPTION_KEY_PREVIOUS: add the key it was sealed with to ENCRYPTION_KEY_PREVIOUS`,
      );
    }
    try {
      const decipher = createDecipheriv(ALGORITHM, key, parts.nonce, { authTagLength: TAG_BYTES });
      decipher.setAAD(this.aad(parts.keyId, context));
      decipher.setAuthTag(parts.tag);
      return Buffer.concat([decipher.update(parts.ciphertext), decipher.final()]).toString('utf8');
    } catch (err) {
      throw this.decryptFailed('it was altered or does not belong here', err);
    }
  }

  /** The id of the key a value was sealed with. */
  keyIdOfSealed(sealed: string): string {
    return this.parse(sealed).keyId;
  }

  /** True when the value was sealed with the current key (re-sealing it would change nothing). */
  isCurrent(sealed: string): boolean {
    return this.keyIdOfSealed(sealed) === this.currentKeyId;
  }

  /** The value sealed with the current key: unchanged when it already is, else opened and sealed again. */
  reseal(sealed: string, context = ''): string {
    if (this.isCurrent(sealed)) {
      this.open(sealed, context); // still verified: a re-encryption run reports damaged values
      return sealed;
    }
    return this.seal(this.open(sealed, context), context);
  }

  private aad(keyId: string, context: string): Buffer {
    return Buffer.from(`${VERSION}.${keyId}.${context}`, 'utf8');
  }

  private parse(sealed: string): SealedParts {
    const fields = typeof sealed === 'string' ? sealed.split('.') : [];
    const [version, keyId, nonceText, ciphertextText, tagText] = fields;
    if (fields.length !== 5 || version !== VERSION) {
      throw this.decryptFailed('it is not a sealed value of a known version');
    }
    const nonce = decodeB64u(nonceText, NONCE_BYTES);
    const ciphertext = decodeB64u(ciphertextText);
    const tag = decodeB64u(tagText, TAG_BYTES);
    if (!/^[0-9a-f]{16}$/.test(keyId) || !nonce || !ciphertext || !tag) {
      throw this.decryptFailed('it is malformed');
    }
    return { keyId, nonce, ciphertext, tag };
  }

  private decryptFailed(why: string, cause?: unknown): VaultException {
    return new VaultException(VaultErrorCode.DecryptFailed, `A stored secret could not be decrypted: ${why}`, {
      cause,
    });
  }
}
