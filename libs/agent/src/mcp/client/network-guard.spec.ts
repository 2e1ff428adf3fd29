import type { LookupAddress } from 'node:dns';
import {
  assertPublicUrl,
  guardedDispatcher,
  guardedFetch,
  guardedLookup,
  isPrivateAddress,
  PrivateNetworkError,
  type GuardOptions,
} from './network-guard';

/** What the lookup hands the socket for `hostname`, as `net.connect` asks for it (all addresses). */
function lookUp(options: GuardOptions, hostname = 'mcp.example', family?: number): Promise<LookupAddress[]> {
  return new Promise((resolve, reject) => {
    guardedLookup(options)(hostname, { all: true, family }, (err, addresses) => {
      if (err) reject(err);
      else resolve(addresses as LookupAddress[]);
    });
  });
}

const answering =
  (...addresses: string[]) =>
  () =>
    Promise.resolve(addresses);

describe('network guard', () => {
  it.each([
    '127.0.0.1',
    '10.1.2.3',
    '172.20.0.1',
    '192.168.0.10',
    '169.254.169.254',
    '100.64.0.1',
    '0.0.0.0',
    '::1',
    '::',
    'fe80::1',
    'fd00::1',
    '::ffff:127.0.0.1',
    '::ffff:a00:1',
    'not an address',
  ])('treats %s as private', (address) => {
    expect(isPrivateAddress(address)).toBe(true);
  });

  it.each(['8.8.8.8', '1.1.1.1', '172.32.0.1', '2606:4700:4700::1111', '::ffff:8.8.8.8'])(
    'treats %s as public',
    (address) => {
      expect(isPrivateAddress(address)).toBe(false);
    },
  );

  it('refuses URLs whose host is or resolves to a private address, and lets public ones through', async () => {
    await expect(assertPublicUrl('http://127.0.0.1:8080/mcp')).rejects.toBeInstanceOf(PrivateNetworkError);
    await expect(assertPublicUrl('http://[::1]/mcp')).rejects.toThrow(/MCP_ALLOW_PRIVATE_NETWORK/);
    await expect(assertPublicUrl('http://localhost:3000/mcp')).rejects.toThrow(/localhost is a loopback/);
    await expect(assertPublicUrl('https://8.8.8.8/mcp')).resolves.toBeUndefined();
  });

  it('hands the socket only the addresses it checked, resolving the name once', async () => {
    let calls = 0;
    const resolve = (hostname: string) => {
      calls++;
      expect(hostname).toBe('mcp.example');
      return Promise.resolve(['8.8.8.8', '2606:4700:4700::1111']);
    };
    await expect(lookUp({ allowPrivateNetwork: false, resolve })).resolves.toEqual([
      { address: '8.8.8.8', family: 4 },
      { address: '2606:4700:4700::1111', family: 6 },
    ]);
    await expect(lookUp({ allowPrivateNetwork: false, resolve }, 'mcp.example', 6)).resolves.toEqual([
      { address: '2606:4700:4700::1111', family: 6 },
    ]);
    expect(calls).toBe(2);
    const single = await new Promise<[string, number | undefined]>((done, fail) =>
      guardedLookup({ allowPrivateNetwork: false, resolve })('mcp.example', {}, (err, address, family) =>
        err ? fail(err) : done([address as string, family]),
      ),
    );
    expect(single).toEqual(['8.8.8.8', 4]);
  });

  it('refuses a name that resolves to a private address', async () => {
    for (const address of ['127.0.0.1', '169.254.169.254', '::1', '::ffff:10.0.0.1', '100.64.0.7']) {
      await expect(lookUp({ allowPrivateNetwork: false, resolve: answering(address) })).rejects.toBeInstanceOf(
        PrivateNetworkError,
      );
    }
  });

  it('refuses a name with public and private addresses mixed, whichever comes first', async () => {
    await expect(lookUp({ allowPrivateNetwork: false, resolve: answering('8.8.8.8', '127.0.0.1') })).rejects.toThrow(
      /mcp\.example is a loopback.*MCP_ALLOW_PRIVATE_NETWORK/,
    );
    await expect(
      lookUp({ allowPrivateNetwork: false, resolve: answering('fd00::1', '1.1.1.1') }),
    ).rejects.toBeInstanceOf(PrivateNetworkError);
  });

  it('lets private addresses through when MCP_ALLOW_PRIVATE_NETWORK is on', async () => {
    await expect(lookUp({ allowPrivateNetwork: true, resolve: answering('127.0.0.1', '8.8.8.8') })).resolves.toEqual([
      { address: '127.0.0.1', family: 4 },
      { address: '8.8.8.8', family: 4 },
    ]);
  });

  it('passes a resolver failure on, and fails a name with no address of the family asked for', async () => {
    const failing = () =>
      Promise.reject(Object.assign(new Error('getaddrinfo ENOTFOUND nowhere'), { code: 'ENOTFOUND' }));
    await expect(lookUp({ allowPrivateNetwork: false, resolve: failing })).rejects.toMatchObject({ code: 'ENOTFOUND' });
    await expect(
      lookUp({ allowPrivateNetwork: false, resolve: answering('8.8.8.8') }, 'mcp.example', 6),
    ).rejects.toMatchObject({ code: 'ENOTFOUND' });
  });

  it('refuses a URL whose host is a private address before connecting, for a URL or a Request', async () => {
    const dispatcher = guardedDispatcher({ allowPrivateNetwork: false, resolve: answering('8.8.8.8') });
    const guarded = guardedFetch(dispatcher);
    try {
      await expect(guarded('http://10.0.0.5/mcp')).rejects.toBeInstanceOf(PrivateNetworkError);
      await expect(guarded(new URL('http://[::ffff:127.0.0.1]:8080/mcp'))).rejects.toBeInstanceOf(PrivateNetworkError);
      await expect(guarded(new Request('http://[fe80::1]/mcp', { method: 'POST', body: '{}' }))).rejects.toThrow(
        /fe80::1 is a loopback/,
      );
    } finally {
      await dispatcher.close();
    }
  });
});
