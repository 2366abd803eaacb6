import { describe, expect, it } from 'vitest';
import { checkHost, classifyAddress, firstRefused, kindAllowed, type AddressKind } from '../../server/services/webhooks/destination';

describe('classifyAddress', () => {
  it.each<[string, AddressKind]>([
    // IPv4, each special range at its edges.
    ['0.0.0.0', 'unspecified'],
    ['0.255.255.255', 'unspecified'],
    ['10.0.0.1', 'private'],
    ['10.255.255.255', 'private'],
    ['100.64.0.1', 'shared'],
    ['100.100.100.200', 'shared'],
    ['100.127.255.255', 'shared'],
    ['127.0.0.1', 'loopback'],
    ['127.255.255.254', 'loopback'],
    ['169.254.169.254', 'link-local'],
    ['172.16.0.1', 'private'],
    ['172.31.255.255', 'private'],
    ['192.0.0.170', 'reserved'],
    ['192.0.2.1', 'reserved'],
    ['192.88.99.1', 'reserved'],
    ['192.168.1.1', 'private'],
    ['198.18.0.1', 'reserved'],
    ['198.19.255.255', 'reserved'],
    ['198.51.100.7', 'reserved'],
    ['203.0.113.9', 'reserved'],
    ['224.0.0.1', 'multicast'],
    ['239.255.255.250', 'multicast'],
    ['240.0.0.1', 'reserved'],
    ['255.255.255.255', 'reserved'],
    // IPv4 just outside them.
    ['1.1.1.1', 'public'],
    ['9.255.255.255', 'public'],
    ['11.0.0.0', 'public'],
    ['100.63.255.255', 'public'],
    ['100.128.0.0', 'public'],
    ['126.255.255.255', 'public'],
    ['128.0.0.0', 'public'],
    ['169.253.255.255', 'public'],
    ['172.15.255.255', 'public'],
    ['172.32.0.0', 'public'],
    ['192.167.255.255', 'public'],
    ['192.169.0.0', 'public'],
    ['93.184.216.34', 'public'],
    ['223.255.255.255', 'public'],
    // IPv6.
    ['::', 'unspecified'],
    ['0:0:0:0:0:0:0:0', 'unspecified'],
    ['::1', 'loopback'],
    ['0:0:0:0:0:0:0:1', 'loopback'],
    ['[::1]', 'loopback'],
    ['fe80::1', 'link-local'],
    ['fe80::1%eth0', 'link-local'],
    ['febf:ffff::1', 'link-local'],
    ['fec0::1', 'private'],
    ['fc00::1', 'unique-local'],
    ['fd12:3456:789a::1', 'unique-local'],
    ['ff02::1', 'multicast'],
    ['FF05::1:3', 'multicast'],
    ['64:ff9b:1::1', 'private'],
    ['100::1', 'reserved'],
    ['2001:db8::1', 'reserved'],
    ['2001::1', 'reserved'],
    ['::7f00:1', 'reserved'],
    ['::127.0.0.1', 'reserved'],
    ['4000::1', 'reserved'],
    ['2606:4700:4700::1111', 'public'],
    ['2a00:1450:4001:80b::200e', 'public'],
    // IPv6 that carries IPv4: judged by the IPv4 address it reaches.
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:7f00:1', 'loopback'],
    ['[::ffff:7f00:1]', 'loopback'],
    ['::FFFF:169.254.169.254', 'link-local'],
    ['::ffff:a9fe:a9fe', 'link-local'],
    ['::ffff:10.1.2.3', 'private'],
    ['::ffff:0.0.0.0', 'unspecified'],
    ['::ffff:0:7f00:1', 'loopback'],
    ['::ffff:1.1.1.1', 'public'],
    ['64:ff9b::7f00:1', 'loopback'],
    ['64:ff9b::192.168.0.1', 'private'],
    ['64:ff9b::1.1.1.1', 'public'],
    ['2002:7f00:1::', 'loopback'],
    ['2002:a9fe:a9fe::1', 'link-local'],
    ['2002:0101:0101::1', 'public'],
  ])('%s is %s', (ip, kind) => {
    expect(classifyAddress(ip)).toBe(kind);
  });

  it.each(['', 'localhost', 'example.com', '127.1', '0x7f000001', '2130706433', '0177.0.0.1', '256.0.0.1', '1.2.3.4.5', '01.2.3.4', ':::1', '1::2::3', '1:2:3:4:5:6:7:8:9', '::ffff:127.0.0.256', '1.2.3.4::', 'fe80::g'])(
    '%j is not an address in the form URLs and resolvers write',
    (text) => {
      expect(classifyAddress(text)).toBeNull();
    },
  );
});

describe('kindAllowed', () => {
  it.each<[AddressKind, boolean, boolean]>([
    ['public', false, true],
    ['loopback', false, false],
    ['private', false, false],
    ['shared', false, false],
    ['unique-local', false, false],
    ['link-local', false, false],
    ['multicast', false, false],
    ['unspecified', false, false],
    ['reserved', false, false],
    // The development switch admits this machine and the local network, never metadata or the odd ranges.
    ['public', true, true],
    ['loopback', true, true],
    ['private', true, true],
    ['shared', true, true],
    ['unique-local', true, true],
    ['link-local', true, false],
    ['multicast', true, false],
    ['unspecified', true, false],
    ['reserved', true, false],
  ])('%s with allowPrivate %s: %s', (kind, allowPrivate, allowed) => {
    expect(kindAllowed(kind, allowPrivate)).toBe(allowed);
  });
});

describe('checkHost, on hosts as new URL() leaves them', () => {
  const host = (url: string) => new URL(url).hostname;

  it.each([
    ['http://127.0.0.1/', 'loopback'],
    ['http://127.1/', 'loopback'],
    ['http://0x7f000001/', 'loopback'],
    ['http://2130706433/', 'loopback'],
    ['http://0177.0.0.1/', 'loopback'],
    ['http://017700000001/', 'loopback'],
    ['http://0x7f.1/', 'loopback'],
    ['http://[::1]/', 'loopback'],
    ['http://[0:0:0:0:0:0:0:1]/', 'loopback'],
    ['http://[::ffff:127.0.0.1]/', 'loopback'],
    ['http://localhost/', 'loopback'],
    ['http://LOCALHOST./', 'loopback'],
    ['http://api.localhost/', 'loopback'],
    ['http://169.254.169.254/latest/meta-data/', 'link-local'],
    ['http://0xa9fea9fe/', 'link-local'],
    ['http://[fe80::1]/', 'link-local'],
    ['http://10.0.0.5:8080/', 'private-network'],
    ['http://172.20.1.1/', 'private-network'],
    ['http://192.168.0.10/', 'private-network'],
    ['http://100.100.100.200/', 'carrier-grade NAT'],
    ['http://[fd00::5]/', 'unique-local'],
    ['http://224.0.0.1/', 'multicast'],
    ['http://[ff02::1]/', 'multicast'],
    ['http://0.0.0.0/', 'unspecified'],
    ['http://0/', 'unspecified'],
    ['http://[::]/', 'unspecified'],
  ])('refuses %s as %s', (url, words) => {
    const check = checkHost(host(url), false);
    expect(check).toEqual({ outcome: 'refused', reason: expect.stringContaining(words) });
  });

  it('says which address an odd spelling stands for', () => {
    expect(checkHost(host('http://0x7f000001/'), false)).toMatchObject({ reason: expect.stringContaining('127.0.0.1 is a loopback address') });
  });

  it.each(['https://1.1.1.1/', 'https://[2606:4700:4700::1111]/', 'http://93.184.216.34:8080/hooks'])('allows the public address in %s', (url) => {
    expect(checkHost(host(url), false)).toEqual({ outcome: 'allowed' });
  });

  it.each([
    ['https://hooks.acme.test/x', 'hooks.acme.test'],
    ['https://API.Example.COM./x', 'api.example.com'],
    ['http://127.0.0.1.nip.io/', '127.0.0.1.nip.io'],
    ['http://localhost.example.com/', 'localhost.example.com'],
  ])('leaves the name in %s to be resolved', (url, name) => {
    expect(checkHost(host(url), false)).toEqual({ outcome: 'resolve', name });
  });

  it('with allowPrivate, lets loopback, private and localhost through but still refuses metadata and the odd ranges', () => {
    for (const url of ['http://127.0.0.1:3000/', 'http://[::1]/', 'http://10.0.0.5/', 'http://[fd00::1]/']) expect(checkHost(host(url), true)).toEqual({ outcome: 'allowed' });
    expect(checkHost('localhost', true)).toEqual({ outcome: 'resolve', name: 'localhost' });
    for (const url of ['http://169.254.169.254/', 'http://0.0.0.0/', 'http://224.0.0.1/']) expect(checkHost(host(url), true)).toMatchObject({ outcome: 'refused' });
  });

  it('points at the development switch only for kinds it would allow', () => {
    expect(checkHost('127.0.0.1', false)).toMatchObject({ reason: expect.stringContaining('UPSHIFT_WEBHOOK_ALLOW_PRIVATE=1') });
    expect(checkHost('169.254.169.254', false)).toMatchObject({ reason: expect.not.stringContaining('UPSHIFT_WEBHOOK_ALLOW_PRIVATE') });
  });
});

describe('firstRefused', () => {
  it.each<[string[], boolean, ReturnType<typeof firstRefused>]>([
    [['93.184.216.34'], false, null],
    [['93.184.216.34', '2606:2800:220:1:248:1893:25c8:1946'], false, null],
    [['93.184.216.34', '127.0.0.1'], false, { address: '127.0.0.1', kind: 'loopback' }],
    [['::ffff:10.0.0.1'], false, { address: '::ffff:10.0.0.1', kind: 'private' }],
    [['127.0.0.1', '::1'], true, null],
    [['169.254.169.254'], true, { address: '169.254.169.254', kind: 'link-local' }],
    [['not an address'], false, { address: 'not an address', kind: 'reserved' }],
  ])('%j (allowPrivate %s) → %j', (addresses, allowPrivate, expected) => {
    expect(firstRefused(addresses, allowPrivate)).toEqual(expected);
  });
});
