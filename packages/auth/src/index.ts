export {
  AuthError,
  ForbiddenError,
  InvalidCredentialsError,
  InvalidEmailError,
  InvalidProfileError,
  InviteInvalidError,
  TooManyAttemptsError,
  WeakPasswordError,
  SignUpClosedError,
  AccountDisabledError,
  InvalidSettingError,
  ResetLinkInvalidError,
  VerificationLinkInvalidError,
  SsoEmailUnverifiedError,
} from './errors.ts';
export { signInWithSso } from './sso.ts';
export type { SsoSignInInput, SsoSignedIn } from './sso.ts';
export {
  EMAIL_VERIFICATION_TTL_MS,
  createEmailVerification,
  verifyEmail,
} from './email-verification.ts';
export { PASSWORD_RESET_TTL_MS, createPasswordReset, resetPassword } from './password-reset.ts';
export {
  SIGNUP_MODES,
  isSignUpMode,
  parseAllowedDomains,
  readSignUpPolicy,
  saveSignUpPolicy,
  assertSignUpAllowed,
  inviteTokenFromPath,
} from './signup-policy.ts';
export type { SignUpMode, SignUpPolicy, SaveSignUpPolicyInput } from './signup-policy.ts';
export { generateSessionToken, hashToken, generateId } from './tokens.ts';
export {
  SESSION_DURATION_MS,
  SESSION_REFRESH_THRESHOLD_MS,
  createSession,
  validateSessionToken,
  invalidateSession,
  invalidateAllSessions,
  deleteExpiredSessions,
} from './session.ts';
export type { SessionValidation, ClockOptions } from './session.ts';
export {
  PASSWORD_MIN_LENGTH,
  PASSWORD_MAX_LENGTH,
  assertPasswordAcceptable,
  hashPassword,
  verifyPassword,
} from './password.ts';
export { USER_COLOURS, normalizeEmail } from './profile.ts';
export { SignInLimiter, createSignInLimiter } from './rate-limit.ts';
export { KeyedLimiter, createSignUpLimiter, createBoardCreationLimiter } from './account-limits.ts';
export type { SignInLimiterOptions, LimitWindow } from './rate-limit.ts';
export { signUp, signIn, changePassword } from './accounts.ts';
export type { SignedIn, SignUpInput, SignInInput, ChangePasswordInput } from './accounts.ts';
export {
  SESSION_COOKIE_NAME,
  sessionCookieOptions,
  blankSessionCookieOptions,
  serializeSessionCookie,
  readSessionCookie,
} from './cookie.ts';
export type { SessionCookieOptions } from './cookie.ts';
export {
  ROLES,
  isRole,
  roleAtLeast,
  canWriteDocument,
  canComment,
  canManageMembers,
} from './roles.ts';
export {
  INVITE_DEFAULT_TTL_MS,
  createInvite,
  acceptInvite,
  revokeInvite,
  isInviteLive,
} from './invites.ts';
export type { CreateInviteInput } from './invites.ts';
export { authorizeBoardAccess } from './access.ts';
export type { AccessDecision } from './access.ts';
