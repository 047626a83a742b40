import { describe, expect, it } from 'vitest';
import { adminQuery, redactDatabaseUrl } from './admin-query.ts';
import { TEST_DATABASE_URL } from './test-postgres.ts';

describe('adminQuery', () => {
  it('runs a statement on the server', async () => {
    await expect(adminQuery(TEST_DATABASE_URL, 'SELECT 1', 'unused')).resolves.toBeUndefined();
  });

  it('fails loudly, without credentials, when the server cannot be reached', async () => {
    const url = 'postgres://admin:secret@127.0.0.1:1/nowhere';
    const failure = adminQuery(url, 'SELECT 1', 'The tests need it: start it.');
    await expect(failure).rejects.toThrow(
      /^PostgreSQL is unreachable at postgres:\/\/<user>@127\.0\.0\.1:1\/nowhere \(.+\)\. The tests need it: start it\.$/,
    );
    await expect(failure).rejects.not.toThrow(/secret/);
    expect(redactDatabaseUrl(url)).toBe('postgres://<user>@127.0.0.1:1/nowhere');
  });
});
