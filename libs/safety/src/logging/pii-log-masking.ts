import { Injectable, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { AppConfig, setLogScrubber, type LogScrubber } from '@docqa/core';
import { DEFAULT_PII_ENTITIES } from '../pii/entity-types';
import { DEFAULT_PHONE_REGIONS } from '../pii/pii-analyzer';
import { PiiService } from '../pii/pii.service';
import { SafetyPolicyService } from '../policy/safety-policy.service';
import { createPiiLogScrubber } from './pii-log-scrubber';

/** Installs the PII log scrubber in this process's logger when PII_LOG_MASKING is on (the default). */
@Injectable()
export class PiiLogMasking implements OnModuleInit, OnModuleDestroy {
  private installed?: LogScrubber;

  constructor(
    private readonly config: AppConfig,
    private readonly pii: PiiService,
    private readonly policies: SafetyPolicyService,
  ) {}

  onModuleInit(): void {
    if (!this.config.safety.logMasking) return;
    this.installed = createPiiLogScrubber({
      mask: (text, options) => this.pii.maskSync(text, options),
      peekPolicy: (workspaceId) => this.policies.peekPolicy(workspaceId),
      defaultOptions: { entities: DEFAULT_PII_ENTITIES, minScore: 0.5, phoneRegions: DEFAULT_PHONE_REGIONS },
    });
    setLogScrubber(this.installed);
  }

  onModuleDestroy(): void {
    if (!this.installed) return;
    // Another app in this process (tests) may have installed its own since: only ours is removed.
    const current = setLogScrubber(undefined);
    if (current !== this.installed) setLogScrubber(current);
    this.installed = undefined;
  }
}
