import ExcelJS from 'exceljs';
import type { ParseContext } from '../document-parser';
import { XlsxParser } from './xlsx.parser';

const ctx: ParseContext = { ocr: { enabled: false, languages: 'eng' }, onProgress: () => undefined };

async function xlsx(build: (wb: ExcelJS.Workbook) => void): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  build(wb);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

describe('XlsxParser', () => {
  it('writes each data row as "Header: value" with its sheet and data row number', async () => {
    const doc = await new XlsxParser().parse(
      await xlsx((wb) => {
        const sales = wb.addWorksheet('Sales');
        sales.addRow(['Region', 'Amount', 'Closed']);
        sales.addRow(['North', 1200.5, new Date(Date.UTC(2024, 2, 31))]);
        sales.addRow([]);
        sales.addRow(['South', { formula: 'B2*2', result: 2401 }, null]);
        const staff = wb.addWorksheet('Staff');
        staff.addRow(['Name', '', 'Team']);
        staff.addRow([
          { richText: [{ text: 'Ada ' }, { text: 'L.' }] },
          'x',
          { text: 'Core', hyperlink: 'https://example.com' },
        ]);
      }),
      ctx,
    );
    expect(doc).toMatchObject({ type: 'xlsx', unitKind: 'row', unitCount: 3 });
    expect(doc.blocks).toEqual([
      { kind: 'heading', text: 'Sales', level: 1, sheet: 'Sales', headingPath: ['Sales'] },
      {
        kind: 'row',
        text: 'Region: North; Amount: 1200.5; Closed: 2024-03-31',
        unit: 1,
        sheet: 'Sales',
        headingPath: ['Sales'],
      },
      { kind: 'row', text: 'Region: South; Amount: 2401', unit: 2, sheet: 'Sales', headingPath: ['Sales'] },
      { kind: 'heading', text: 'Staff', level: 1, sheet: 'Staff', headingPath: ['Staff'] },
      { kind: 'row', text: 'Name: Ada L.; Column 2: x; Team: Core', unit: 1, sheet: 'Staff', headingPath: ['Staff'] },
    ]);
  });

  it('starts at the first non-empty row and keeps a sheet of one row as its content', async () => {
    const doc = await new XlsxParser().parse(
      await xlsx((wb) => {
        const s = wb.addWorksheet('Notes');
        s.getCell('B3').value = 'Only line';
        s.getCell('C3').value = 42;
        wb.addWorksheet('Empty');
      }),
      ctx,
    );
    expect(doc.blocks).toEqual([
      { kind: 'heading', text: 'Notes', level: 1, sheet: 'Notes', headingPath: ['Notes'] },
      { kind: 'paragraph', text: 'Only line; 42', sheet: 'Notes', headingPath: ['Notes'] },
    ]);
    expect(doc.unitCount).toBe(0);
  });
});
