import type { LaneKind } from '@journeyboard/model';

export const LANE_KIND_LABELS: Record<LaneKind, string> = {
  actions: 'Customer actions',
  touchpoints: 'Touchpoints',
  channels: 'Channels',
  thoughts: 'Thoughts & feelings',
  emotion: 'Emotion curve',
  friction: 'Friction points',
  opportunities: 'Opportunities',
  backstage: 'Backstage',
  kpis: 'KPIs',
  custom: 'Custom',
};

/** One hue per lane kind, so rows read at a glance however they are named. */
export const LANE_KIND_COLOURS: Record<LaneKind, string> = {
  actions: '#6366f1',
  touchpoints: '#0ea5e9',
  channels: '#0ea5e9',
  thoughts: '#a855f7',
  emotion: '#ec4899',
  friction: '#f97316',
  opportunities: '#22c55e',
  backstage: '#64748b',
  kpis: '#eab308',
  custom: '#8590a0',
};
