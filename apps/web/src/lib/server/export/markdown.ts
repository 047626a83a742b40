import { markdownText } from './markdown-text.ts';
import { nameOf, stopReason, type ReportData } from './report.ts';

const TOP_FRICTION = 10;
const QUOTES_PER_POINT = 3;

function formatKpiValue(value: number | null, unit: string): string {
  if (value === null) return '—';
  return markdownText(unit ? `${value} ${unit}` : String(value));
}

/**
 * The board as a report people read: mission, stages with keepers and KPIs, the top
 * friction points with votes and evidence quotes, and initiatives with their status
 * (stopped ones with the reason).
 */
export function boardMarkdown(data: ReportData, now = new Date()): string {
  const { board } = data;
  const out: string[] = [];
  const stageName = new Map(board.stages.map((s) => [s.id, s.name]));
  out.push(`# ${markdownText(board.title || 'Untitled journey')}`, '');
  out.push(`_Exported from Journeyboard on ${now.toISOString().slice(0, 10)}._`, '');

  out.push(
    '## Mission',
    '',
    data.mission.trim() ? markdownText(data.mission) : '_No mission written yet._',
    '',
  );

  out.push('## Stages', '');
  if (board.stages.length === 0) out.push('_No stages._', '');
  for (const stage of board.stages) {
    out.push(`### ${markdownText(stage.name)}`, '');
    out.push(
      `- Keeper: ${stage.keeperId ? markdownText(nameOf(data, stage.keeperId)) : '**none** (needs a keeper)'}`,
    );
    const kpis = data.kpis.filter((kpi) => kpi.stageId === stage.id);
    if (kpis.length === 0) out.push('- KPIs: none yet');
    for (const kpi of kpis) {
      const target = kpi.target === null ? '' : `, target ${formatKpiValue(kpi.target, kpi.unit)}`;
      const stale = kpi.stale ? ' — **not updated for 30 days**' : '';
      out.push(
        `- KPI ${markdownText(kpi.name)}: ${formatKpiValue(kpi.current, kpi.unit)}${target}${stale}`,
      );
    }
    out.push('');
  }

  out.push('## Top friction points', '');
  const top = data.friction.slice(0, TOP_FRICTION);
  if (top.length === 0) out.push('_No friction points on the map yet._', '');
  top.forEach((point, index) => {
    const evidence = data.evidence.get(point.cardId);
    const details = [
      `${markdownText(point.votes)} vote${point.votes === 1 ? '' : 's'}`,
      stageName.get(point.stageId) ? markdownText(stageName.get(point.stageId)!) : null,
      point.severity ? `severity ${markdownText(point.severity)}` : null,
      `backed by ${evidence?.storyCount ?? 0} ${evidence?.storyCount === 1 ? 'story' : 'stories'}`,
      point.raisedBy ? `raised by ${markdownText(nameOf(data, point.raisedBy))}` : null,
    ].filter(Boolean);
    out.push(
      `${index + 1}. **${markdownText(point.text || '(empty card)')}** — ${details.join(' · ')}`,
    );
    for (const quote of evidence?.quotes.slice(0, QUOTES_PER_POINT) ?? []) {
      const source = [quote.storyTitle, quote.customer]
        .filter(Boolean)
        .map(markdownText)
        .join(', ');
      out.push(`   > “${markdownText(quote.text)}” — ${source}`);
    }
  });
  if (top.length > 0) out.push('');

  out.push('## Initiatives', '');
  if (data.initiatives.length === 0) out.push('_No initiatives yet._', '');
  for (const initiative of data.initiatives) {
    const owner = initiative.ownerId
      ? ` — owner ${markdownText(nameOf(data, initiative.ownerId))}`
      : '';
    out.push(
      `- **${markdownText(initiative.title)}** (${markdownText(initiative.status)})${owner}`,
    );
    if (initiative.status === 'stopped') {
      const reason = stopReason(initiative);
      out.push(`  - Stopped because: ${reason ? markdownText(reason) : '_no reason recorded_'}`);
    }
    if (initiative.learnt.trim()) out.push(`  - Learnt: ${markdownText(initiative.learnt)}`);
  }
  out.push('');
  return out.join('\n');
}
