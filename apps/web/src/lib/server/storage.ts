import { getRequestEvent } from '$app/server';
import type { Services } from '@journeyboard/server';
import type { Storage } from '@journeyboard/storage';

/**
 * The services of the process serving this request, which `hooks.server.ts` put in
 * `event.locals`. Only valid while a request is handled; code that outlives it (a sweep)
 * keeps what it needs from the services it was built with.
 */
export function getServices(): Services {
  return getRequestEvent().locals.services;
}

export function getStorage(): Storage {
  return getServices().storage;
}
