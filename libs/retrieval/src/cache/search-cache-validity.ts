import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

/**
 * Whether anything a cached search read has changed since: a chunk inserted or deleted in its collections, a
 * document's title or metadata edited, vectors swapped (all recorded in `retrieval_changes` by triggers) in a
 * transaction the cached snapshot did not see. Transaction ids, not times, decide, so commits in any order and
 * from any process count.
 */
@Injectable()
export class SearchCacheValidity {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async changedSince(snapshot: string, collectionIds: string[]): Promise<boolean> {
    const [row] = (await this.dataSource.query(
      `SELECT EXISTS (
         SELECT 1 FROM "retrieval_changes"
         WHERE "txid" >= pg_snapshot_xmin($1::pg_snapshot)
           AND ("collection_id" IS NULL OR "collection_id" = ANY($2::uuid[]))
           AND NOT pg_visible_in_snapshot("txid", $1::pg_snapshot)
       ) AS "changed"`,
      [snapshot, collectionIds],
    )) as { changed: boolean }[];
    return row.changed;
  }
}
