// CSV files are parsed here, at the edge, into the table the model imports from: the
// model stays free of file formats and parsers.
import Papa from 'papaparse';
import { CSV_LIMITS, CsvError, type CsvRowError, type CsvTable } from '@journeyboard/model';
import { decodeCsv } from './csv-decode.ts';

/** Decodes and parses a CSV file whose first row names the columns. */
export function readCsvTable(bytes: Uint8Array): CsvTable {
  const { text, encoding, notice } = decodeCsv(bytes);
  const parsed = Papa.parse<string[]>(text, { skipEmptyLines: 'greedy' });
  const [headerRow, ...rows] = parsed.data;
  if (!headerRow || rows.length === 0) {
    throw new CsvError('empty', 'This file has no story rows under its header row.');
  }
  if (rows.length > CSV_LIMITS.maxRows) {
    throw new CsvError(
      'too-many-rows',
      `This file has ${rows.length} rows; one import takes at most ${CSV_LIMITS.maxRows}. Split it into smaller files.`,
    );
  }
  const problems: CsvRowError[] = parsed.errors
    .filter((error) => error.code !== 'UndetectableDelimiter')
    .map((error) => ({ row: (error.row ?? 0) + 1, message: error.message }));
  if (problems.length > 0) {
    throw new CsvError('invalid-rows', 'This file is not valid CSV.', problems);
  }
  const width = headerRow.length;
  return {
    headers: headerRow.map((header) => header.trim()),
    rows: rows.map((row) => Array.from({ length: width }, (_, i) => row[i] ?? '')),
    encoding,
    notice,
  };
}
