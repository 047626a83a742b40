export type CsvErrorCode =
  'too-large' | 'too-many-rows' | 'wrong-encoding' | 'empty' | 'invalid-rows';

export interface CsvRowError {
  /** 1-based line of the file's table: the header is row 1, the first story row 2. */
  readonly row: number;
  readonly message: string;
}

/** A CSV file refused as a whole; `rows` lists every bad row when code is `invalid-rows`. */
export class CsvError extends Error {
  readonly code: CsvErrorCode;
  readonly rows: readonly CsvRowError[];

  constructor(code: CsvErrorCode, message: string, rows: readonly CsvRowError[] = []) {
    super(message);
    this.name = 'CsvError';
    this.code = code;
    this.rows = rows;
  }
}

export function isCsvError(value: unknown, code?: CsvErrorCode): value is CsvError {
  return value instanceof CsvError && (code === undefined || value.code === code);
}
