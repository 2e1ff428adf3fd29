import { lookup } from 'node:dns/promises';
import { BlockList, isIP, type LookupFunction } from 'node:net';
import {
  Agent,
  buildConnector,
  type Dispatcher,
  fetch as undiciFetch,
  type RequestInit as UndiciRequestInit,
} from 'undici';

/**
 * Addresses an http MCP server may not have unless MCP_ALLOW_PRIVATE_NETWORK is on: a workspace owner
 * configures the URL, and DocQA makes the requests from its own host, so without this an owner could reach
 * the host's loopback services, the private network or a cloud metadata endpoint (SSRF).
 */
const PRIVATE = new BlockList();
for (const [net, prefix] of [
  ['0.0.0.0', 8], // "this network"
  ['10.0.0.0', 8],
  ['100.64.0.0', 10], // carrier-grade NAT
  ['127.0.0.0', 8],
  ['169.254.0.0', 16], // link-local, cloud metadata
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15], // benchmarking
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4], // reserved, broadcast
] as const) {
  PRIVATE.addSubnet(net, prefix, 'ipv4');
}
for (const [net, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['fc00::', 7], // unique local
  ['fe80::', 10], // link-local
  ['ff00::', 8], // multicast
] as const) {
  PRIVATE.addSubnet(net, prefix, 'ipv6');
}

/** Whether an IP address is loopback, private, link-local or otherwise not a public host. */
export function isPrivateAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 4) return PRIVATE.check(address, 'ipv4');
  if (family !== 6) return true;
  // An IPv4 address written as IPv6 (::ffff:127.0.0.1, ::ffff:7f00:1) is the IPv4 address.
  const mapped = /^::ffff:(?:(\d+\.\d+\.\d+\.\d+)|([0-9a-f]{1,4}):([0-9a-f]{1,4}))$/i.exec(address);
  if (mapped) {
    const v4 = mapped[1] ?? hexToIpv4(mapped[2], mapped[3]);
    return PRIVATE.check(v4, 'ipv4');
  }
  return PRIVATE.check(address, 'ipv6');
}

function hexToIpv4(high: string, low: string): string {
  const h = parseInt(high, 16);
  const l = parseInt(low, 16);
  return [h >> 8, h & 255, l >> 8, l & 255].join('.');
}

/** An http MCP server's URL that resolves to an address DocQA may not reach. */
export class PrivateNetworkError extends Error {
  constructor(readonly host: string) {
    super(
      `${host} is a loopback, private or link-local address; DocQA does not connect to it unless MCP_ALLOW_PRIVATE_NETWORK is true`,
    );
    this.name = 'PrivateNetworkError';
  }
}

/** Resolves a host name to its addresses (the system resolver unless a test injects one). */
export type Resolve = (hostname: string) => Promise<string[]>;

const systemResolve: Resolve = async (hostname) =>
  (await lookup(hostname, { all: true, verbatim: true })).map((a) => a.address);

function bare(hostname: string): string {
  return hostname.replace(/^\[|\]$/g, '');
}

/**
 * Resolves the URL's host and throws PrivateNetworkError when any of its addresses is private (one private
 * address is enough: the connection may use any of them). A host that does not resolve passes: the request
 * then fails on its own. This is the early check when a server is configured; the connection itself is
 * guarded by `guardedLookup`, which does not trust an earlier answer.
 */
export async function assertPublicUrl(url: string | URL, resolve: Resolve = systemResolve): Promise<void> {
  const host = bare(new URL(url).hostname);
  let addresses: string[];
  if (isIP(host)) addresses = [host];
  else {
    try {
      addresses = await resolve(host);
    } catch {
      return;
    }
  }
  if (addresses.some(isPrivateAddress)) throw new PrivateNetworkError(host);
}

export interface GuardOptions {
  /** MCP_ALLOW_PRIVATE_NETWORK: every address may be connected to. */
  allowPrivateNetwork: boolean;
  resolve?: Resolve;
}

/**
 * A `lookup` for sockets that resolves the name once, refuses it when any of its addresses is private (unless
 * allowed) and hands the socket only the addresses it checked, so nothing resolves the name again between the
 * check and the connection (DNS rebinding).
 */
export function guardedLookup({ allowPrivateNetwork, resolve = systemResolve }: GuardOptions): LookupFunction {
  return (hostname, options, callback) => {
    resolve(hostname)
      .then((addresses) => {
        if (!allowPrivateNetwork && addresses.some(isPrivateAddress)) throw new PrivateNetworkError(hostname);
        const usable = addresses
          .map((address) => ({ address, family: isIP(address) }))
          .filter((a) => a.family !== 0 && (!options.family || a.family === options.family));
        if (!usable.length) {
          throw Object.assign(new Error(`${hostname} has no usable address`), { code: 'ENOTFOUND', hostname });
        }
        if (options.all) callback(null, usable);
        else callback(null, usable[0].address, usable[0].family);
      })
      .catch((err: NodeJS.ErrnoException) => callback(err, ''));
  };
}

/**
 * An HTTP dispatcher whose connections go only to addresses `guardedLookup` checked; a URL whose host is an
 * IP address (which sockets do not look up) is checked here. TLS SNI and the Host header keep the name.
 */
export function guardedDispatcher(options: GuardOptions): Agent {
  const connector = buildConnector({ lookup: guardedLookup(options) });
  return new Agent({
    connect: (opts, callback) => {
      const host = bare(opts.hostname);
      if (!options.allowPrivateNetwork && isIP(host) && isPrivateAddress(host)) {
        callback(new PrivateNetworkError(host), null);
        return;
      }
      connector(opts, callback);
    },
  });
}

type Fetch = typeof fetch;

/**
 * `fetch` through `dispatcher`; a refused connection fails with the PrivateNetworkError itself rather than
 * fetch's generic "fetch failed", so the owner reads why.
 */
export function guardedFetch(dispatcher: Dispatcher): Fetch {
  return async (input, init) => {
    const [url, base]: [string | URL, RequestInit] =
      input instanceof Request
        ? [
            input.url,
            {
              method: input.method,
              headers: input.headers,
              body: input.body,
              signal: input.signal,
              redirect: input.redirect,
              duplex: 'half',
            } as RequestInit,
          ]
        : [input, {}];
    try {
      const response = await undiciFetch(url, {
        ...(base as UndiciRequestInit),
        ...(init as UndiciRequestInit),
        dispatcher,
      });
      return response as unknown as Response;
    } catch (err) {
      if (err instanceof TypeError && err.cause instanceof PrivateNetworkError) throw err.cause;
      throw err;
    }
  };
}
