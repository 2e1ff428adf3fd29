export class LivenessDto {
  /** Always `ok` while the process serves requests. */
  status: 'ok';
  /** Seconds since this process started. */
  uptimeSeconds: number;
}
