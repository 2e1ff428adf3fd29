import { assertPublicUrl, isPrivateAddress, PrivateNetworkError, publicOnlyFetch } from './network-guard';

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

  it('checks every request before it is sent', async () => {
    const sent: string[] = [];
    const guarded = publicOnlyFetch((input) => {
      sent.push(String(input));
      return Promise.resolve(new Response('ok'));
    });
    await expect(guarded('http://10.0.0.5/mcp')).rejects.toBeInstanceOf(PrivateNetworkError);
    await expect(guarded(new Request('http://[fe80::1]/mcp'))).rejects.toBeInstanceOf(PrivateNetworkError);
    expect((await guarded('https://8.8.8.8/mcp')).status).toBe(200);
    expect(sent).toEqual(['https://8.8.8.8/mcp']);
  });
});
