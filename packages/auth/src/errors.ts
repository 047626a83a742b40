/**
 * Every expected way auth refuses, as a small class with a machine-readable `code`, so
 * form actions can map them to `fail()` and the sync server to close codes.
 */
export class AuthError extends Error {
  readonly code: string;

  constructor(code: string, message: string) {
    super(message);
    this.name = new.target.name;
    this.code = code;
  }
}

/** Unknown email and wrong password alike: saying which would let anyone probe accounts. */
export class InvalidCredentialsError extends AuthError {
  constructor() {
    super('invalid-credentials', 'Email or password is incorrect.');
  }
}

export class TooManyAttemptsError extends AuthError {
  readonly retryAfterMs: number;

  constructor(retryAfterMs: number, message = 'Too many sign-in attempts. Try again later.') {
    super('too-many-attempts', message);
    this.retryAfterMs = retryAfterMs;
  }
}

export class InvalidEmailError extends AuthError {
  constructor() {
    super('invalid-email', 'Enter a valid email address.');
  }
}

export class WeakPasswordError extends AuthError {
  constructor(message: string) {
    super('weak-password', message);
  }
}

export class InvalidProfileError extends AuthError {
  constructor(message: string) {
    super('invalid-profile', message);
  }
}

/** Expired, revoked, used up or unknown: the person holding the link cannot act on which. */
export class InviteInvalidError extends AuthError {
  constructor() {
    super('invite-invalid', 'This invite link is no longer valid.');
  }
}

export class ForbiddenError extends AuthError {
  constructor(message: string) {
    super('forbidden', message);
  }
}

/** The instance's sign-up mode does not let this person create an account. */
export class SignUpClosedError extends AuthError {
  constructor(message: string) {
    super('signup-closed', message);
  }
}

/** An admin disabled the account; said plainly once the password was right. */
export class AccountDisabledError extends AuthError {
  constructor() {
    super('account-disabled', 'This account is disabled. Ask an administrator of this instance.');
  }
}

/** An instance setting an admin tried to save does not hold. */
export class InvalidSettingError extends AuthError {
  constructor(message: string) {
    super('invalid-setting', message);
  }
}

/** Used, expired or unknown: the person holding the link cannot act on which. */
export class ResetLinkInvalidError extends AuthError {
  constructor() {
    super(
      'reset-link-invalid',
      'This reset link has expired or was already used. Ask for a new one.',
    );
  }
}

export class VerificationLinkInvalidError extends AuthError {
  constructor() {
    super(
      'verification-link-invalid',
      'This verification link has expired or was already used. Sign in to get a new one.',
    );
  }
}

/**
 * The provider did not vouch for the address (`email_verified` not true): linking on it
 * would hand an existing account to whoever typed that address at the provider.
 */
export class SsoEmailUnverifiedError extends AuthError {
  constructor(providerName: string) {
    super(
      'sso-email-unverified',
      `${providerName} has not verified your email address, so it cannot sign you in here. Verify it at ${providerName}, or sign in another way.`,
    );
  }
}
