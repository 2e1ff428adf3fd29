export { inSpan, startTracing, traceRouteHook, type Tracing } from './tracing';
