import { createDataSource, loadConfig, loadDotEnv } from '@docqa/core';

loadDotEnv();

/**
 * The DataSource of the app and of the migration CLI: `npm run migration:*`, and also stock TypeORM
 * (`typeorm -d dist/ormconfig.js migration:run`), since initialize() starts the embedded database itself.
 */
export default createDataSource(loadConfig());
