import { CSV_LIMITS, CsvError } from '@journeyboard/model';

export interface DecodedCsv {
  readonly text: string;
  readonly encoding: 'utf-8' | 'windows-1252';
  /** Set when the file was not UTF-8 and was read another way: show it to the user. */
  readonly notice: string | null;
}

function formatSize(bytes: number): string {
  return bytes >= 1024 * 1024
    ? `${(bytes / 1024 / 1024).toFixed(1)} MB`
    : `${Math.ceil(bytes / 1024)} KB`;
}

/**
 * Turns the file's bytes into text. UTF-8 (with or without BOM) is read as is; UTF-16
 * and binary files are refused with a message that says how to fix them; anything else
 * that is not valid UTF-8 is read as Windows-1252 (what Excel on Windows writes) with a
 * notice, since every byte sequence is valid there.
 */
export function decodeCsv(bytes: Uint8Array): DecodedCsv {
  if (bytes.length > CSV_LIMITS.maxBytes) {
    throw new CsvError(
      'too-large',
      `This file is ${formatSize(bytes.length)}; the limit is ${formatSize(CSV_LIMITS.maxBytes)}. Split it into smaller files.`,
    );
  }
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    throw new CsvError(
      'wrong-encoding',
      'This file is UTF-16 encoded. Save it as “CSV UTF-8” and import it again.',
    );
  }
  if (bytes.includes(0)) {
    throw new CsvError(
      'wrong-encoding',
      'This file contains NUL bytes: it is not a text CSV (perhaps UTF-16 or a spreadsheet). Save it as “CSV UTF-8”.',
    );
  }
  const start = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  const body = bytes.subarray(start);
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(body);
  } catch {
    return {
      text: new TextDecoder('windows-1252').decode(body),
      encoding: 'windows-1252',
      notice:
        'This file is not UTF-8; it was read as Windows-1252 (Western European). Check accented characters in the preview.',
    };
  }
  if (!text.trim()) throw new CsvError('empty', 'This file is empty.');
  return { text, encoding: 'utf-8', notice: null };
}
