import type { UserDto } from '../accounts/dto/user.dto';
import type { UserEntity } from './user.entity';

export function toUserDto(user: UserEntity, personalWorkspaceId: string): UserDto {
  return {
    id: user.id,
    email: user.email,
    displayName: user.displayName,
    platformRole: user.platformRole,
    personalWorkspaceId,
    createdAt: user.createdAt,
  };
}
