/** What register, login and refresh answer with (the user is added by the account endpoints). */
export interface TokenPair {
  accessToken: string;
  refreshToken: string;
  /** Seconds until the access token expires. */
  expiresIn: number;
}
