/** What one CSV story import takes at most. */
export const CSV_LIMITS = {
  /** Bytes of the file. Stories are text: 5 MiB is thousands of interview notes. */
  maxBytes: 5 * 1024 * 1024,
  /** Story rows in one import (one transaction). */
  maxRows: 5_000,
} as const;
