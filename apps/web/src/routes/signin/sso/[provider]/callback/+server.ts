import { completeSsoSignIn } from '#lib/server/sso/routes.ts';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = (event) => completeSsoSignIn(event);
