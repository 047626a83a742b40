import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';

const require = createRequire(import.meta.url);
const axeSource = require.resolve('axe-core');

export interface AxeProblem {
  id: string;
  impact: string;
  help: string;
  targets: string[];
}

interface AxeResult {
  violations: {
    id: string;
    impact?: string | null;
    help: string;
    nodes: { target: unknown[]; html: string; failureSummary?: string }[];
  }[];
}

/**
 * The one finding we do not act on: axe's label-in-name rule (WCAG 2.5.3) on the map's
 * grid cells. A cell is named by where it is ("Friction points, Onboarding", the row and
 * column headers it sits under) and holds cards; the cards' text is content, not the
 * cell's visible label, and every card is its own named group. Only `[data-cell]`
 * elements are exempt; the same rule on any other element fails the test.
 */
function isMapCellLabel(id: string, html: string): boolean {
  return (
    id === 'label-content-name-mismatch' && /^<div[^>]*role="gridcell"[^>]*data-cell/.test(html)
  );
}

/**
 * axe-core's WCAG 2.x A/AA rules on the page as it is now; returns the serious and
 * critical violations, each with the elements it found, for a readable failure.
 */
export async function seriousAxeViolations(page: Page): Promise<AxeProblem[]> {
  const loaded = await page.evaluate<boolean>("'axe' in window");
  if (!loaded) await page.addScriptTag({ path: axeSource });
  const tags = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];
  const result = await page.evaluate<AxeResult>(
    `axe.run(document, { runOnly: { type: 'tag', values: ${JSON.stringify(tags)} }, resultTypes: ['violations'] })`,
  );
  return result.violations
    .map((violation) => ({
      ...violation,
      nodes: violation.nodes.filter((node) => !isMapCellLabel(violation.id, node.html)),
    }))
    .filter((violation) => violation.nodes.length > 0)
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map((violation) => ({
      id: violation.id,
      impact: violation.impact ?? '',
      help: violation.help,
      targets: violation.nodes
        .slice(0, 6)
        .map((node) => `${node.target.join(' ')} — ${node.failureSummary ?? ''}`.slice(0, 300)),
    }));
}
