import type ExcelJS from 'exceljs';
import { newDocument, type DocumentParser, type ParseContext } from '../document-parser';
import type { ParsedDocument } from '../parsed-document';
import { headerNames, rowText } from '../table-text';

type Value = ExcelJS.CellValue;
type ExcelModule = typeof ExcelJS;

/** exceljs takes about 300 ms to load: only parser processes that meet a workbook pay for it. */
async function loadExcel(): Promise<ExcelModule> {
  const mod = (await import('exceljs')) as unknown as ExcelModule & { default?: ExcelModule };
  return mod.default ?? mod;
}

function formatNumber(n: number): string {
  // Binary floating point noise (0.30000000000000004) is not what the sheet shows.
  return Number.isInteger(n) ? String(n) : String(Number(n.toPrecision(15)));
}

function formatDate(d: Date): string {
  if (Number.isNaN(d.getTime())) return '';
  const iso = d.toISOString();
  return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : iso.slice(0, 19).replace('T', ' ');
}

/** What a cell shows: formula results, rich text and hyperlinks as their text, dates as ISO dates. */
export function cellText(value: Value): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return formatNumber(value);
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (value instanceof Date) return formatDate(value);
  if ('richText' in value) return value.richText.map((r) => r.text).join('');
  if ('hyperlink' in value) return cellText(value.text as Value);
  if ('formula' in value || 'sharedFormula' in value) return cellText(value.result as Value);
  if ('error' in value) return value.error;
  return '';
}

/**
 * XLSX through exceljs: each sheet's name is a heading; its first non-empty row names the columns and every
 * later row becomes `Header: value; ...` with `unit` = the data row (1-based, header excluded) and `sheet`.
 */
export class XlsxParser implements DocumentParser {
  readonly type = 'xlsx' as const;

  async parse(input: Buffer, ctx: ParseContext): Promise<ParsedDocument> {
    const doc = newDocument('xlsx', 'row');
    const Excel = await loadExcel();
    const workbook = new Excel.Workbook();
    await workbook.xlsx.load(input as unknown as ArrayBuffer, {
      ignoreNodes: ['dataValidations', 'conditionalFormatting'],
    });
    const sheets = workbook.worksheets.filter((s) => s.state !== 'veryHidden');
    sheets.forEach((sheet, index) => {
      const name = sheet.name;
      const headingPath = [name];
      let headers: string[] | undefined;
      let dataRow = 0;
      const heading = doc.blocks.length;
      sheet.eachRow({ includeEmpty: false }, (row) => {
        const cells: string[] = [];
        row.eachCell({ includeEmpty: false }, (cell, col) => {
          // A merged range shows its value once, in its top-left cell.
          if (cell.type === Excel.ValueType.Merge) return;
          cells[col - 1] = cellText(cell.value).trim();
        });
        if (!cells.some(Boolean)) return;
        if (!headers) {
          headers = headerNames(Array.from(cells, (c) => c ?? ''));
          return;
        }
        const text = rowText(headers, cells);
        if (!text) return;
        dataRow++;
        doc.blocks.push({ kind: 'row', text, unit: dataRow, sheet: name, headingPath });
      });
      if (headers && dataRow === 0) {
        // A sheet of one row: that row is the content, not a header.
        doc.blocks.push({
          kind: 'paragraph',
          text: headers.filter((h) => !/^Column \d+$/.test(h)).join('; '),
          sheet: name,
          headingPath,
        });
      }
      if (doc.blocks.length > heading) {
        doc.blocks.splice(heading, 0, { kind: 'heading', text: name, level: 1, sheet: name, headingPath });
      }
      doc.unitCount += dataRow;
      ctx.onProgress({ done: index + 1, total: sheets.length });
    });
    return doc;
  }
}
