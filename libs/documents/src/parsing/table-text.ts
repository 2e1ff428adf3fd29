/**
 * Every format writes tables the same way, one line per data row: `Header: value; Header2: value`. A row
 * read alone (one chunk, one citation) still says what each value means, which a markdown table split
 * across chunks does not.
 */

function clean(cell: string | undefined): string {
  return (cell ?? '').replace(/\s+/g, ' ').trim();
}

/** Header names with blanks filled in (`Column 3`), so every value keeps a label. */
export function headerNames(cells: (string | undefined)[]): string[] {
  return cells.map((c, i) => clean(c) || `Column ${i + 1}`);
}

/** One data row as `Header: value; Header2: value`, empty cells left out; cells past the header are numbered. */
export function rowText(headers: string[], cells: (string | undefined)[]): string {
  const parts: string[] = [];
  for (let i = 0; i < cells.length; i++) {
    const value = clean(cells[i]);
    if (value) parts.push(`${headers[i] ?? `Column ${i + 1}`}: ${value}`);
  }
  return parts.join('; ');
}

/**
 * A whole table: its first row (or the rows marked as header) names the columns, each further row becomes a
 * line. A table of a single row is just its cells.
 */
export function tableText(rows: (string | undefined)[][], headerRows = 1): string {
  const nonEmpty = rows.filter((r) => r.some((c) => clean(c)));
  if (nonEmpty.length === 0) return '';
  if (nonEmpty.length === 1) return nonEmpty[0].map(clean).filter(Boolean).join('; ');
  // A first row of one cell over a wider table is a caption (a title row spanning the columns).
  const captionCells = nonEmpty[0].map(clean).filter(Boolean);
  if (
    headerRows <= 1 &&
    captionCells.length === 1 &&
    nonEmpty.length > 2 &&
    nonEmpty[1].filter((c) => clean(c)).length > 1
  ) {
    return [captionCells[0], tableText(nonEmpty.slice(1), headerRows)].filter(Boolean).join('\n');
  }
  const headerCount = Math.max(1, Math.min(headerRows, nonEmpty.length - 1));
  const width = Math.max(...nonEmpty.map((r) => r.length));
  // Stacked header rows name a column by all their cells, e.g. "2023 Revenue".
  const merged: string[] = [];
  for (let col = 0; col < width; col++) {
    const names = nonEmpty.slice(0, headerCount).map((r) => clean(r[col]));
    merged.push(names.filter((n, i) => n && n !== names[i - 1]).join(' '));
  }
  const headers = headerNames(merged);
  const body = nonEmpty.slice(headerCount);
  const lines = body.map((r) => rowText(headers, r)).filter(Boolean);
  // A column no row fills would lose its header's text: the header row then leads as a line of its own.
  const unused = merged.some((name, col) => name && !body.some((r) => clean(r[col])));
  if (unused) lines.unshift(merged.filter(Boolean).join('; '));
  return lines.join('\n');
}
