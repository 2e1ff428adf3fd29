import { QueryFailedError } from 'typeorm';
import { isUniqueViolation } from './postgres-errors';

describe('isUniqueViolation', () => {
  it('recognises SQLSTATE 23505 on a failed query, and nothing else', () => {
    const failed = (code: string) => new QueryFailedError('INSERT ...', [], Object.assign(new Error('x'), { code }));
    expect(isUniqueViolation(failed('23505'))).toBe(true);
    expect(isUniqueViolation(failed('23503'))).toBe(false);
    expect(isUniqueViolation(new Error('23505'))).toBe(false);
    expect(isUniqueViolation(null)).toBe(false);
  });
});
