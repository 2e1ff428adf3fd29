import { DocumentsException } from '../documents.errors';
import { parseCollectionId, parseMetadata, titleFromFilename } from './upload-form';

describe('upload form fields', () => {
  it('accepts a JSON object as metadata and nothing as none', () => {
    expect(parseMetadata('{"team":"legal","year":2024}')).toEqual({ team: 'legal', year: 2024 });
    expect(parseMetadata(undefined)).toEqual({});
    expect(parseMetadata('  ')).toEqual({});
  });

  it.each([
    ['{bad json', 'not valid JSON'],
    ['[1,2]', 'must be a JSON object'],
    ['"text"', 'must be a JSON object'],
    ['null', 'must be a JSON object'],
    [JSON.stringify({ big: 'x'.repeat(20_000) }), 'larger than'],
  ])('rejects metadata %#', (raw, message) => {
    expect(() => parseMetadata(raw)).toThrow(DocumentsException);
    expect(() => parseMetadata(raw)).toThrow(message);
  });

  it('treats a collection id that is not a UUID as a collection that does not exist', () => {
    expect(() => parseCollectionId('1 OR 1=1')).toThrow('collection not found');
    expect(parseCollectionId('')).toBeUndefined();
    expect(parseCollectionId('3f1c9a52-8f1e-4c57-9a55-0c7a4bb3f001')).toBe('3f1c9a52-8f1e-4c57-9a55-0c7a4bb3f001');
  });

  it('derives a title from the file name', () => {
    expect(titleFromFilename('Q3 report.final.pdf')).toBe('Q3 report.final');
    expect(titleFromFilename('C:\\docs\\notes.md')).toBe('notes');
    expect(titleFromFilename('.pdf')).toBe('.pdf');
  });
});
