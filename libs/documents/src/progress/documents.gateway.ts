import type { IncomingMessage } from 'node:http';
import { Logger } from '@nestjs/common';
import { OnGatewayConnection, WebSocketGateway } from '@nestjs/websockets';
import type { WebSocket } from 'ws';
import { API_KEY_HEADER, RequestAuthenticator, WORKSPACE_HEADER } from '@docqa/auth';
import { DocumentEventsService } from './document-events.service';

/** The gateway's path: under the API prefix like the HTTP routes, though gateways do not get the prefix themselves. */
export const DOCUMENTS_WS_PATH = '/api/v1/documents/ws';

/** Close codes in the private range (4000-4999), mirroring HTTP statuses. */
const CLOSE_UNAUTHORIZED = 4401;

function single(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/**
 * Every document event of one workspace over a WebSocket, for dashboards that watch many uploads at once.
 * Browsers cannot set headers on a WebSocket, so credentials may also come in the URL: `access_token`
 * (a bearer access token) or `api_key`, and `workspaceId`. Messages are the JSON events SSE sends.
 */
@WebSocketGateway({ path: DOCUMENTS_WS_PATH })
export class DocumentsGateway implements OnGatewayConnection {
  private readonly logger = new Logger('DocumentsGateway');

  constructor(
    private readonly authenticator: RequestAuthenticator,
    private readonly events: DocumentEventsService,
  ) {}

  async handleConnection(socket: WebSocket, request: IncomingMessage): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://localhost');
    const token = url.searchParams.get('access_token');
    let stop: (() => void) | undefined;
    let closed = false;
    socket.once('close', () => {
      closed = true;
      stop?.();
    });
    try {
      const principal = await this.authenticator.authenticate({
        authorization: single(request.headers.authorization) ?? (token ? `Bearer ${token}` : undefined),
        apiKey: single(request.headers[API_KEY_HEADER]) ?? url.searchParams.get('api_key') ?? undefined,
        workspaceId: single(request.headers[WORKSPACE_HEADER]) ?? url.searchParams.get('workspaceId') ?? undefined,
      });
      const unsubscribe = await this.events.workspaceEvents(principal.workspaceId, (event) => {
        if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(event));
      });
      if (closed) return unsubscribe();
      stop = unsubscribe;
      socket.send(JSON.stringify({ type: 'subscribed', workspaceId: principal.workspaceId }));
    } catch (err) {
      const message = err instanceof Error ? err.message : 'unauthorized';
      this.logger.debug(`websocket refused: ${message}`);
      socket.close(CLOSE_UNAUTHORIZED, message.slice(0, 120));
    }
  }
}
