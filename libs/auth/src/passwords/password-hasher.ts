import { Injectable } from '@nestjs/common';
import * as argon2 from 'argon2';
import { AppConfig } from '@docqa/core';

/**
 * argon2id with OWASP's recommended parameters (19 MiB, 2 passes, 1 lane); ARGON2_MEMORY_KIB lowers the
 * memory cost for tests only. The parameters travel inside each hash, so raising them later still
 * verifies old hashes, and `needsRehash` tells when to upgrade one.
 */
@Injectable()
export class PasswordHasher {
  private readonly options: argon2.HashOptions & { raw: false };
  /** Verified against when the account does not exist, so a miss takes as long as a wrong password. */
  private dummyHash?: Promise<string>;

  constructor(config: AppConfig) {
    this.options = {
      type: argon2.argon2id,
      memoryCost: config.auth.argon2MemoryKib,
      timeCost: 2,
      parallelism: 1,
      raw: false,
    };
  }

  hash(password: string): Promise<string> {
    return argon2.hash(password, this.options);
  }

  async verify(hash: string, password: string): Promise<boolean> {
    try {
      return await argon2.verify(hash, password);
    } catch {
      return false; // a malformed stored hash never authenticates
    }
  }

  /** Spends the same work as a real verification, for logins to unknown accounts. */
  async verifyNothing(password: string): Promise<false> {
    this.dummyHash ??= this.hash('dummy password that no account has');
    await this.verify(await this.dummyHash, password);
    return false;
  }

  needsRehash(hash: string): boolean {
    return argon2.needsRehash(hash, this.options);
  }
}
