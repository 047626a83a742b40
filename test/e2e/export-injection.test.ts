import { describe, expect, it, vi } from 'vitest';
import { addKpi, readBoard } from '@journeyboard/model';
import { HttpClient, openProvider, whenSynced } from './auth-helpers.ts';
import { serverForFile } from './support/file-server.ts';

const files = serverForFile('export-injection');

// The unit at its 20-character limit; the name has room for links.
const HOSTILE_UNIT = '<svg onload=alert()>';
const HOSTILE_NAME = '[click](javascript:alert(1)) <script>alert(2)</script> <javascript:alert(3)>';

describe('Markdown report', () => {
  it('prints a hostile KPI name and unit as text: no HTML, no javascript: link', async () => {
    const owner = new HttpClient(files.server.url);
    await owner.signUp('Reporter');
    const boardId = await owner.createBoard('Injection', 'starter');
    const provider = openProvider(files.server.url, boardId, owner.cookie);
    try {
      await whenSynced(provider);
      const stageId = readBoard(provider.doc).stages[0]?.id;
      if (!stageId) throw new Error('the starter template has no stage');
      addKpi(
        provider.doc,
        { stageId, name: HOSTILE_NAME, unit: HOSTILE_UNIT, target: 5, value: 3 },
        { userId: 'attacker' },
      );
      let report = '';
      await vi.waitFor(
        async () => {
          const response = await owner.get(`/b/${boardId}/export/md`);
          expect(response.status).toBe(200);
          report = await response.text();
          expect(report).toContain('- KPI ');
        },
        { timeout: 10_000 },
      );
      const kpiLine = report.split('\n').find((line) => line.startsWith('- KPI ')) ?? '';
      // Escaped, so a Markdown renderer shows the characters instead of reading syntax.
      expect(kpiLine).toContain(': 3 \\<svg onload=alert()\\>, target 5 \\<svg onload=alert()\\>');
      expect(kpiLine).toContain('\\[click\\](javascript:alert(1)) \\<script\\>alert(2)');
      expect(report).not.toMatch(/(^|[^\\])<(svg|script|javascript)/);
      expect(report).not.toMatch(/(^|[^\\])\]\(javascript:/);
    } finally {
      provider.destroy();
    }
  });
});
