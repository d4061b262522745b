// SSRF protection: a webhook may only reach the public internet. Checked when the endpoint is
// registered (every address the host resolves to) and again on every delivery, by the DNS
// lookup the connection itself uses, so a host cannot re-point to an internal address later.
// Addresses are classed by ipaddr.js's tables of the IANA special-purpose ranges; an IPv6 address
// that carries an IPv4 one (mapped, NAT64, 6to4, IPv4-compatible) is classed by the IPv4 address
// it carries, because a NAT64 gateway or 6to4 relay on the way would deliver the request there.
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { isIP } from 'node:net';
import ipaddr from 'ipaddr.js';

export type AddressClass = 'public' | 'loopback' | 'private' | 'link-local' | 'reserved';

/** ipaddr.js range names → our classes; every range not named here (multicast, documentation, Teredo…) is reserved. */
const CLASS_OF_RANGE: Partial<Record<string, AddressClass>> = {
  unicast: 'public',
  loopback: 'loopback',
  private: 'private',
  carrierGradeNat: 'private',
  uniqueLocal: 'private',
  deprecatedSiteLocal: 'private',
  linkLocal: 'link-local',
};

/** NAT64's well-known prefix (RFC 6052): the last 32 bits are the IPv4 address. */
const NAT64_WELL_KNOWN = ipaddr.IPv6.parseCIDR('64:ff9b::/96');
/** The local-use NAT64 prefix (RFC 8215): a network's own translator, so private whatever it carries. */
const NAT64_LOCAL_USE = ipaddr.IPv6.parseCIDR('64:ff9b:1::/48');
/** IPv4-compatible (::a.b.c.d, deprecated) and IPv4-translated (::ffff:0:a.b.c.d) addresses. */
const IPV4_COMPATIBLE = ipaddr.IPv6.parseCIDR('::/96');
const IPV4_TRANSLATED = ipaddr.IPv6.parseCIDR('::ffff:0:0:0/96');

function ipv4Of(high: number, low: number): ipaddr.IPv4 {
  return new ipaddr.IPv4([high >> 8, high & 0xff, low >> 8, low & 0xff]);
}

/** The IPv4 address an IPv6 address hands to a translator or relay, when it is one of those forms. */
function translatedIPv4(address: ipaddr.IPv6): ipaddr.IPv4 | undefined {
  const parts = address.parts;
  if (address.match(NAT64_WELL_KNOWN) || address.match(IPV4_TRANSLATED)) return ipv4Of(parts[6]!, parts[7]!);
  if (address.range() === '6to4') return ipv4Of(parts[1]!, parts[2]!);
  // :: and ::1 are themselves (unspecified, loopback); the rest of ::/96 carries an IPv4 address.
  if (address.match(IPV4_COMPATIBLE) && (parts[6] !== 0 || parts[7]! > 1)) return ipv4Of(parts[6]!, parts[7]!);
  return undefined;
}

function classOf(address: ipaddr.IPv4 | ipaddr.IPv6): AddressClass {
  return CLASS_OF_RANGE[address.range()] ?? 'reserved';
}

/**
 * The address as the operating system reads it, or undefined when it reads none: only what node:net
 * accepts (ipaddr.js also takes 127.1 or 0x7f.1), IPv6 in the WHATWG URL parser's canonical form
 * (ipaddr.js reads ::127.0.0.1 as IPv4-mapped; it is ::7f00:1), without a zone id.
 */
function canonical(address: string): string | undefined {
  const family = isIP(address);
  if (family === 4) return address;
  if (family !== 6) return undefined;
  const bare = address.split('%')[0]!;
  return URL.canParse(`http://[${bare}]/`) ? new URL(`http://[${bare}]/`).hostname.slice(1, -1) : undefined;
}

export function classify(address: string): AddressClass {
  const text = canonical(address);
  if (text === undefined || !ipaddr.isValid(text)) return 'reserved';
  const parsed = ipaddr.parse(text);
  if (parsed.kind() === 'ipv4') return classOf(parsed);
  const ipv6 = parsed as ipaddr.IPv6;
  // ::ffff:a.b.c.d is the IPv4 address itself, on this host's dual-stack socket.
  if (ipv6.isIPv4MappedAddress()) return classOf(ipv6.toIPv4Address());
  if (ipv6.match(NAT64_LOCAL_USE)) return 'private';
  const translated = translatedIPv4(ipv6);
  if (!translated) return classOf(ipv6);
  // Through a translator or relay the request reaches the carried address, and never this machine.
  const kind = classOf(translated);
  return kind === 'loopback' ? 'reserved' : kind;
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

/** How long a registration waits for DNS: it runs inside the request's database transaction. */
export const RESOLVE_TIMEOUT_MS = 2_000;

/** Every address `hostname` resolves to (an IP literal resolves to itself); fails after RESOLVE_TIMEOUT_MS. */
export function resolveAll(hostname: string, timeoutMs = RESOLVE_TIMEOUT_MS): Promise<string[]> {
  const bare = hostname.replace(/^\[|\]$/g, '');
  if (isIP(bare)) return Promise.resolve([bare]);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${bare} did not resolve within ${timeoutMs} ms`)), timeoutMs);
    dnsLookup(bare, { all: true }, (error, addresses) => {
      clearTimeout(timer);
      if (error) reject(error);
      else resolve(addresses.map((a) => a.address));
    });
  });
}
