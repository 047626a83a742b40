import { describe, expect, it } from 'vitest';
import { TooManyAttemptsError } from './errors.ts';
import { createBoardCreationLimiter, createSignUpLimiter } from './account-limits.ts';
import { SignInLimiter } from './rate-limit.ts';

const window = { points: 3, durationSeconds: 60 };

describe('SignInLimiter', () => {
  it('refuses the attempt after the allowed ones for one account from one address', async () => {
    const limiter = new SignInLimiter({ perAccount: window, perIp: { ...window, points: 100 } });
    for (let i = 0; i < 3; i++) await limiter.consume('a@example.com', '10.0.0.1');
    await expect(limiter.consume('a@example.com', '10.0.0.1')).rejects.toBeInstanceOf(
      TooManyAttemptsError,
    );
  });

  it('counts one account separately per address', async () => {
    const limiter = new SignInLimiter({ perAccount: window, perIp: { ...window, points: 100 } });
    for (let i = 0; i < 3; i++) await limiter.consume('a@example.com', '10.0.0.1');
    await expect(limiter.consume('a@example.com', '10.0.0.2')).resolves.toBeUndefined();
  });

  it('refuses the attempt after the allowed ones for one IP', async () => {
    const limiter = new SignInLimiter({ perAccount: { ...window, points: 100 }, perIp: window });
    for (let i = 0; i < 3; i++) await limiter.consume(`user${i}@example.com`, '10.0.0.1');
    await expect(limiter.consume('fresh@example.com', '10.0.0.1')).rejects.toBeInstanceOf(
      TooManyAttemptsError,
    );
  });

  it('tells how long to wait', async () => {
    const limiter = new SignInLimiter({ perAccount: window });
    for (let i = 0; i < 3; i++) await limiter.consume('a@example.com', null);
    const error = await limiter.consume('a@example.com', null).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TooManyAttemptsError);
    expect((error as TooManyAttemptsError).retryAfterMs).toBeGreaterThan(50_000);
  });

  it('forgets an account’s failures after a success', async () => {
    const limiter = new SignInLimiter({ perAccount: window });
    for (let i = 0; i < 2; i++) await limiter.consume('a@example.com', null);
    await limiter.succeeded('a@example.com', null);
    for (let i = 0; i < 3; i++) await limiter.consume('a@example.com', null);
  });
});

describe('SignUpLimiter', () => {
  it('refuses sign-ups from one address after the allowed ones, not from another', async () => {
    const limiter = createSignUpLimiter(window);
    for (let i = 0; i < 3; i++) await limiter.consume('10.0.0.1');
    await expect(limiter.consume('10.0.0.1')).rejects.toBeInstanceOf(TooManyAttemptsError);
    await expect(limiter.consume('10.0.0.2')).resolves.toBeUndefined();
  });
});

describe('BoardCreationLimiter', () => {
  it('refuses boards of one account after the allowed ones, with a message saying so', async () => {
    const limiter = createBoardCreationLimiter(window);
    for (let i = 0; i < 3; i++) await limiter.consume('user-1');
    const error = await limiter.consume('user-1').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TooManyAttemptsError);
    expect((error as Error).message).toMatch(/many boards/);
    await expect(limiter.consume('user-2')).resolves.toBeUndefined();
  });
});
