import { rowText, tableText } from './table-text';

describe('table text', () => {
  it('writes a row as "Header: value", leaving empty cells out', () => {
    expect(rowText(['A', 'B', 'C'], ['1', '', ' 3 \n'])).toBe('A: 1; C: 3');
  });

  it('writes a table as one line per data row under its header', () => {
    expect(
      tableText([
        ['Name', 'Age'],
        ['Ada', '36'],
        ['', ''],
        ['Alan', '41'],
      ]),
    ).toBe('Name: Ada; Age: 36\nName: Alan; Age: 41');
  });

  it('merges stacked header rows into one label per column', () => {
    expect(
      tableText(
        [
          ['Revenue', 'Revenue'],
          ['2023', '2024'],
          ['10', '12'],
        ],
        2,
      ),
    ).toBe('Revenue 2023: 10; Revenue 2024: 12');
  });

  it('keeps a header whose column no row fills, and a caption row spanning the table', () => {
    expect(
      tableText([
        ['A', 'Merged'],
        ['x', ''],
      ]),
    ).toBe('A; Merged\nA: x');
    expect(tableText([['Prices'], ['Item', 'Cost'], ['Tea', '2']])).toBe('Prices\nItem: Tea; Cost: 2');
  });

  it('writes a single-row table as its cells', () => {
    expect(tableText([['Only', 'row']])).toBe('Only; row');
  });
});
