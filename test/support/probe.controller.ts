import { Body, Controller, Get, Logger, Post, Query } from '@nestjs/common';
import { IsEmail, IsInt, IsString, Max, Min, ValidateNested } from 'class-validator';
import { Type } from 'class-transformer';
import { Client } from 'pg';

export class AddressDto {
  @IsString()
  city: string;
}

export class ProbeDto {
  @IsEmail()
  email: string;

  @IsInt()
  @Min(1)
  @Max(10)
  count: number;

  @ValidateNested()
  @Type(() => AddressDto)
  address: AddressDto;
}

/**
 * Routes that exist only in tests, mounted on an app built with the same bootstrap as the real ones, to
 * exercise behaviour the foundation must have before any stage adds routes: validation, crashes, slow
 * requests and logging inside a request.
 */
@Controller('probe')
export class ProbeController {
  private readonly logger = new Logger('Probe');

  @Post('echo')
  echo(@Body() dto: ProbeDto): ProbeDto {
    this.logger.log({ note: 'inside the handler', password: 'hunter2-in-a-log-object' }, 'echo called');
    return dto;
  }

  @Get('crash')
  crash(): never {
    throw new Error('database password is sw0rdfish');
  }

  /** A query on a PostgreSQL that refuses connections (nothing listens on port 1): the driver's real error. */
  @Get('outage')
  async outage(): Promise<never> {
    const client = new Client({ host: '127.0.0.1', port: 1, user: 'postgres', connectionTimeoutMillis: 2000 });
    await client.connect();
    throw new Error('connected to port 1');
  }

  @Get('slow')
  async slow(@Query('ms') ms = '500'): Promise<{ waited: number }> {
    await new Promise((resolve) => setTimeout(resolve, Number(ms)));
    return { waited: Number(ms) };
  }
}
