/** Access tokens are HS256 JWTs with a pinned algorithm, issuer and audience; nothing else is accepted. */
export const JWT_ALGORITHM = 'HS256';
export const JWT_ISSUER = 'docqa';
export const JWT_AUDIENCE = 'docqa-api';

/** What an access token says: the user (`sub`) and the session (`sid`) whose revocation also ends it. */
export interface AccessTokenClaims {
  sub: string;
  sid: string;
}

/** The identity a verified access token carries. */
export interface TokenIdentity {
  userId: string;
  sessionId: string;
}
