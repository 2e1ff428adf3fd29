export { AdminModule } from './admin.module';
export { AdminErrorCode, AdminException } from './admin.errors';
