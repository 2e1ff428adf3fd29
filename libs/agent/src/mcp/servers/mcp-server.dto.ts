import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUrl,
  IsUUID,
  Length,
  Matches,
  Max,
  MaxLength,
  Min,
} from 'class-validator';
import { MCP_TRANSPORTS, type McpTransport } from '../client/mcp-server.entity';
import { SERVER_NAME_PATTERN } from '../client/tool-names';
import { IsStringRecord, type StringRecordRules } from './string-record.validator';

export const HEADER_RULES: StringRecordRules = {
  key: /^[!#$%&'*+.^_`|~0-9A-Za-z-]{1,128}$/,
  keyHint: 'an HTTP header name',
  maxEntries: 32,
  maxValueLength: 8192,
  // The transport sets these itself; a stored value would break the protocol or the request.
  forbiddenKeys: [
    'host',
    'content-length',
    'content-type',
    'accept',
    'connection',
    'transfer-encoding',
    'mcp-session-id',
    'mcp-protocol-version',
    'last-event-id',
  ],
  forbiddenValue: /[\r\n\0]/,
};

export const ENV_RULES: StringRecordRules = {
  key: /^[A-Za-z_][A-Za-z0-9_]{0,127}$/,
  keyHint: 'letters, digits and _, not starting with a digit',
  maxEntries: 64,
  maxValueLength: 8192,
  forbiddenValue: /\0/,
};

const NAME_MESSAGE = 'name must be 1-32 lower-case letters, digits or inner hyphens (it prefixes the tool names)';
const URL_OPTIONS = { protocols: ['http', 'https'], require_protocol: true, require_tld: false, disallow_auth: true };
const URL_MESSAGE = 'url must be an http(s) URL without credentials (put those in headers)';

export class McpServerIdParamDto {
  @IsUUID()
  id: string;
}

export class CreateMcpServerDto {
  /** Prefix of the tools the agent sees (`<name>__<tool>`); unique in the workspace. */
  @Matches(SERVER_NAME_PATTERN, { message: NAME_MESSAGE })
  name: string;

  /** `http`: a streamable HTTP endpoint; `stdio`: a command started on the DocQA host (platform admins, when MCP_ALLOW_STDIO is on). */
  @ApiProperty({ enum: MCP_TRANSPORTS })
  @IsIn(MCP_TRANSPORTS)
  transport: McpTransport;

  /** stdio: the executable to start (found on PATH or an absolute path). */
  @IsOptional()
  @IsString()
  @Length(1, 1024)
  command?: string;

  /** stdio: its arguments. */
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(64)
  @IsString({ each: true })
  @MaxLength(1024, { each: true })
  args?: string[];

  /** stdio: environment variables (stored encrypted; only their names are shown). The process gets these and a minimal PATH, HOME, USER..., never DocQA's own environment. */
  @ApiPropertyOptional({ type: 'object', additionalProperties: { type: 'string' } })
  @IsOptional()
  @IsStringRecord(ENV_RULES)
  env?: Record<string, string>;

  /** http: the server's streamable HTTP endpoint, e.g. `https://tools.example.com/mcp`. */
  @IsOptional()
  @IsUrl(URL_OPTIONS, { message: URL_MESSAGE })
  @MaxLength(2048)
  url?: string;

  /** http: headers sent with every request, e.g. `Authorization` (stored encrypted; only their names are shown). */
  @ApiPropertyOptional({ type: 'object', additionalProperties: { type: 'string' } })
  @IsOptional()
  @IsStringRecord(HEADER_RULES)
  headers?: Record<string, string>;

  /**
   * Tools the agent may call, by the names the server gives them; `["*"]` allows every tool, `[]` none
   * (see `GET /mcp/servers/:id/tools` for what the server offers).
   */
  @IsArray()
  @ArrayMaxSize(200)
  @IsString({ each: true })
  @Length(1, 128, { each: true })
  allowedTools: string[];

  /** Longest one tool call may take, in ms; unset or null: MCP_CALL_TIMEOUT_MS. */
  @ApiPropertyOptional({ type: 'integer', nullable: true, minimum: 100, maximum: 600000 })
  @IsOptional()
  @IsInt()
  @Min(100)
  @Max(600_000)
  timeoutMs?: number | null;

  /** Disabled servers keep their configuration but offer no tools. Default true. */
  @IsOptional()
  @IsBoolean()
  enabled?: boolean;
}

/** Fields left out keep their value; `headers` or `env` given replace the whole map (null clears it). */
export class UpdateMcpServerDto {
  @IsOptional()
  @Matches(SERVER_NAME_PATTERN, { message: NAME_MESSAGE })
  name?: string;

  @ApiPropertyOptional({ enum: MCP_TRANSPORTS })
  @IsOptional()
  @IsIn(MCP_TRANSPORTS)
  transport?: McpTransport;

  @ApiPropertyOptional({ type: 'string', nullable: true })
  @IsOptional()
  @IsString()
  @Length(1, 1024)
  command?: string | null;

  @IsOptional()
  @IsArray()
  @ArrayMaxSize(64)
  @IsString({ each: true })
  @MaxLength(1024, { each: true })
  args?: string[];

  @ApiPropertyOptional({ type: 'object', additionalProperties: { type: 'string' }, nullable: true })
  @IsOptional()
  @IsStringRecord(ENV_RULES)
  env?: Record<string, string> | null;

  @ApiPropertyOptional({ type: 'string', nullable: true })
  @IsOptional()
  @IsUrl(URL_OPTIONS, { message: URL_MESSAGE })
  @MaxLength(2048)
  url?: string | null;

  @ApiPropertyOptional({ type: 'object', additionalProperties: { type: 'string' }, nullable: true })
  @IsOptional()
  @IsStringRecord(HEADER_RULES)
  headers?: Record<string, string> | null;

  @IsOptional()
  @IsArray()
  @ArrayMaxSize(200)
  @IsString({ each: true })
  @Length(1, 128, { each: true })
  allowedTools?: string[];

  @ApiPropertyOptional({ type: 'integer', nullable: true, minimum: 100, maximum: 600000 })
  @IsOptional()
  @IsInt()
  @Min(100)
  @Max(600_000)
  timeoutMs?: number | null;

  @IsOptional()
  @IsBoolean()
  enabled?: boolean;
}

export class McpServerDto {
  id: string;
  name: string;
  @ApiProperty({ enum: MCP_TRANSPORTS })
  transport: McpTransport;
  command: string | null;
  args: string[];
  url: string | null;
  /** Names of the stored headers (their values are never returned). */
  headerNames: string[];
  /** Names of the stored environment variables (their values are never returned). */
  envNames: string[];
  allowedTools: string[];
  /** The server's own per-call timeout, or null for MCP_CALL_TIMEOUT_MS. */
  timeoutMs: number | null;
  /** The timeout calls get. */
  effectiveTimeoutMs: number;
  enabled: boolean;
  createdAt: Date;
  updatedAt: Date;
}

export class McpServerListDto {
  items: McpServerDto[];
}

export class McpServerToolDto {
  /** The name the server gives the tool (what `allowedTools` lists). */
  name: string;
  /** The name the agent sees: `<server>__<tool>`. */
  exposedName: string;
  description: string | null;
  /** Whether the allow-list admits it. */
  allowed: boolean;
  /** JSON Schema of its arguments. */
  @ApiProperty({ type: 'object', additionalProperties: true })
  inputSchema: Record<string, unknown>;
}

export class McpServerToolsDto {
  serverId: string;
  /** False when the server could not be started or reached; `error` says why. */
  reachable: boolean;
  error?: string;
  /** `name version` the server reported. */
  serverVersion?: string;
  tools: McpServerToolDto[];
  durationMs: number;
}
