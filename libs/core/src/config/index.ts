export { AppConfig, loadConfig, runModeOf, type RunMode } from './app-config';
export {
  LLM_PROVIDER_IDS,
  parseLlmChainStep,
  type LlmChainStep,
  type LlmPrice,
  type LlmProviderId,
} from './app-config';
export { AppConfigModule } from './config.module';
export { ConfigError } from './config.error';
export { loadDotEnv } from './dotenv';
export { ENV_VARS, type EnvName } from './env.schema';
export { describeConfiguration, REDACTED, type ConfigEntry } from './config-report';
