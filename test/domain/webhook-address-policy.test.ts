// The SSRF guard's address classes and the retry schedule of webhook deliveries.
import { describe, expect, it } from 'vitest';
import { type AddressClass, allowed, classify } from '../../src/domain/webhook-address-policy.js';
import { GIVE_UP_AFTER_MS, nextAttemptAt, retryDelayMs } from '../../src/webhooks/retry-schedule.js';

const SECOND_MS = 1000;
const HOUR_MS = 60 * 60 * SECOND_MS;
const DAY_MS = 24 * HOUR_MS;

const sandbox = { allowLoopback: true };
const live = { allowLoopback: false };

describe('classify and allowed', () => {
  it.each<[string, string, AddressClass]>([
    ['10/8', '10.0.0.1', 'private'],
    ['10/8 (top)', '10.255.255.254', 'private'],
    ['172.16/12', '172.16.0.1', 'private'],
    ['172.16/12 (top)', '172.31.255.254', 'private'],
    ['192.168/16', '192.168.1.1', 'private'],
    ['100.64/10 (carrier-grade NAT)', '100.64.0.1', 'private'],
    ['100.64/10 (top)', '100.127.255.254', 'private'],
    ['fc00::/7 (unique local)', 'fc00::1', 'private'],
    ['fc00::/7 (fd00::)', 'fd12:3456:789a::1', 'private'],
    ['127/8', '127.0.0.1', 'loopback'],
    ['127/8 (not only .1)', '127.3.4.5', 'loopback'],
    ['::1', '::1', 'loopback'],
    ['169.254/16', '169.254.1.1', 'link-local'],
    ['169.254.169.254 (cloud metadata)', '169.254.169.254', 'link-local'],
    ['fe80::/10', 'fe80::1', 'link-local'],
    ['0.0.0.0/8', '0.0.0.0', 'reserved'],
    ['0.0.0.0/8 (not only 0.0.0.0)', '0.1.2.3', 'reserved'],
    ['224/4 (multicast)', '224.0.0.1', 'reserved'],
    ['224/4 (top)', '239.255.255.250', 'reserved'],
    ['240/4', '240.0.0.1', 'reserved'],
    ['240/4 (broadcast)', '255.255.255.255', 'reserved'],
    [':: (unspecified)', '::', 'reserved'],
    ['ff00::/8 (multicast)', 'ff02::1', 'reserved'],
    ['IPv4-mapped 10.0.0.1', '::ffff:10.0.0.1', 'private'],
    ['IPv4-mapped 127.0.0.1', '::ffff:127.0.0.1', 'loopback'],
    ['IPv4-mapped 169.254.169.254', '::ffff:169.254.169.254', 'link-local'],
    // The WHATWG URL parser writes [::ffff:10.0.0.1] as [::ffff:a00:1]: the hex form is the same address.
    ['IPv4-mapped 10.0.0.1, hex form', '::ffff:a00:1', 'private'],
    ['IPv4-mapped 127.0.0.1, hex form', '::ffff:7f00:1', 'loopback'],
    ['IPv4-mapped, uppercase', '::FFFF:10.0.0.1', 'private'],
    // Forms that hand an IPv4 address to a translator or relay are what they carry (never this machine).
    ['NAT64 (64:ff9b::/96) of 10.0.0.1', '64:ff9b::a00:1', 'private'],
    ['NAT64 of 169.254.169.254 (cloud metadata)', '64:ff9b::169.254.169.254', 'link-local'],
    ['NAT64 of 127.0.0.1', '64:ff9b::7f00:1', 'reserved'],
    ['local-use NAT64 (64:ff9b:1::/48)', '64:ff9b:1::808:808', 'private'],
    ['6to4 (2002::/16) of 192.168.0.1', '2002:c0a8:1::1', 'private'],
    ['6to4 of 127.0.0.1', '2002:7f00:1::', 'reserved'],
    ['IPv4-compatible ::10.0.0.1', '::a00:1', 'private'],
    ['IPv4-compatible ::127.0.0.1', '::7f00:1', 'reserved'],
    ['IPv4-compatible ::127.0.0.1, dotted', '::127.0.0.1', 'reserved'],
    ['IPv4-compatible ::10.0.0.1, dotted', '::10.0.0.1', 'private'],
    ['link-local with a zone id', 'fe80::1%eth0', 'link-local'],
    ['IPv4 shorthand no socket takes (127.1)', '127.1', 'reserved'],
    ['IPv4 as one number', '2130706433', 'reserved'],
    ['IPv4 in hex parts', '0x7f.1', 'reserved'],
    ['IPv4-translated ::ffff:0:10.0.0.1', '::ffff:0:a00:1', 'private'],
    ['Teredo (2001::/32)', '2001:0:4136:e378:8000:63bf:3fff:fdd2', 'reserved'],
    ['fec0::/10 (site-local)', 'fec0::1', 'private'],
    ['documentation 192.0.2/24', '192.0.2.1', 'reserved'],
    ['documentation 198.51.100/24', '198.51.100.7', 'reserved'],
    ['documentation 203.0.113/24', '203.0.113.9', 'reserved'],
    ['documentation 2001:db8::/32', '2001:db8::1', 'reserved'],
    ['discard-only 100::/64', '100::1', 'reserved'],
    ['not an address', 'example.com', 'reserved'],
  ])('refuses %s (%s, %s)', (_range, address, kind) => {
    expect(classify(address)).toBe(kind);
    expect(allowed(address, live)).toBe(false);
    expect(allowed(address, sandbox)).toBe(kind === 'loopback');
  });

  it.each([
    ...['8.8.8.8', '1.1.1.1', '93.184.215.14', '172.32.0.1', '100.128.0.1', '11.0.0.1', '2606:4700::1111', '2001:4860:4860::8888', '::ffff:8.8.8.8'],
    // An IPv6-only network reaches public IPv4 hosts through NAT64 or 6to4.
    ...['64:ff9b::808:808', '2002:808:808::1'],
  ])('allows the public address %s in both modes', (address) => {
    expect(classify(address)).toBe('public');
    expect(allowed(address, live)).toBe(true);
    expect(allowed(address, sandbox)).toBe(true);
  });

  it('allows loopback only when the policy allows it, and nothing else private with it', () => {
    for (const address of ['127.0.0.1', '::1', '::ffff:127.0.0.1']) {
      expect(allowed(address, { allowLoopback: true })).toBe(true);
      expect(allowed(address, { allowLoopback: false })).toBe(false);
    }
    for (const address of ['10.0.0.1', '192.168.1.1', '169.254.169.254', 'fe80::1', '0.0.0.0', '::']) {
      expect(allowed(address, { allowLoopback: true })).toBe(false);
    }
  });
});

describe('retryDelayMs', () => {
  const middle = () => 0.5;
  const lowest = () => 0;
  const highest = () => 0.999999;

  it('grows 30 s × 3ⁿ without jitter at the middle of the random range, capped at 6 h', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8, 20].map((n) => retryDelayMs(n, middle))).toEqual([
      30 * SECOND_MS,
      90 * SECOND_MS,
      270 * SECOND_MS,
      810 * SECOND_MS,
      2_430 * SECOND_MS,
      7_290 * SECOND_MS,
      6 * HOUR_MS,
      6 * HOUR_MS,
      6 * HOUR_MS,
    ]);
  });

  it('never shrinks from one failure to the next', () => {
    for (let n = 1; n < 30; n++) expect(retryDelayMs(n + 1, middle)).toBeGreaterThanOrEqual(retryDelayMs(n, middle));
    for (let n = 1; n < 6; n++) expect(retryDelayMs(n + 1, middle)).toBeGreaterThan(retryDelayMs(n, middle));
  });

  it('jitters by at most ±20 %', () => {
    expect(retryDelayMs(1, lowest)).toBe(24 * SECOND_MS);
    expect(retryDelayMs(1, highest)).toBeLessThanOrEqual(36 * SECOND_MS);
    expect(retryDelayMs(1, highest)).toBeGreaterThan(35.9 * SECOND_MS);
    expect(retryDelayMs(10, lowest)).toBe(17_280_000); // 0.8 × 6 h
    expect(retryDelayMs(10, highest)).toBeLessThanOrEqual(25_920_000); // 1.2 × 6 h
    for (let n = 1; n <= 12; n++) {
      const base = retryDelayMs(n, middle);
      for (let i = 0; i < 50; i++) {
        const delay = retryDelayMs(n);
        expect(delay).toBeGreaterThanOrEqual(Math.floor(base * 0.8));
        expect(delay).toBeLessThanOrEqual(Math.ceil(base * 1.2));
      }
    }
  });

  it('is a whole number of milliseconds', () => {
    for (let n = 1; n <= 10; n++) expect(Number.isInteger(retryDelayMs(n, () => 0.123456789))).toBe(true);
  });
});

describe('nextAttemptAt', () => {
  const created = new Date('2026-11-25T12:00:00Z');
  const at = (ms: number) => new Date(created.getTime() + ms);

  it('is now plus the delay of the failure count', () => {
    expect(nextAttemptAt(created, 1, created, () => 0.5)).toEqual(at(30 * SECOND_MS));
    expect(nextAttemptAt(created, 3, at(HOUR_MS), () => 0)).toEqual(at(HOUR_MS + 216 * SECOND_MS));
  });

  it('keeps retrying until 3 days after the delivery was created, then gives up', () => {
    expect(GIVE_UP_AFTER_MS).toBe(3 * DAY_MS);
    // A retry due exactly at the 3-day mark is still made; one past it is not.
    expect(nextAttemptAt(created, 10, at(3 * DAY_MS - 6 * HOUR_MS), () => 0.5)).toEqual(at(3 * DAY_MS));
    expect(nextAttemptAt(created, 10, at(3 * DAY_MS - 6 * HOUR_MS + 1), () => 0.5)).toBeNull();
    expect(nextAttemptAt(created, 10, at(3 * DAY_MS), () => 0)).toBeNull();
    expect(nextAttemptAt(created, 2, at(4 * DAY_MS), () => 0)).toBeNull();
  });

  it('gives up only after 3 days when following its own schedule, retrying about 18 times', () => {
    let now = created;
    let failures = 0;
    for (;;) {
      failures += 1;
      const next = nextAttemptAt(created, failures, now, () => 0.5);
      if (!next) break;
      expect(next.getTime() - created.getTime()).toBeLessThanOrEqual(3 * DAY_MS);
      now = next;
    }
    // 6 growing waits (3 h 2 min in all), then one every 6 h until the 3 days are up.
    expect(failures).toBe(18);
    expect(now.getTime() - created.getTime()).toBeGreaterThan(3 * DAY_MS - 6 * HOUR_MS);
  });
});
