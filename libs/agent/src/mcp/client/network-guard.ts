import { lookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';

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

/**
 * Resolves the URL's host and throws PrivateNetworkError when any of its addresses is private (one private
 * address is enough: the connection may use any of them). A host that does not resolve passes: the request
 * then fails on its own.
 */
export async function assertPublicUrl(url: string | URL): Promise<void> {
  const host = new URL(url).hostname.replace(/^\[|\]$/g, '');
  let addresses: string[];
  if (isIP(host)) addresses = [host];
  else {
    try {
      addresses = (await lookup(host, { all: true, verbatim: true })).map((a) => a.address);
    } catch {
      return;
    }
  }
  if (addresses.some(isPrivateAddress)) throw new PrivateNetworkError(host);
}

type Fetch = typeof fetch;

/**
 * `fetch` that checks every request's host first, so a name that resolved to a public address when the server
 * was configured cannot later point at a private one (DNS rebinding between requests).
 */
export function publicOnlyFetch(inner: Fetch = fetch): Fetch {
  return async (input, init) => {
    const url = input instanceof Request ? input.url : input;
    await assertPublicUrl(url);
    return inner(input, init);
  };
}
