import { describe, expect, it } from 'vitest';
import { parseSsoConfig } from './config.ts';

const keycloak = {
  OIDC_PROVIDERS: 'keycloak',
  OIDC_KEYCLOAK_ISSUER: 'https://sso.example.com/realms/acme',
  OIDC_KEYCLOAK_CLIENT_ID: 'journeyboard',
  OIDC_KEYCLOAK_CLIENT_SECRET: 'secret',
};

describe('parseSsoConfig', () => {
  it('reads nothing when no provider is named: passwords only', () => {
    expect(parseSsoConfig({})).toEqual({ providers: [], passwords: true });
  });

  it('reads several providers, each with a display name', () => {
    const config = parseSsoConfig({
      ...keycloak,
      OIDC_PROVIDERS: 'keycloak, google-workspace',
      OIDC_KEYCLOAK_NAME: 'Acme SSO',
      OIDC_GOOGLE_WORKSPACE_ISSUER: 'https://accounts.google.com',
      OIDC_GOOGLE_WORKSPACE_CLIENT_ID: 'id',
      OIDC_GOOGLE_WORKSPACE_CLIENT_SECRET: 'shh',
      JOURNEYBOARD_PASSWORDS: 'off',
    });
    expect(config.passwords).toBe(false);
    expect(config.providers.map((p) => [p.id, p.name, p.issuer.href])).toEqual([
      ['keycloak', 'Acme SSO', 'https://sso.example.com/realms/acme'],
      ['google-workspace', 'Google-workspace', 'https://accounts.google.com/'],
    ]);
  });

  it('names every missing or wrong setting at once', () => {
    expect(() =>
      parseSsoConfig({
        OIDC_PROVIDERS: 'keycloak,Bad_Id',
        OIDC_KEYCLOAK_ISSUER: 'http://sso.example.com',
      }),
    ).toThrow(
      /ISSUER must be https[\s\S]*CLIENT_ID is required[\s\S]*CLIENT_SECRET is required[\s\S]*"bad_id"/,
    );
  });

  it('allows plain http only for a provider on this machine', () => {
    const local = { ...keycloak, OIDC_KEYCLOAK_ISSUER: 'http://127.0.0.1:9000/oidc' };
    expect(parseSsoConfig(local).providers[0]?.issuer.port).toBe('9000');
  });

  it('refuses turning passwords off without a provider, and an unknown value', () => {
    expect(() => parseSsoConfig({ JOURNEYBOARD_PASSWORDS: 'off' })).toThrow(
      /at least one provider/,
    );
    expect(() => parseSsoConfig({ ...keycloak, JOURNEYBOARD_PASSWORDS: 'no' })).toThrow(
      /on or off/,
    );
  });
});
