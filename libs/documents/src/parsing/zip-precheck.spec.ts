import { randomBytes } from 'node:crypto';
import { crc32, deflateRawSync } from 'node:zlib';
import JSZip from 'jszip';
import { DocumentParseError, ParseFailure } from './parsed-document';
import { precheckZip, type ZipLimits } from './zip-precheck';

const LIMITS: ZipLimits = { maxInflatedBytes: 8 * 1024 * 1024, maxZipEntries: 50, maxCompressionRatio: 100 };

interface RawEntry {
  name: string;
  data: Buffer;
  /** 8 (deflate, default) or any other method number, written as is. */
  method?: number;
  /** The uncompressed size written into both headers, when it should lie. */
  declaredSize?: number;
  flags?: number;
  /** Point this entry's directory record at another entry's local header. */
  sameDataAs?: number;
}

/** A zip written byte by byte, so tests can make it lie in ways zip libraries refuse to. */
function rawZip(entries: RawEntry[]): Buffer {
  const locals: Buffer[] = [];
  const central: Buffer[] = [];
  const offsets: number[] = [];
  let offset = 0;
  entries.forEach((e) => {
    const method = e.method ?? 8;
    const payload = method === 8 ? deflateRawSync(e.data) : e.data;
    const size = e.declaredSize ?? e.data.length;
    const name = Buffer.from(e.name);
    const crc = crc32(e.data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(e.flags ?? 0, 6);
    local.writeUInt16LE(method, 8);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(payload.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(name.length, 26);
    const at = e.sameDataAs === undefined ? offset : offsets[e.sameDataAs];
    offsets.push(at);
    if (e.sameDataAs === undefined) {
      locals.push(local, name, payload);
      offset += local.length + name.length + payload.length;
    }
    const record = Buffer.alloc(46);
    record.writeUInt32LE(0x02014b50, 0);
    record.writeUInt16LE(20, 4);
    record.writeUInt16LE(20, 6);
    record.writeUInt16LE(e.flags ?? 0, 8);
    record.writeUInt16LE(method, 10);
    record.writeUInt32LE(crc, 16);
    const target = e.sameDataAs === undefined ? payload.length : deflateRawSync(entries[e.sameDataAs].data).length;
    record.writeUInt32LE(target, 20);
    record.writeUInt32LE(size, 24);
    record.writeUInt16LE(name.length, 28);
    record.writeUInt32LE(at, 42);
    central.push(record, Buffer.from(e.name));
  });
  const directory = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

function failure(fn: () => unknown): DocumentParseError {
  try {
    fn();
  } catch (err) {
    if (err instanceof DocumentParseError) return err;
    throw err;
  }
  throw new Error('expected a DocumentParseError');
}

/** Bytes that compress about 2x, like prose, not like a run of one byte. */
const text = (n: number) =>
  Buffer.from(
    randomBytes(Math.ceil(n / 2))
      .toString('hex')
      .slice(0, n),
  );

describe('precheckZip', () => {
  it('accepts an ordinary Office zip and lists its entries', async () => {
    const zip = new JSZip();
    zip.file('[Content_Types].xml', '<Types/>');
    zip.file('word/document.xml', `<w:document>${'<w:p/>'.repeat(1000)}</w:document>`);
    const buf = await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
    expect(precheckZip(buf, LIMITS).map((e) => e.name)).toEqual(['[Content_Types].xml', 'word/', 'word/document.xml']);
  });

  it('refuses more entries than the limit', () => {
    const entries = Array.from({ length: 51 }, (_, i) => ({ name: `f${i}.txt`, data: Buffer.from('x') }));
    const err = failure(() => precheckZip(rawZip(entries), LIMITS));
    expect(err.reason).toBe(ParseFailure.TooLarge);
    expect(err.message).toMatch(/51 entries.*limit of 50.*PARSE_MAX_ZIP_ENTRIES/);
  });

  it('refuses a declared total above the inflated limit', () => {
    const err = failure(() =>
      precheckZip(
        rawZip([
          { name: 'a.xml', data: text(5 * 1024 * 1024) },
          { name: 'b.xml', data: text(4 * 1024 * 1024) },
        ]),
        LIMITS,
      ),
    );
    expect(err.reason).toBe(ParseFailure.TooLarge);
    expect(err.message).toMatch(/PARSE_MAX_INFLATED_MB/);
  });

  it('refuses an entry that compresses beyond the ratio limit', () => {
    const err = failure(() =>
      precheckZip(rawZip([{ name: 'word/document.xml', data: Buffer.alloc(4 * 1024 * 1024, 0x61) }]), LIMITS),
    );
    expect(err.reason).toBe(ParseFailure.TooLarge);
    expect(err.message).toMatch(/word\/document\.xml inflates \d+x.*PARSE_MAX_COMPRESSION_RATIO/);
  });

  it('lets small parts compress far (the ratio only counts for large entries)', () => {
    expect(() =>
      precheckZip(rawZip([{ name: 'styles.xml', data: Buffer.alloc(200 * 1024, 0x61) }]), LIMITS),
    ).not.toThrow();
  });

  it('catches a header that lies about the inflated size, after inflating no more than it declared', () => {
    const bomb = rawZip([
      { name: 'word/document.xml', data: Buffer.alloc(3 * 1024 * 1024, 0x61), declaredSize: 12_345 },
    ]);
    const err = failure(() => precheckZip(bomb, LIMITS));
    expect(err.reason).toBe(ParseFailure.TooLarge);
    expect(err.message).toMatch(/inflates past the 12345 bytes its header declares/);
  });

  it('refuses entries that share compressed data (overlapping bomb)', () => {
    const data = text(100_000);
    const zip = rawZip([
      { name: 'a.xml', data },
      { name: 'b.xml', data, sameDataAs: 0 },
    ]);
    const err = failure(() => precheckZip(zip, LIMITS));
    expect(err.reason).toBe(ParseFailure.TooLarge);
    expect(err.message).toMatch(/overlap/);
  });

  it('reports encrypted entries as Encrypted and unknown compression as Corrupt', () => {
    expect(failure(() => precheckZip(rawZip([{ name: 'a.xml', data: text(10), flags: 1 }]), LIMITS)).reason).toBe(
      ParseFailure.Encrypted,
    );
    const bzip2 = failure(() => precheckZip(rawZip([{ name: 'a.xml', data: text(10), method: 12 }]), LIMITS));
    expect(bzip2.reason).toBe(ParseFailure.Corrupt);
    expect(bzip2.message).toMatch(/compression method 12/);
  });

  it('refuses XML parts that declare a DTD (entity expansion, external entities)', () => {
    const xxe = '<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]><d>&x;</d>';
    const err = failure(() => precheckZip(rawZip([{ name: 'word/document.xml', data: Buffer.from(xxe) }]), LIMITS));
    expect(err.reason).toBe(ParseFailure.Corrupt);
    expect(err.message).toMatch(/DTD/);
  });

  it('reports a damaged stream and a missing central directory as Corrupt', () => {
    const zip = rawZip([{ name: 'a.xml', data: text(50_000) }]);
    expect(failure(() => precheckZip(zip.subarray(0, zip.length - 200), LIMITS)).reason).toBe(ParseFailure.Corrupt);
    const garbled = Buffer.from(zip);
    garbled.fill(0xff, 40, 2000);
    expect(failure(() => precheckZip(garbled, LIMITS)).reason).toBe(ParseFailure.Corrupt);
    expect(failure(() => precheckZip(Buffer.from('%PDF-1.4 not a zip'), LIMITS)).message).toMatch(
      /no central directory/,
    );
  });
});
