import type { ParsedDocument } from '../parsing/parsed-document';

/** PostgreSQL text cannot hold NUL characters; some PDFs and binary-ish text files contain them. */
const NUL = new RegExp(String.fromCharCode(0), 'g');

/** The parsed document with what PostgreSQL cannot store removed, before chunk offsets are computed from it. */
export function storableText(doc: ParsedDocument): ParsedDocument {
  if (!doc.blocks.some((b) => b.text.includes('\u0000') || b.headingPath.some((h) => h.includes('\u0000')))) return doc;
  return {
    ...doc,
    blocks: doc.blocks
      .map((b) => ({ ...b, text: b.text.replace(NUL, ''), headingPath: b.headingPath.map((h) => h.replace(NUL, '')) }))
      .filter((b) => b.text.trim().length > 0),
  };
}
