/** Object keys whose values never reach a log line, at the top of a log object or one level down. */
const SECRET_KEYS = [
  'password',
  'newPassword',
  'currentPassword',
  'token',
  'accessToken',
  'refreshToken',
  'invitationToken',
  'passwordHash',
  'jwtSecret',
  'apiKey',
  'secret',
  'encryptionKey',
  'authorization',
];

/** Log paths whose values never reach a log line. */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-api-key"]',
  'req.headers["proxy-authorization"]',
  'res.headers["set-cookie"]',
  ...SECRET_KEYS.flatMap((key) => [key, `*.${key}`]),
];

export const REDACTION_CENSOR = '[redacted]';
