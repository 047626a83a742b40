export { ConfigError, parseConfig } from './config.ts';
export type { ConfigDefaults, ServerConfig } from './config.ts';
export { createServices } from './create-services.ts';
export type { Services } from './create-services.ts';
export { createHttpServer, listen, stopOnSignals } from './http.ts';
export type { ServeOptions } from './http.ts';
export { handServices, servicesOf } from './handoff.ts';
export type { ServicesPlatform } from './handoff.ts';
