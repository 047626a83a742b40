import { describe, expect, it } from 'vitest';
import {
  ROLES,
  canComment,
  canManageMembers,
  canWriteDocument,
  isRole,
  roleAtLeast,
} from './roles.ts';

describe('roles', () => {
  it('orders roles from owner down to viewer', () => {
    expect(ROLES).toEqual(['owner', 'editor', 'commenter', 'viewer']);
    expect(roleAtLeast('owner', 'editor')).toBe(true);
    expect(roleAtLeast('editor', 'editor')).toBe(true);
    expect(roleAtLeast('commenter', 'editor')).toBe(false);
    expect(roleAtLeast('viewer', 'commenter')).toBe(false);
  });

  it('lets owners and editors write the document', () => {
    expect(ROLES.filter(canWriteDocument)).toEqual(['owner', 'editor']);
  });

  it('lets everyone but viewers comment', () => {
    expect(ROLES.filter(canComment)).toEqual(['owner', 'editor', 'commenter']);
  });

  it('lets only owners manage members', () => {
    expect(ROLES.filter(canManageMembers)).toEqual(['owner']);
  });

  it('recognises role names and nothing else', () => {
    expect(isRole('editor')).toBe(true);
    expect(isRole('admin')).toBe(false);
    expect(isRole(undefined)).toBe(false);
  });
});
