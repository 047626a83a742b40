import { describe, expect, it } from 'vitest';
import { clearsPages, isBoardPage, isCacheableAsset, precacheCandidates } from './routes.ts';

describe('service worker routes', () => {
  it('keeps only the map page of a board, not its subpages or exports', () => {
    expect(isBoardPage('/b/AbC123_-xyz00000')).toBe(true);
    expect(isBoardPage('/b/AbC123_-xyz00000/')).toBe(true);
    expect(isBoardPage('/b/AbC123_-xyz00000/canvas')).toBe(false);
    expect(isBoardPage('/b/AbC123_-xyz00000/export/png')).toBe(false);
    expect(isBoardPage('/')).toBe(false);
  });

  it('caches only the hashed build files as assets', () => {
    expect(isCacheableAsset('/_app/immutable/entry/start.abc.js')).toBe(true);
    expect(isCacheableAsset('/_app/version.json')).toBe(false);
    expect(isCacheableAsset('/b/x/history')).toBe(false);
  });

  it('forgets kept pages when a session ends or begins', () => {
    expect(clearsPages('POST', '/signout')).toBe(true);
    expect(clearsPages('GET', '/signout')).toBe(false);
    expect(clearsPages('GET', '/signin')).toBe(true);
    expect(clearsPages('POST', '/signup')).toBe(true);
    expect(clearsPages('GET', '/b/x')).toBe(false);
  });

  it('precaches code and styles, not fonts, icons or compressed copies', () => {
    const paths = [
      '_app/immutable/entry/app.a.js',
      '_app/immutable/assets/0.b.css',
      '_app/immutable/assets/IBMPlexSans.c.woff2',
      '_app/immutable/assets/0_merged.d.svg',
      '_app/immutable/assets/en.e.json',
    ];
    expect(precacheCandidates(paths)).toEqual(paths.slice(0, 2));
  });
});
