import { completeSsoSignIn } from '#lib/server/sso/routes.ts';
import type { PageServerLoad } from './$types';

// A page rather than an endpoint: a refusal renders the app's error page (styled, with a
// way back), not the bare fallback.
export const load: PageServerLoad = (event) => completeSsoSignIn(event);
