import { UserDto } from './user.dto';

export class AuthTokensDto {
  /** Bearer token for `Authorization: Bearer ...`; a JWT that expires after `expiresIn` seconds. */
  accessToken: string;
  /** Opaque, single-use token for POST /api/v1/auth/refresh; each use returns a new one. */
  refreshToken: string;
  /** Seconds until the access token expires. */
  expiresIn: number;
  user: UserDto;
}
