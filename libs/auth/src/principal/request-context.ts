/** Facts about the HTTP request that security events record. */
export interface RequestContextInfo {
  ip: string;
  requestId: string;
}
