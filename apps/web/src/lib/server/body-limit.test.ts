import { describe, expect, it } from 'vitest';
import { BodyTooLargeError, isImportRequest, limitedBody, parseByteSize } from './body-limit.ts';

describe('body limits', () => {
  it('reads sizes as adapter-node does', () => {
    expect(parseByteSize('512K')).toBe(512 * 1024);
    expect(parseByteSize('25M')).toBe(25 * 1024 ** 2);
    expect(parseByteSize('1000')).toBe(1000);
    expect(parseByteSize('Infinity')).toBe(Infinity);
    expect(() => parseByteSize('lots')).toThrow('not a byte size');
  });

  it('knows the import action from every other post', () => {
    expect(isImportRequest(new URL('http://x/?/import'))).toBe(true);
    expect(isImportRequest(new URL('http://x/?/create'))).toBe(false);
    expect(isImportRequest(new URL('http://x/b/abc?/import'))).toBe(false);
  });

  it('fails a streamed body that passes the limit, whatever it declared', async () => {
    const request = new Request('http://x/', {
      method: 'POST',
      body: new Uint8Array(2_000),
      headers: { 'content-length': '10' },
    });
    await expect(new Response(limitedBody(request, 1_000)).arrayBuffer()).rejects.toBeInstanceOf(
      BodyTooLargeError,
    );
    const small = new Request('http://x/', { method: 'POST', body: new Uint8Array(500) });
    expect((await new Response(limitedBody(small, 1_000)).arrayBuffer()).byteLength).toBe(500);
  });
});
