/** A person's account at a single sign-on provider, linked to one of our users. */
export interface SsoIdentity {
  /** The provider's id in our configuration, e.g. `keycloak`. */
  provider: string;
  /** The ID token's `sub`: stable and unique within that provider. */
  subject: string;
  userId: string;
  createdAt: number;
}

export interface SsoIdentityStore {
  /** The user this provider account signs in as; null before its first sign-in. */
  find(provider: string, subject: string): Promise<string | null>;
  /**
   * Links the provider account to `userId`. Returns false (and changes nothing) when it
   * is already linked, possibly by a concurrent first sign-in: the first link wins.
   */
  link(identity: { provider: string; subject: string; userId: string }): Promise<boolean>;
}
