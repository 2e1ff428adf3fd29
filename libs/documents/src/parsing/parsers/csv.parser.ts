import Papa from 'papaparse';
import { decodeText } from '../../detection/text-encoding';
import { guessDelimiter } from '../../detection/text-kind';
import { NO_HEADINGS, newDocument, type DocumentParser, type ParseContext } from '../document-parser';
import type { ParsedDocument } from '../parsed-document';
import { headerNames, rowText } from '../table-text';

const PROGRESS_EVERY_ROWS = 50_000;

/**
 * CSV/TSV through papaparse, row by row (rows are never all held as arrays): encoding detected like any text,
 * delimiter from the same guess detection made (else papaparse's), the first row names the columns, each
 * later row becomes `Header: value; ...` with `unit` = its data row. Malformed rows are kept and counted.
 */
export class CsvParser implements DocumentParser {
  readonly type = 'csv' as const;

  async parse(input: Buffer, ctx: ParseContext): Promise<ParsedDocument> {
    const doc = newDocument('csv', 'row');
    const { text, encoding } = decodeText(input);
    doc.encoding = encoding;
    const delimiter = guessDelimiter(text.slice(0, 64 * 1024), text.length <= 64 * 1024) ?? '';
    let headers: string[] | undefined;
    let row = 0;
    let malformed = 0;
    let firstProblem: string | undefined;
    // Progress counts bytes of text: the row total is unknown until the end.
    const total = text.length;
    Papa.parse<string[]>(text, {
      delimiter,
      skipEmptyLines: 'greedy',
      step: (result) => {
        if (result.errors.length > 0) {
          malformed++;
          firstProblem ??= `${result.errors[0].message} (row ${row + 1})`;
        }
        const cells = result.data;
        if (!headers) {
          headers = headerNames(cells);
          return;
        }
        const line = rowText(headers, cells);
        if (!line) return;
        row++;
        doc.blocks.push({ kind: 'row', text: line, unit: row, headingPath: NO_HEADINGS });
        if (row % PROGRESS_EVERY_ROWS === 0) ctx.onProgress({ done: result.meta.cursor, total });
      },
    });
    if (headers && row === 0) {
      doc.blocks.push({
        kind: 'paragraph',
        text: headers.filter((h) => !/^Column \d+$/.test(h)).join('; '),
        headingPath: NO_HEADINGS,
      });
    }
    doc.unitCount = row;
    if (malformed > 0) doc.warnings.push(`${malformed} malformed rows were read as well as possible: ${firstProblem}`);
    ctx.onProgress({ done: total, total });
    return doc;
  }
}
