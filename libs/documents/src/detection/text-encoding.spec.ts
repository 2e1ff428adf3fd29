import * as iconv from 'iconv-lite';
import { decodeText, sniffEncoding } from './text-encoding';

describe('decodeText', () => {
  it('follows a byte order mark and drops it', () => {
    expect(decodeText(Buffer.from('\ufeffhé', 'utf8'))).toEqual({ text: 'hé', encoding: 'utf-8' });
    expect(decodeText(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('hé', 'utf16le')]))).toEqual({
      text: 'hé',
      encoding: 'utf-16le',
    });
    expect(decodeText(iconv.encode('hé', 'utf-16be', { addBOM: true }))).toEqual({ text: 'hé', encoding: 'utf-16be' });
  });

  it('recognizes UTF-16 without a byte order mark by its zero bytes', () => {
    expect(decodeText(Buffer.from('Plain words, no BOM.', 'utf16le'))).toEqual({
      text: 'Plain words, no BOM.',
      encoding: 'utf-16le',
    });
    expect(decodeText(iconv.encode('Plain words, no BOM.', 'utf-16be')).encoding).toBe('utf-16be');
  });

  it('takes valid UTF-8 as UTF-8', () => {
    expect(decodeText(Buffer.from('naïve café – 東京', 'utf8'))).toEqual({
      text: 'naïve café – 東京',
      encoding: 'utf-8',
    });
  });

  it('decodes Western legacy text as windows-1252', () => {
    const text = 'Die schöne Frau zahlte 15,50 € für Kaffee – köstlich!';
    expect(decodeText(iconv.encode(text, 'windows-1252'))).toEqual({ text, encoding: 'windows-1252' });
  });

  it('decodes Shift_JIS that chardet ranks below single-byte guesses', () => {
    const text = '名前,年齢,住所\n佐藤太郎,30,東京\n三木英子,25,大阪\n';
    expect(decodeText(iconv.encode(text, 'shift_jis'))).toEqual({ text, encoding: 'shift_jis' });
  });

  it('trusts a declared charset only when the bytes agree', () => {
    const latin = iconv.encode('schön', 'windows-1252');
    expect(decodeText(latin, { declared: 'utf-8' }).text).toBe('schön');
    expect(decodeText(Buffer.from('schön', 'utf8'), { declared: 'ISO-8859-1' })).toEqual({
      text: 'schÃ¶n',
      encoding: 'windows-1252',
    });
  });

  it('accepts a sample cut inside a multi-byte character as UTF-8 when told it is partial', () => {
    const cut = Buffer.from('abc é', 'utf8').subarray(0, 5);
    expect(sniffEncoding(cut, { complete: false }).encoding).toBe('utf-8');
    expect(sniffEncoding(cut, { complete: true }).encoding).not.toBe('utf-8');
  });
});
