/** Nest metadata keys read by the global AuthGuard. `Public()`'s key lives in core (IS_PUBLIC_KEY). */
export const REQUIRED_ROLE_KEY = 'docqa:requiredWorkspaceRole';
export const REQUIRED_SCOPE_KEY = 'docqa:requiredScope';
export const PLATFORM_ADMIN_KEY = 'docqa:platformAdmin';
export const SESSION_ONLY_KEY = 'docqa:sessionOnly';
