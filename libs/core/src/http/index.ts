export { API_PREFIX, configureHttpApp } from './configure-http-app';
export { createHttpApp } from './create-http-app';
export { installGracefulShutdown } from './graceful-shutdown';
export { IS_PUBLIC_KEY, Public } from './public.decorator';
export { HttpResponseObservers, type ResponseObserver } from './response-observers';
