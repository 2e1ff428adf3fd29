import { Injectable } from '@nestjs/common';
import { AppConfig, ExpiringCache, type LlmProviderId } from '@docqa/core';
import { ProviderKeysService, VaultException, type ResolvedProviderKey } from '@docqa/auth';
import { VAULT_NAMES } from '../chain/provider-catalog';
import type { KeySource } from '../chat/chat-result';
import type { ProviderCredentials } from '../providers/provider-clients';

export type ResolvedCredentials =
  | { status: 'ok'; credentials: ProviderCredentials; keySource: KeySource }
  /** Neither the workspace nor the platform has a key (or, for a compatible server, an endpoint). */
  | { status: 'missing' }
  /** The workspace's stored key cannot be opened: the router does not silently bill the platform instead. */
  | { status: 'unusable'; message: string };

/**
 * How long a workspace's own key is kept in this process after it was read from the vault. A key set or
 * deleted through the API is used within this time on every instance.
 */
export const WORKSPACE_KEY_CACHE_MS = 10_000;

type VaultLookup = { key: ResolvedProviderKey | null } | { unusable: string };

/** Which key serves a provider for a workspace: its own (the vault) before the platform's (config). */
@Injectable()
export class CredentialResolver {
  private readonly workspaceKeys = new ExpiringCache<VaultLookup>(WORKSPACE_KEY_CACHE_MS);

  constructor(
    private readonly config: AppConfig,
    private readonly vault: ProviderKeysService,
  ) {}

  async resolve(workspaceId: string, provider: LlmProviderId): Promise<ResolvedCredentials> {
    if (provider === 'offline') return { status: 'ok', credentials: {}, keySource: 'none' };
    const vaultName = VAULT_NAMES[provider];
    if (vaultName) {
      const own = await this.workspaceKeys.get(`${workspaceId}\0${vaultName}`, () =>
        this.vault.resolve(workspaceId, vaultName).then(
          (key) => ({ key }),
          (err: unknown) => {
            if (err instanceof VaultException) return { unusable: err.message };
            throw err;
          },
        ),
      );
      if ('unusable' in own) return { status: 'unusable', message: own.unusable };
      if (own.key) {
        return {
          status: 'ok',
          credentials: { apiKey: own.key.apiKey, baseUrl: own.key.baseUrl },
          keySource: 'workspace',
        };
      }
    }
    return this.platform(provider);
  }

  private platform(provider: LlmProviderId): ResolvedCredentials {
    const p = this.config.providers;
    const keyed = (c: { apiKey?: string; baseUrl?: string }): ResolvedCredentials =>
      c.apiKey
        ? { status: 'ok', credentials: { apiKey: c.apiKey, baseUrl: c.baseUrl }, keySource: 'platform' }
        : { status: 'missing' };
    switch (provider) {
      case 'offline':
        return { status: 'ok', credentials: {}, keySource: 'none' };
      case 'openai':
        return keyed(p.openai);
      case 'cohere':
        return keyed(p.cohere);
      case 'anthropic':
        return keyed(p.anthropic);
      case 'groq':
        return keyed(p.groq);
      case 'gemini':
        return keyed(p.gemini);
      case 'openai-compatible': {
        const c = p.openaiCompatible;
        if (!c.baseUrl) return { status: 'missing' };
        return {
          status: 'ok',
          credentials: { apiKey: c.apiKey, baseUrl: c.baseUrl },
          keySource: c.apiKey ? 'platform' : 'none',
        };
      }
    }
  }
}
