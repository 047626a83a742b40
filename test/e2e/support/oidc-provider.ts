import { createServer, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider from 'oidc-provider';

/** The claims one person has at the test provider; the key is what they type as login. */
interface TestIdentity {
  email: string;
  email_verified: boolean;
  name: string;
}

export interface TestOidcProvider {
  readonly issuer: string;
  /** People who can sign in: login -> claims. Changes apply to the next sign-in. */
  readonly people: Map<string, TestIdentity>;
  /** Environment for the web server naming this provider as `id`. */
  env(id: string, name: string): Record<string, string>;
  /** Registers our client once the web server's callback URL is known. */
  register(redirectUri: string): void;
  close(): Promise<void>;
}

const TEST_CLIENT = { id: 'journeyboard', secret: 'test-client-secret-of-32-chars-min' };

/**
 * A real OpenID provider (`oidc-provider`) on 127.0.0.1 with its development login and
 * consent pages: any login signs in as the person of that name in `people`. It listens
 * first (the issuer URL needs the port) and is built at `register`, when our callback
 * URL is known.
 */
export async function startOidcProvider(): Promise<TestOidcProvider> {
  const people = new Map<string, TestIdentity>();
  let handler: RequestListener | null = null;
  const server: Server = createServer((request, response) => {
    if (handler) return handler(request, response);
    response.writeHead(503).end('provider not registered yet');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    issuer,
    people,
    env: (id, name) => {
      const prefix = `OIDC_${id.toUpperCase()}_`;
      return {
        OIDC_PROVIDERS: id,
        [`${prefix}ISSUER`]: issuer,
        [`${prefix}CLIENT_ID`]: TEST_CLIENT.id,
        [`${prefix}CLIENT_SECRET`]: TEST_CLIENT.secret,
        [`${prefix}NAME`]: name,
      };
    },
    register(redirectUri) {
      const provider = new Provider(issuer, {
        clients: [
          {
            client_id: TEST_CLIENT.id,
            client_secret: TEST_CLIENT.secret,
            redirect_uris: [redirectUri],
            token_endpoint_auth_method: 'client_secret_post',
          },
        ],
        claims: { email: ['email', 'email_verified'], profile: ['name'] },
        // The claims go into the ID token itself: that is what we validate and read.
        conformIdTokenClaims: false,
        cookies: { keys: ['test-cookie-key-not-a-secret'] },
        findAccount: (_ctx, sub) => {
          const person = people.get(sub);
          if (!person) return undefined;
          return { accountId: sub, claims: () => ({ sub, ...person }) };
        },
      });
      provider.on('server_error', (_ctx, error) => console.error('[idp]', error));
      const callback = provider.callback();
      handler = (request, response) => {
        void callback(request, response);
      };
    },
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
