import { Injectable, OnApplicationShutdown, Provider } from '@nestjs/common';
import { AppConfig } from '@docqa/core';
import { ParserPool } from '../parsing';

/** Stops the parser processes when this process shuts down. */
@Injectable()
export class ParserPoolLifecycle implements OnApplicationShutdown {
  constructor(private readonly pool: ParserPool) {}

  onApplicationShutdown(): Promise<void> {
    return this.pool.close();
  }
}

export const parserPoolProvider: Provider = {
  provide: ParserPool,
  inject: [AppConfig],
  useFactory: (config: AppConfig) => new ParserPool(config.ingestion.parse),
};
