import { Module } from '@nestjs/common';
import { AppConfig } from '@docqa/core';
import { FileStorage } from './file-storage';
import { LocalFileStorage } from './local-file-storage';

/** Binds `FileStorage` to local disk under DATA_DIR/files. */
@Module({
  providers: [
    {
      provide: FileStorage,
      inject: [AppConfig],
      useFactory: (config: AppConfig) => new LocalFileStorage(config.ingestion.storageDir),
    },
  ],
  exports: [FileStorage],
})
export class StorageModule {}
