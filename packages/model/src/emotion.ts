import type * as Y from 'yjs';
import { clampScore } from './card-fields.ts';
import { ModelError } from './errors.ts';
import { lanesMap, mapField, stagesMap, stringField } from './schema.ts';
import type { Actor } from './types.ts';
import { mustExist, write } from './validate.ts';

export interface EmotionScoreOptions {
  laneId: string;
  stageId: string;
  /** Rounded and clamped to EMOTION_MIN..EMOTION_MAX; null clears the point. */
  score: number | null;
}

/**
 * The emotion curve: each emotion lane holds at most one score per stage (a board may
 * have several emotion lanes, e.g. one per persona). Scores of different stages are
 * separate map entries, so people dragging different points never overwrite each other.
 */
export function setEmotionScore(doc: Y.Doc, options: EmotionScoreOptions, actor: Actor): void {
  const lane = mustExist(lanesMap(doc).get(options.laneId), 'unknown-lane', options.laneId);
  mustExist(stagesMap(doc).get(options.stageId), 'unknown-stage', options.stageId);
  const scores = mapField(lane, 'scores');
  if (stringField(lane, 'kind') !== 'emotion' || !scores) {
    throw new ModelError('wrong-lane-kind', `lane ${options.laneId} is not an emotion lane`);
  }
  const score = options.score === null ? null : clampScore(options.score);
  write(doc, actor, () => {
    if (score === null) scores.delete(options.stageId);
    else scores.set(options.stageId, score);
  });
}
