import { describe, expect, it } from 'vitest';
import {
  boardIdFromPath,
  CloseCode,
  describeCloseCode,
  isTerminalCloseCode,
  Limits,
} from './index.ts';

describe('close codes', () => {
  it('are unique and inside the application range', () => {
    const codes = Object.values(CloseCode);
    expect(new Set(codes).size).toBe(codes.length);
    for (const code of codes) expect(code).toBeGreaterThanOrEqual(4000);
    for (const code of codes) expect(code).toBeLessThan(5000);
  });

  it('each have a human reason that fits a WebSocket close frame', () => {
    for (const code of Object.values(CloseCode)) {
      const reason = describeCloseCode(code);
      expect(reason).not.toMatch(/^closed \(/);
      expect(new TextEncoder().encode(reason).length).toBeLessThan(123);
    }
    expect(describeCloseCode(4999)).toBe('closed (4999)');
  });

  it('mark only access refusals as terminal', () => {
    expect(isTerminalCloseCode(CloseCode.Forbidden)).toBe(true);
    expect(isTerminalCloseCode(CloseCode.ServerShuttingDown)).toBe(false);
    expect(isTerminalCloseCode(CloseCode.SlowConsumer)).toBe(false);
  });
});

describe('boardIdFromPath', () => {
  it('accepts url-safe ids under /sync/', () => {
    expect(boardIdFromPath('/sync/abc_DEF-123')).toBe('abc_DEF-123');
  });

  it('refuses other paths, traversal and odd characters', () => {
    expect(boardIdFromPath('/other/abcdef')).toBeNull();
    expect(boardIdFromPath('/sync/../etc/passwd')).toBeNull();
    expect(boardIdFromPath('/sync/abc')).toBeNull();
    expect(boardIdFromPath('/sync/' + 'a'.repeat(65))).toBeNull();
    expect(boardIdFromPath('/sync/abc%20def')).toBeNull();
  });
});

describe('limits', () => {
  it('keep the soft slow-consumer bound under the hard one and updates under frames', () => {
    expect(Limits.slowConsumerSoftBytes).toBeLessThan(Limits.slowConsumerHardBytes);
    expect(Limits.maxUpdateBytes).toBeLessThanOrEqual(Limits.maxFrameBytes);
  });
});
