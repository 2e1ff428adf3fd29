import { Module } from '@nestjs/common';
import { AuthModule } from '@docqa/auth';
import { RetrievalCoreModule } from './retrieval-core.module';
import { SearchController } from './search/search.controller';

/** Search over HTTP (`POST /api/v1/search`, authenticated), for the api app, on top of `RetrievalCoreModule`. */
@Module({
  imports: [AuthModule, RetrievalCoreModule],
  controllers: [SearchController],
  exports: [RetrievalCoreModule],
})
export class RetrievalModule {}
