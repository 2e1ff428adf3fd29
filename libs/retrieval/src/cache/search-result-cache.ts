import type { SearchResponse } from '../search/search.types';

/** A cached search: the response and the database snapshot its scope was read in. */
export interface CachedSearch {
  snapshot: string;
  response: SearchResponse;
}

/**
 * Search responses by request, in Redis when the deployment has it (shared by every api instance), else in
 * memory. Entries are only hints: before one is served, the searched collections are checked for changes
 * committed after its snapshot (`SearchCacheValidity`), so a cached result never outlives a document change.
 */
export abstract class SearchResultCache {
  abstract get(key: string): Promise<CachedSearch | null>;
  abstract set(key: string, value: CachedSearch, ttlSeconds: number): Promise<void>;
}
