import type { EntityManager } from 'typeorm';
import { chunkTextSearchConfigs, type ChunkLanguages } from './chunk-languages';
import { textSearchConfigOf } from './text-search-languages';

/**
 * The text search configuration of each chunk of a document about to be indexed: the document's own `language`
 * metadata when it names one (`de`, `german`...), else its collection's `language` setting, else detected
 * from the text (see `chunkTextSearchConfigs`).
 */
export async function documentChunkLanguages(
  manager: EntityManager,
  documentId: string,
  texts: readonly string[],
): Promise<ChunkLanguages> {
  const [row] = (await manager.query(
    `SELECT "d"."metadata" ->> 'language' AS "document", "c"."language" AS "collection"
     FROM "documents" "d" JOIN "collections" "c" ON "c"."id" = "d"."collection_id" WHERE "d"."id" = $1`,
    [documentId],
  )) as { document: string | null; collection: string | null }[];
  const override = textSearchConfigOf(row?.document) ?? textSearchConfigOf(row?.collection);
  return chunkTextSearchConfigs(texts, override);
}
