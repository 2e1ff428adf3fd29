import { PiiAnalyzer } from '../pii-analyzer';
import type { PiiEntityType } from '../entity-types';
import { luhnValid } from './credit-card.recognizer';
import { ibanChecksumValid } from './iban.recognizer';
import { ssnValid } from './us-ssn.recognizer';

const analyzer = new PiiAnalyzer();

/** The findings of one entity type, as [value, score] pairs. */
function found(text: string, type: PiiEntityType, phoneRegions?: string[]): Array<[string, number]> {
  return analyzer
    .analyzeSync(text, { entities: [type], phoneRegions })
    .map((m) => [text.slice(m.start, m.end), m.score]);
}
const values = (text: string, type: PiiEntityType, phoneRegions?: string[]) =>
  found(text, type, phoneRegions).map(([v]) => v);

describe('EMAIL_ADDRESS', () => {
  it('finds well-formed addresses with score 1', () => {
    expect(found('Write to ada.lovelace+notes@example.co.uk today.', 'EMAIL_ADDRESS')).toEqual([
      ['ada.lovelace+notes@example.co.uk', 1],
    ]);
    expect(values('a@b.io, x_y@mail.example.com', 'EMAIL_ADDRESS')).toEqual(['a@b.io', 'x_y@mail.example.com']);
  });

  it('ignores what only looks like one', () => {
    for (const text of ['user@localhost', 'v1.2@3.4', '@handle', 'a..b@example.com', 'name@example.c']) {
      expect({ text, found: values(text, 'EMAIL_ADDRESS') }).toEqual({ text, found: [] });
    }
  });
});

describe('CREDIT_CARD (Luhn)', () => {
  it('finds numbers of known issuers that pass Luhn, however they are grouped', () => {
    const text = 'Visa 4111 1111 1111 1111, MC 5500-0000-0000-0004, Amex 378282246310005, Discover 6011111111111117.';
    expect(found(text, 'CREDIT_CARD')).toEqual([
      ['4111 1111 1111 1111', 1],
      ['5500-0000-0000-0004', 1],
      ['378282246310005', 1],
      ['6011111111111117', 1],
    ]);
  });

  it('refuses numbers that look valid but fail the Luhn check', () => {
    expect(luhnValid('4111111111111111')).toBe(true);
    expect(luhnValid('4111111111111112')).toBe(false);
    for (const text of ['4111 1111 1111 1112', '5500-0000-0000-0005', '378282246310006', '6011111111111118']) {
      expect({ text, found: values(text, 'CREDIT_CARD') }).toEqual({ text, found: [] });
    }
  });

  it('refuses Luhn-valid numbers of no card network, mixed separators and digits glued to more digits', () => {
    // 9999... passes Luhn only by construction; no network issues numbers starting with 9.
    for (const text of ['9999 9999 9999 9995', '4111 1111-1111 1111', 'id 41111111111111110000', 'x4111111111111111']) {
      expect({ text, found: values(text, 'CREDIT_CARD') }).toEqual({ text, found: [] });
    }
  });
});

describe('IBAN_CODE (mod-97)', () => {
  it('finds IBANs of the right length for their country whose checksum holds, grouped or compact', () => {
    const text = 'Pay DE89 3704 0044 0532 0130 00 or GB82WEST12345698765432, or FR14 2004 1010 0505 0001 3M02 606 now.';
    expect(found(text, 'IBAN_CODE')).toEqual([
      ['DE89 3704 0044 0532 0130 00', 1],
      ['GB82WEST12345698765432', 1],
      ['FR14 2004 1010 0505 0001 3M02 606', 1],
    ]);
  });

  it('refuses IBANs that look valid but fail mod-97, or have the wrong length for their country', () => {
    expect(ibanChecksumValid('DE89370400440532013000')).toBe(true);
    expect(ibanChecksumValid('DE89370400440532013001')).toBe(false);
    for (const text of [
      'DE89 3704 0044 0532 0130 01',
      'GB82 WEST 1234 5698 7654 33',
      'DE89 3704 0044 0532 0130 0',
      'ZZ89 3704 0044 0532 0130 00',
    ]) {
      expect({ text, found: values(text, 'IBAN_CODE') }).toEqual({ text, found: [] });
    }
  });
});

describe('US_SSN', () => {
  it('finds formatted numbers (0.5) and bare ones (0.3), raised by context', () => {
    expect(found('Ref 536-22-1234.', 'US_SSN')).toEqual([['536-22-1234', 0.5]]);
    expect(found('Ref 536221234.', 'US_SSN')).toEqual([['536221234', 0.3]]);
    expect(found('Her SSN is 536221234.', 'US_SSN')).toEqual([['536221234', 0.65]]);
    expect(found('Social security number: 536-22-1234', 'US_SSN')).toEqual([['536-22-1234', 0.85]]);
  });

  it('refuses areas 000, 666 and 900-999, group 00, serial 0000 and published examples', () => {
    expect(ssnValid('536', '22', '1234')).toBe(true);
    for (const ssn of [
      '000-12-3456',
      '666-12-3456',
      '912-34-5678',
      '999-12-3456',
      '536-00-1234',
      '536-22-0000',
      '078-05-1120',
    ]) {
      const text = `SSN: ${ssn}`;
      expect({ text, found: values(text, 'US_SSN') }).toEqual({ text, found: [] });
    }
  });

  it('does not take a piece of a longer number', () => {
    expect(values('order 5362212345 and 1536-22-1234', 'US_SSN')).toEqual([]);
  });
});

describe('PHONE_NUMBER (libphonenumber)', () => {
  it('finds international numbers in any region and national ones of the given regions', () => {
    const text = 'Call (415) 555-2671 or +44 20 7946 0958.';
    expect(found(text, 'PHONE_NUMBER')).toEqual([
      ['(415) 555-2671', 0.95],
      ['+44 20 7946 0958', 1],
    ]);
    // "Call" is context: without it the base scores show.
    expect(found('Office: (415) 555-2671 / +44 20 7946 0958', 'PHONE_NUMBER')).toEqual([
      ['(415) 555-2671', 0.6],
      ['+44 20 7946 0958', 0.7],
    ]);
    expect(values('Büro 030 12345678', 'PHONE_NUMBER', ['DE'])).toEqual(['030 12345678']);
    expect(values('Büro 030 12345678', 'PHONE_NUMBER', ['US'])).toEqual([]);
  });

  it('ignores numbers that are not valid phone numbers', () => {
    for (const text of ['call 12345', 'dial 555-1234', 'revenue 4,512,300 USD', 'in 2024-03-12', '+1 123 456 7890']) {
      expect({ text, found: values(text, 'PHONE_NUMBER') }).toEqual({ text, found: [] });
    }
  });
});

describe('IP_ADDRESS', () => {
  it('finds IPv4 (0.6, more with context) and IPv6 (0.85)', () => {
    expect(found('Gateway 10.0.0.1', 'IP_ADDRESS')).toEqual([['10.0.0.1', 0.6]]);
    expect(found('login from IP 192.168.1.10', 'IP_ADDRESS')).toEqual([['192.168.1.10', 0.95]]);
    expect(values('Route 2001:db8::8a2e:370:7334 and ::ffff:192.0.2.1, fe80::1.', 'IP_ADDRESS')).toEqual([
      '2001:db8::8a2e:370:7334',
      '::ffff:192.0.2.1',
      'fe80::1',
    ]);
  });

  it('ignores out-of-range octets, partial quads, dates, versions and times', () => {
    for (const text of [
      '999.1.1.1',
      'v1.2.3',
      '01.02.2023',
      'release 1.2.3.4.5',
      'at 12:30:45',
      'ratio 3:4',
      'a::b::c',
    ]) {
      expect({ text, found: values(text, 'IP_ADDRESS') }).toEqual({ text, found: [] });
    }
  });
});

describe('secrets', () => {
  // Built at run time so that the source holds no key-shaped string for scanners to flag.
  const repeat = (s: string, n: number) => s.repeat(Math.ceil(n / s.length)).slice(0, n);
  const openai = `sk-proj-${repeat('Ab3dE5', 48)}`;
  const aws = `AKIA${'IOSFODNN7EXAMPLE'}`;
  const github = `ghp_${repeat('x9Yz', 36)}`;
  const jwtHeader = Buffer.from('{"alg":"HS256","typ":"JWT"}').toString('base64url');
  const jwtBody = Buffer.from('{"sub":"1234567890","name":"Ada"}').toString('base64url');
  const jwt = `${jwtHeader}.${jwtBody}.${repeat('SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c', 43)}`;
  const pem = ['-----BEGIN RSA PRIVATE KEY-----', 'MIIEow' + repeat('AbCd', 60), '-----END RSA PRIVATE KEY-----'].join(
    '\n',
  );

  it('finds provider keys, PEM private keys and JWTs by their documented shapes', () => {
    const text = `OPENAI=${openai}\naws ${aws}\ntoken ${github}\nAuthorization: Bearer ${jwt}\n${pem}\n`;
    const all = analyzer.analyzeSync(text, { entities: ['API_KEY', 'PRIVATE_KEY', 'JWT', 'SECRET'] });
    expect(all.map((m) => [m.entityType, text.slice(m.start, m.end)])).toEqual([
      ['API_KEY', openai],
      ['API_KEY', aws],
      ['API_KEY', github],
      ['JWT', jwt],
      ['PRIVATE_KEY', pem],
    ]);
  });

  it('finds the values of credential assignments, scoring random-looking ones higher', () => {
    expect(found('db password=hunter2x in the config', 'SECRET')).toEqual([['hunter2x', 0.85]]);
    expect(found('client_secret: "Zx9!kQ2#vL7p@w"', 'SECRET')).toEqual([['Zx9!kQ2#vL7p@w', 1]]);
    expect(found('"aws_secret_access_key": "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"', 'SECRET')).toEqual([
      ['wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY', 1],
    ]);
  });

  it('ignores template placeholders, redacted values and key-like words in prose', () => {
    for (const text of [
      'password=${DB_PASSWORD}',
      'password: ********',
      'api_key=your_api_key',
      'token: null',
      'the key idea is simple',
      'sk-short',
      `eyJhbGciOi.eyJzdWIiOi.notajwtatall`,
      `${Buffer.from('{"x":1}').toString('base64url')}.${jwtBody}.abcdefghij`,
    ]) {
      const hits = analyzer.analyzeSync(text, { entities: ['API_KEY', 'PRIVATE_KEY', 'JWT', 'SECRET'] });
      expect({ text, hits }).toEqual({ text, hits: [] });
    }
  });
});

describe('DATE_OF_BIRTH and DATE_TIME', () => {
  it('reports dates next to birth words as DATE_OF_BIRTH', () => {
    const text = 'Date of birth: 12/03/1985. Born on 3 March 1985. DOB 1985-03-12. Her birthday is May 4th, 1990.';
    expect(found(text, 'DATE_OF_BIRTH')).toEqual([
      ['12/03/1985', 0.85],
      ['3 March 1985', 0.85],
      ['1985-03-12', 0.85],
      ['May 4th, 1990', 0.85],
    ]);
    expect(values(text, 'DATE_TIME')).toEqual([]);
  });

  it('reports other dates as DATE_TIME below the default threshold, and impossible dates not at all', () => {
    expect(found('The contract was signed on 2024-03-12.', 'DATE_TIME')).toEqual([['2024-03-12', 0.4]]);
    expect(values('The contract was signed on 2024-03-12.', 'DATE_OF_BIRTH')).toEqual([]);
    for (const text of [
      'born 2023-02-30',
      'DOB 13/13/1985',
      'born 1985-00-10',
      'birth 31 April 1990',
      'born 32/01/1985',
    ]) {
      expect({ text, found: analyzer.analyzeSync(text, { entities: ['DATE_OF_BIRTH', 'DATE_TIME'] }) }).toEqual({
        text,
        found: [],
      });
    }
  });
});

describe('PERSON (heuristic, without a NER model)', () => {
  it('finds names after titles and introductions, and common given names with a surname, at lower confidence', () => {
    const text =
      'Dear Maria Lopez,\nthe Annual Report was approved by Dr. Okonkwo and John A. Smith.\nSincerely,\nWei Zhang';
    const people = analyzer.analyzeSync(text, { entities: ['PERSON'] });
    expect(people.map((m) => text.slice(m.start, m.end))).toEqual([
      'Maria Lopez',
      'Okonkwo',
      'John A. Smith',
      'Wei Zhang',
    ]);
    for (const m of people) {
      expect(m.recognizer).toBe('person-heuristic');
      expect(m.score).toBeLessThanOrEqual(0.7);
    }
  });

  it('does not take capitalised phrases without a known given name for people', () => {
    for (const text of [
      'The Annual Report',
      'Quarterly Revenue Growth',
      'New York Stock Exchange',
      'see Section Four',
    ]) {
      expect({ text, found: values(text, 'PERSON') }).toEqual({ text, found: [] });
    }
  });
});
