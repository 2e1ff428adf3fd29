import { isIPv4, isIPv6 } from 'node:net';
import type { PiiMatch, Recognizer } from '../recognizer';

const IPV4 = /(?<![\w.])(?:\d{1,3}\.){3}\d{1,3}(?![\w]|\.\d)/g;
// Runs of hex groups and colons (with an optional dotted IPv4 tail); node:net decides what is an address.
const IPV6 = /(?<![\w:.])(?:[0-9A-Fa-f]{0,4}:){2,7}(?:(?:\d{1,3}\.){3}\d{1,3}|[0-9A-Fa-f]{1,4})?(?![\w:]|\.\d)/g;

/**
 * Presidio's IpRecognizer: IPv4 and IPv6 addresses that node:net accepts. A dotted quad scores 0.6 (version
 * numbers look alike; "ip", "host" or "server" nearby raise it); an IPv6 address, which nothing else looks
 * like, 0.85.
 */
export class IpAddressRecognizer implements Recognizer {
  readonly name = 'ip-address';
  readonly entities = ['IP_ADDRESS'] as const;
  readonly context = ['ip', 'ipv4', 'ipv6', 'address', 'host', 'server', 'client', 'from', 'connect', 'remote'];

  mayMatch(text: string): boolean {
    return text.includes('.') || text.includes(':');
  }

  recognize(text: string): PiiMatch[] {
    const out: PiiMatch[] = [];
    for (const m of text.matchAll(IPV4)) {
      // Leading zeros ("01.02.2023" is a date) are refused, as node:net does.
      if (!isIPv4(m[0])) continue;
      out.push({
        entityType: 'IP_ADDRESS',
        start: m.index,
        end: m.index + m[0].length,
        score: 0.6,
        recognizer: this.name,
      });
    }
    if (text.includes(':')) {
      for (const m of text.matchAll(IPV6)) {
        const raw = m[0];
        // "::" alone, or a time like "12:30:00", is not worth reporting.
        if (raw.length < 3 || !/[0-9A-Fa-f]/.test(raw) || !isIPv6(raw) || /^\d{1,2}:\d{2}(?::\d{2})?$/.test(raw)) {
          continue;
        }
        out.push({
          entityType: 'IP_ADDRESS',
          start: m.index,
          end: m.index + raw.length,
          score: 0.85,
          recognizer: this.name,
        });
      }
    }
    return out;
  }
}
