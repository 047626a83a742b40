import { cardsInCell, rankCards } from '@journeyboard/model';
import { markdownText } from './markdown-text.ts';
import {
  QUOTES_PER_POINT,
  TOP_FRICTION,
  kpiValueText,
  nameOf,
  plural,
  stopReason,
  trendOf,
  type ReportData,
} from './report.ts';

function formatKpiValue(value: number | null, unit: string): string {
  return value === null ? '—' : markdownText(kpiValueText(value, unit));
}

/**
 * The board as a report people read and send on: mission, personas, each stage with its
 * keeper, KPIs and every lane's cards, the top friction points with votes, evidence and
 * quotes, initiatives with owner, status and stop reasons, and the latest voting results.
 * Missing keepers are summarised once at the top of the stages.
 */
export function boardMarkdown(data: ReportData, now = new Date()): string {
  const { board } = data;
  const out: string[] = [];
  const stageName = new Map(board.stages.map((s) => [s.id, s.name]));
  const cardText = new Map(board.cards.map((c) => [c.id, c.text]));
  out.push(`# ${markdownText(board.title || 'Untitled journey')}`, '');
  out.push(`_Exported from Journeyboard on ${now.toISOString().slice(0, 10)}._`, '');

  out.push(
    '## Mission',
    '',
    data.mission.trim() ? markdownText(data.mission) : '_No mission written yet._',
    '',
  );

  out.push('## Personas', '');
  if (board.personas.length === 0) out.push('_No personas yet._');
  for (const persona of board.personas) {
    const about = persona.description.trim() ? ` — ${markdownText(persona.description)}` : '';
    out.push(`- **${markdownText(persona.name)}**${about}`);
  }
  out.push('');

  out.push('## Stages', '');
  if (board.stages.length === 0) out.push('_No stages._', '');
  const keeperless = board.stages.filter((stage) => !stage.keeperId);
  if (keeperless.length > 0) {
    out.push(
      `_No keeper yet: ${keeperless.map((stage) => markdownText(stage.name)).join(', ')}._`,
      '',
    );
  }
  for (const stage of board.stages) {
    out.push(`### ${markdownText(stage.name)}`, '');
    if (stage.keeperId) out.push(`Keeper: ${markdownText(nameOf(data, stage.keeperId))}`, '');
    for (const kpi of data.kpis.filter((k) => k.stageId === stage.id)) {
      const target = kpi.target === null ? '' : `, target ${formatKpiValue(kpi.target, kpi.unit)}`;
      const stale = kpi.stale ? ' — **not updated for 30 days**' : '';
      out.push(
        `- KPI ${markdownText(kpi.name)}: ${formatKpiValue(kpi.current, kpi.unit)}${target}${trendOf(kpi.values)}${stale}`,
      );
    }
    for (const lane of board.lanes) {
      if (lane.kind === 'emotion') {
        const score = lane.scores[stage.id];
        if (score !== undefined)
          out.push(`- ${markdownText(lane.name)}: ${score > 0 ? '+' : ''}${score}`);
        continue;
      }
      const cards = cardsInCell(board, lane.id, stage.id).filter((card) => card.text.trim());
      if (cards.length === 0) continue;
      out.push(`- ${markdownText(lane.name)}:`);
      for (const card of cards) out.push(`  - ${markdownText(card.text)}`);
    }
    out.push('');
  }

  out.push('## Top friction points', '');
  const top = data.friction.slice(0, TOP_FRICTION);
  if (top.length === 0) out.push('_No friction points on the map yet._', '');
  top.forEach((point, index) => {
    const evidence = data.evidence.get(point.cardId);
    const details = [
      plural(point.votes, 'vote'),
      stageName.get(point.stageId) ? markdownText(stageName.get(point.stageId)!) : null,
      point.severity ? `severity ${markdownText(point.severity)}` : null,
      `${plural(evidence?.count ?? 0, 'piece')} of evidence from ${plural(evidence?.storyCount ?? 0, 'story', 'stories')}`,
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

  out.push('## Latest vote', '');
  const latest = data.votes.find((entry) => entry.status === 'revealed' && entry.results);
  if (!latest) out.push('_No revealed vote yet._');
  else {
    out.push(
      `**${markdownText(latest.title || 'Vote')}** — ${plural(latest.results!.voterCount, 'voter')}, revealed ${new Date(latest.revealedAt ?? latest.createdAt).toISOString().slice(0, 10)}`,
      '',
    );
    for (const row of rankCards(latest)) {
      const text = cardText.get(row.cardId) ?? '(a card since deleted)';
      out.push(`${row.rank}. ${markdownText(text)} — ${plural(row.votes, 'vote')}`);
    }
  }
  out.push('');
  return out.join('\n');
}
