import { beginSsoSignIn } from '#lib/server/sso/routes.ts';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = (event) => beginSsoSignIn(event);
