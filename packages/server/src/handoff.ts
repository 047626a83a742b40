import type { IncomingMessage } from 'node:http';
import type { Services } from './create-services.ts';

/**
 * How a host process hands its services to the SvelteKit app, per request and without a
 * global: SvelteKit's `platform`. adapter-node's handler sets `platform.req` to the Node
 * request, which the one-process server has tagged with `handServices`; under `vite dev`
 * the adapter's emulator puts the services on `platform.services` directly.
 * `hooks.server.ts` reads them with `servicesOf` into `event.locals`.
 */
export interface ServicesPlatform {
  req?: IncomingMessage;
  services?: Services;
}

interface ServicedRequest extends IncomingMessage {
  journeyboardServices?: Services;
}

export function handServices(req: IncomingMessage, services: Services): void {
  (req as ServicedRequest).journeyboardServices = services;
}

export function servicesOf(platform: ServicesPlatform | undefined): Services {
  const req: ServicedRequest | undefined = platform?.req;
  const services = platform?.services ?? req?.journeyboardServices;
  if (!services) {
    throw new Error(
      'no services were handed to SvelteKit: run the app with `node apps/web/server.ts` ' +
        '(./jb start) or `vite dev`, not `node build`',
    );
  }
  return services;
}
