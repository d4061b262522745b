// SSRF protection: a webhook may only reach the public internet. Checked when the endpoint is
// registered (every address the host resolves to) and again on every delivery, by the DNS
// lookup the connection itself uses, so a host cannot re-point to an internal address later.
// Built on node:net's BlockList.
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { BlockList, isIP } from 'node:net';

export type AddressClass = 'public' | 'loopback' | 'private' | 'link-local' | 'reserved';

const ranges: Array<[AddressClass, string, number, 'ipv4' | 'ipv6']> = [
  ['loopback', '127.0.0.0', 8, 'ipv4'],
  ['loopback', '::1', 128, 'ipv6'],
  ['private', '10.0.0.0', 8, 'ipv4'],
  ['private', '172.16.0.0', 12, 'ipv4'],
  ['private', '192.168.0.0', 16, 'ipv4'],
  ['private', '100.64.0.0', 10, 'ipv4'],
  ['private', 'fc00::', 7, 'ipv6'],
  ['link-local', '169.254.0.0', 16, 'ipv4'],
  ['link-local', 'fe80::', 10, 'ipv6'],
  ['reserved', '0.0.0.0', 8, 'ipv4'],
  ['reserved', '192.0.0.0', 24, 'ipv4'],
  ['reserved', '198.18.0.0', 15, 'ipv4'],
  ['reserved', '224.0.0.0', 4, 'ipv4'],
  ['reserved', '240.0.0.0', 4, 'ipv4'],
  ['reserved', '::', 128, 'ipv6'],
  ['reserved', 'ff00::', 8, 'ipv6'],
];

const blocks = new Map<AddressClass, BlockList>();
for (const [kind, network, prefix, family] of ranges) {
  const list = blocks.get(kind) ?? new BlockList();
  list.addSubnet(network, prefix, family);
  blocks.set(kind, list);
}

export function classify(address: string): AddressClass {
  // IPv4-mapped IPv6 (::ffff:10.0.0.1) is the IPv4 address it carries.
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)?.[1];
  const ip = mapped ?? address;
  const family = isIP(ip) === 6 ? 'ipv6' : 'ipv4';
  for (const [kind, list] of blocks) if (list.check(ip, family)) return kind;
  return 'public';
}

export interface AddressPolicy {
  /** Sandbox endpoints on this machine (localhost), when the operator allows them. */
  allowLoopback: boolean;
}

export function allowed(address: string, policy: AddressPolicy): boolean {
  const kind = classify(address);
  return kind === 'public' || (kind === 'loopback' && policy.allowLoopback);
}

/** A dns.lookup for http.request that refuses to connect to a forbidden address. */
export function guardedLookup(policy: AddressPolicy) {
  return (hostname: string, options: object, callback: (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void) => {
    dnsLookup(hostname, { ...options, all: true }, (error, addresses) => {
      if (error) return callback(error, '');
      const list = addresses as LookupAddress[];
      const refused = list.find((entry) => !allowed(entry.address, policy));
      if (refused) {
        const denial: NodeJS.ErrnoException = new Error(`${hostname} resolves to ${refused.address}, a ${classify(refused.address)} address`);
        denial.code = 'EADDRNOTALLOWED';
        return callback(denial, '');
      }
      if ((options as { all?: boolean }).all) return callback(null, list);
      const first = list[0]!;
      return callback(null, first.address, first.family);
    });
  };
}

/** Every address `hostname` resolves to (an IP literal resolves to itself). */
export function resolveAll(hostname: string): Promise<string[]> {
  const bare = hostname.replace(/^\[|\]$/g, '');
  if (isIP(bare)) return Promise.resolve([bare]);
  return new Promise((resolve, reject) => dnsLookup(bare, { all: true }, (error, addresses) => (error ? reject(error) : resolve(addresses.map((a) => a.address)))));
}
