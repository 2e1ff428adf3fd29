import { DomainException } from '@docqa/core';

export enum VaultErrorCode {
  /** The value is malformed, was altered, or was copied from the row it was sealed for. */
  DecryptFailed = 'VAULT_DECRYPT_FAILED',
  /** The value was sealed with a key that is neither ENCRYPTION_KEY nor one of ENCRYPTION_KEY_PREVIOUS. */
  UnknownKeyId = 'VAULT_UNKNOWN_KEY_ID',
  /** The workspace has no key stored for that provider. */
  ProviderKeyNotFound = 'PROVIDER_KEY_NOT_FOUND',
  /** The request names an unknown provider or lacks what the provider needs (the base URL). */
  InvalidProviderKey = 'INVALID_PROVIDER_KEY',
}

const STATUS: Record<VaultErrorCode, number> = {
  // A stored secret that cannot be opened is the server's problem (a lost or rotated key), not the caller's.
  [VaultErrorCode.DecryptFailed]: 500,
  [VaultErrorCode.UnknownKeyId]: 500,
  [VaultErrorCode.ProviderKeyNotFound]: 404,
  [VaultErrorCode.InvalidProviderKey]: 400,
};

/** Errors of the key vault. Messages never contain a secret, a ciphertext or a key. */
export class VaultException extends DomainException<VaultErrorCode> {
  get httpStatus(): number {
    return STATUS[this.code];
  }
}
