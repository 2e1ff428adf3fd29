import { DomainException } from '@docqa/core';

export enum AuthErrorCode {
  Unauthenticated = 'UNAUTHENTICATED',
  InvalidCredentials = 'INVALID_CREDENTIALS',
  InvalidRefreshToken = 'INVALID_REFRESH_TOKEN',
  WrongPassword = 'WRONG_PASSWORD',
  WeakPassword = 'WEAK_PASSWORD',
  EmailTaken = 'EMAIL_TAKEN',
  RegistrationClosed = 'REGISTRATION_CLOSED',
  InvitationRequired = 'INVITATION_REQUIRED',
  Forbidden = 'FORBIDDEN',
  InsufficientRole = 'INSUFFICIENT_ROLE',
  InsufficientScope = 'INSUFFICIENT_SCOPE',
  PlatformAdminRequired = 'PLATFORM_ADMIN_REQUIRED',
  SessionRequired = 'SESSION_REQUIRED',
  WorkspaceNotFound = 'WORKSPACE_NOT_FOUND',
  MemberNotFound = 'MEMBER_NOT_FOUND',
  UserNotFound = 'USER_NOT_FOUND',
  AlreadyMember = 'ALREADY_MEMBER',
  LastOwner = 'LAST_OWNER',
  PersonalWorkspaceOwner = 'PERSONAL_WORKSPACE_OWNER',
  AccountExists = 'ACCOUNT_EXISTS',
  TooManyAttempts = 'TOO_MANY_ATTEMPTS',
  InvalidCursor = 'INVALID_CURSOR',
  LlmRateLimited = 'LLM_RATE_LIMITED',
  /** The account was disabled by a platform admin. */
  AccountDisabled = 'ACCOUNT_DISABLED',
  /** The change would leave the platform without an enabled admin. */
  LastPlatformAdmin = 'LAST_PLATFORM_ADMIN',
  /** Admins cannot disable their own account (they would lock themselves out mid-request). */
  CannotDisableSelf = 'CANNOT_DISABLE_SELF',
}

const STATUS: Record<AuthErrorCode, number> = {
  [AuthErrorCode.Unauthenticated]: 401,
  [AuthErrorCode.InvalidCredentials]: 401,
  [AuthErrorCode.InvalidRefreshToken]: 401,
  [AuthErrorCode.WrongPassword]: 400,
  [AuthErrorCode.WeakPassword]: 400,
  [AuthErrorCode.EmailTaken]: 409,
  [AuthErrorCode.RegistrationClosed]: 403,
  [AuthErrorCode.InvitationRequired]: 403,
  [AuthErrorCode.Forbidden]: 403,
  [AuthErrorCode.InsufficientRole]: 403,
  [AuthErrorCode.InsufficientScope]: 403,
  [AuthErrorCode.PlatformAdminRequired]: 403,
  [AuthErrorCode.SessionRequired]: 403,
  // Another tenant's resources answer 404 so that their existence does not leak.
  [AuthErrorCode.WorkspaceNotFound]: 404,
  [AuthErrorCode.MemberNotFound]: 404,
  [AuthErrorCode.UserNotFound]: 404,
  [AuthErrorCode.AlreadyMember]: 409,
  [AuthErrorCode.LastOwner]: 409,
  [AuthErrorCode.PersonalWorkspaceOwner]: 409,
  [AuthErrorCode.AccountExists]: 409,
  [AuthErrorCode.TooManyAttempts]: 429,
  [AuthErrorCode.InvalidCursor]: 400,
  [AuthErrorCode.LlmRateLimited]: 429,
  [AuthErrorCode.AccountDisabled]: 403,
  [AuthErrorCode.LastPlatformAdmin]: 409,
  [AuthErrorCode.CannotDisableSelf]: 409,
};

export class AuthException extends DomainException<AuthErrorCode> {
  get httpStatus(): number {
    return STATUS[this.code];
  }
}
