import { ValidationError } from 'class-validator';
import { describeError } from './all-exceptions.filter';
import { CoreErrorCode, CoreException } from './domain.exception';
import { describeValidationErrors, validationException } from './validation';
import { BadRequestException, HttpException } from '@nestjs/common';

function error(
  property: string,
  constraints?: Record<string, string>,
  children: ValidationError[] = [],
): ValidationError {
  return Object.assign(new ValidationError(), { property, constraints, children });
}

describe('validation messages', () => {
  it('names every failing field, nested ones by their full path', () => {
    const errors = [
      error('email', { isEmail: 'email must be an email' }),
      error('items', undefined, [error('0', undefined, [error('name', { isString: 'name must be a string' })])]),
    ];
    expect(describeValidationErrors(errors)).toEqual(['email must be an email', 'items.0.name must be a string']);
  });

  it('becomes a 400 domain exception with one readable message', () => {
    const ex = validationException([
      error('age', { min: 'age must not be less than 0' }),
      error('x', { whitelistValidation: 'property x should not exist' }),
    ]);
    expect(ex.code).toBe(CoreErrorCode.ValidationFailed);
    expect(describeError(ex)).toEqual({
      status: 400,
      message: 'Validation failed: age must not be less than 0; property x should not exist',
    });
  });
});

describe('describeError', () => {
  it('maps domain exceptions by their code', () => {
    expect(describeError(new CoreException(CoreErrorCode.NotReady, 'not ready: database'))).toEqual({
      status: 503,
      message: 'not ready: database',
    });
  });

  it('keeps the message of HTTP exceptions, joining lists', () => {
    expect(describeError(new BadRequestException(['a is bad', 'b is bad']))).toEqual({
      status: 400,
      message: 'a is bad; b is bad',
    });
    expect(describeError(new HttpException('Gone for good', 410))).toEqual({ status: 410, message: 'Gone for good' });
  });

  it('passes Fastify client errors through and hides everything else', () => {
    const fastifyError = Object.assign(new Error('Body is not valid JSON'), { statusCode: 400 });
    expect(describeError(fastifyError)).toEqual({ status: 400, message: 'Body is not valid JSON' });
    expect(describeError(new Error('password=hunter2'))).toEqual({ status: 500, message: 'Internal server error' });
    expect(describeError(Object.assign(new Error('socket hang up'), { statusCode: 502 }))).toEqual({
      status: 500,
      message: 'Internal server error',
    });
  });
});
