export const STORY_SOURCES = [
  'interview',
  'support-ticket',
  'survey',
  'sales-call',
  'other',
] as const;

export type StorySource = (typeof STORY_SOURCES)[number];

export const STORY_SOURCE_LABELS: Readonly<Record<StorySource, string>> = {
  interview: 'Interview',
  'support-ticket': 'Support ticket',
  survey: 'Survey',
  'sales-call': 'Sales call',
  other: 'Other',
};

export const ANNOTATION_TAGS = ['pain', 'delight', 'friction', 'quote', 'idea'] as const;

export type AnnotationTag = (typeof ANNOTATION_TAGS)[number];

export interface Story {
  readonly id: string;
  readonly title: string;
  readonly source: StorySource;
  /** The customer or segment the story comes from; empty when unknown. */
  readonly customer: string;
  /** `YYYY-MM-DD`, or null when unknown. */
  readonly date: string | null;
  /** Free text, so that an import does not depend on the board's personas existing. */
  readonly persona: string;
  readonly body: string;
  /** Live stages the story is attached to, in board order. */
  readonly stageIds: readonly string[];
  readonly author: string;
  readonly createdAt: number;
}

export interface Annotation {
  readonly id: string;
  readonly storyId: string;
  readonly tag: AnnotationTag;
  readonly note: string;
  /** Live cards this highlight is linked to, sorted. */
  readonly cardIds: readonly string[];
  /** Resolved against the current body, in UTF-16 code units; start < end unless orphaned. */
  readonly start: number;
  readonly end: number;
  /** The highlighted words as they read now. */
  readonly text: string;
  /**
   * Its text was deleted (start >= end once resolved): hidden from lists and counts,
   * kept in the document so that undoing the deletion brings it back.
   */
  readonly orphaned: boolean;
  readonly author: string;
  readonly createdAt: number;
}
