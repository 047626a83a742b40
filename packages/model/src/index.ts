export type {
  Actor,
  Board,
  Card,
  CardFieldName,
  CardFields,
  Lane,
  LaneKind,
  Persona,
  Severity,
  Stage,
} from './types.ts';
export { LANE_KINDS, SEVERITIES, EMOTION_MIN, EMOTION_MAX } from './types.ts';
export { ModelError, isModelError } from './errors.ts';
export type { ModelErrorCode } from './errors.ts';
export { LIMITS } from './validate.ts';
export { SCHEMA_VERSION, boardMaps as undoScope } from './schema.ts';
export { compareOrdered } from './order.ts';
export { setTitle, getTitleText, setMission, getMissionText } from './meta.ts';
export { getLabelText, type LabelOwner } from './shared-labels.ts';
export { addStage, renameStage, moveStage, deleteStage, setStageKeeper } from './stages.ts';
export type { AddStageOptions } from './stages.ts';
export { addLane, renameLane, moveLane, deleteLane, isLaneKind } from './lanes.ts';
export type { AddLaneOptions } from './lanes.ts';
export {
  addCard,
  moveCard,
  deleteCard,
  setCardFields,
  setCardText,
  getCardText,
  tagCardPersona,
  untagCardPersona,
  setCardPersonas,
} from './cards.ts';
export type { AddCardOptions, MoveCardOptions } from './cards.ts';
export { CARD_FIELDS_BY_KIND, clampScore } from './card-fields.ts';
export type { CardFieldPatch } from './card-fields.ts';
export { setEmotionScore } from './emotion.ts';
export type { EmotionScoreOptions } from './emotion.ts';
export { addPersona, updatePersona, deletePersona, PERSONA_COLOURS } from './personas.ts';
export type { PersonaInput } from './personas.ts';
export {
  readBoard,
  cardsInCell,
  filterCards,
  groupCardsByCell,
  cellKey,
  emotionCurve,
} from './read.ts';
export type { CardFilter } from './read.ts';
export { observeBoard } from './observe.ts';
export type { BoardChange } from './observe.ts';
export { repairBoard } from './repair.ts';
export type { RepairReport } from './repair.ts';
export { applyTemplate, TEMPLATES } from './templates.ts';
export { clearTemplateExamples, hasTemplateExamples } from './template-examples.ts';
export type { TemplateId, TemplateInfo, ApplyTemplateOptions } from './templates.ts';
export { EvidenceError, isEvidenceError } from './evidence-errors.ts';
export type { EvidenceErrorCode } from './evidence-errors.ts';
export { evidenceMaps, evidenceUndoScope } from './stories-schema.ts';
export { STORY_SOURCES, STORY_SOURCE_LABELS, ANNOTATION_TAGS } from './stories-types.ts';
export type { Story, StorySource, Annotation, AnnotationTag } from './stories-types.ts';
export { EVIDENCE_LIMITS } from './stories-validate.ts';
export { STORY_TEXT_FORMATS, readRichText, copyFormatting } from './story-text.ts';
export type { StoryTextFormat, RichTextRun } from './story-text.ts';
export {
  addStory,
  addStories,
  updateStory,
  deleteStory,
  getStoryBody,
  setStoryBody,
  attachStoryToStage,
  detachStoryFromStage,
} from './stories.ts';
export type { StoryInput, StoryPatch } from './stories.ts';
export { readStories, readStoryById, readAnnotations } from './stories-read.ts';
export type { ReadAnnotationsOptions } from './stories-read.ts';
export {
  addAnnotation,
  setAnnotationTag,
  setAnnotationNote,
  deleteAnnotation,
  linkAnnotation,
  unlinkAnnotation,
  createCardFromAnnotation,
  isAnnotationTag,
  reanchorAnnotations,
} from './annotations.ts';
export type { AnnotationInput } from './annotations.ts';
export {
  evidenceForCard,
  evidenceByCard,
  cardsWithoutEvidence,
  unannotatedStories,
  cardsBackedByStory,
  observeEvidence,
} from './evidence.ts';
export type { CardEvidence, EvidenceQuote } from './evidence.ts';
export { addComment, editComment, deleteComment, resolveThread, reopenThread } from './comments.ts';
export type { AddCommentOptions } from './comments.ts';
export { readThreads, openThreadCounts, mentionsFor, parseMentions } from './comments-read.ts';
export { COMMENT_TARGET_KINDS } from './comments-types.ts';
export { ENTITY_ROOTS, AUTHORED_ROOTS, COMMENT_FIELDS, IDEA_FIELDS } from './entity-shapes.ts';
export { COMMENTS_ROOT, IDEAS_ROOT } from './schema.ts';
export type { FieldCheck } from './entity-shapes.ts';
export type {
  Comment,
  CommentTarget,
  CommentTargetKind,
  CommentThread,
  Member,
  Mention,
  Resolution,
} from './comments-types.ts';
export { CsvError, isCsvError } from './csv-errors.ts';
export type { CsvErrorCode, CsvRowError } from './csv-errors.ts';
export { CSV_LIMITS } from './csv-limits.ts';
export { CSV_FIELDS, guessCsvMapping, planStoriesImport, importStoriesCsv } from './csv-stories.ts';
export type { CsvField, CsvMapping, CsvTable, StoriesImportPlan } from './csv-stories.ts';
export {
  applyCanvasChanges,
  replaceCanvas,
  readCanvasRecords,
  readCanvasRecord,
  readCanvasSchema,
  observeCanvas,
  isCanvasRecord,
} from './canvas.ts';
export type { CanvasRecord, CanvasChanges, CanvasChange } from './canvas.ts';
export {
  VOTES_ROOT,
  FACILITATION_ROOT,
  SERVER_ROOTS,
  writeVoteEntry,
  readVoteEntries,
  setSharedTimer,
  setBoardLock,
  readSharedTimer,
  readBoardLock,
  lockedOutReason,
  MIN_SECRET_VOTERS,
  SECRET_VOTERS_CHOICE,
  observeVoting,
  rankCards,
} from './voting.ts';
export type { VoteEntry, VoteResults, DepartmentGroup, SharedTimer, BoardLock } from './voting.ts';
export {
  BOARD_JSON_FORMAT,
  BOARD_JSON_VERSION,
  exportBoardJson,
  buildDocFromBoardJson,
  buildBoardJsonPieces,
  rootMapNames,
} from './board-json.ts';
export type { BoardJson, BoardJsonValue, BoardJsonMaps } from './board-json.ts';
export { BOARD_JSON_LIMITS, parseBoardJson, validateBoardJson } from './board-json-parse.ts';
export type { BoardJsonParseResult } from './board-json-parse.ts';
export { restoreVersion, SERVER_OWNED_ROOTS, RESTORE_KEEPS_ROOTS } from './restore.ts';
export type { RestoreOptions } from './restore.ts';
export { boardDigest, diffDigests } from './activity.ts';
export { ActivityReplay } from './activity-replay.ts';
export type { ActivityChange, ActivitySubject, ActivityVerb, BoardDigest } from './activity.ts';
export { INITIATIVE_STATUSES, RATING_MIN, RATING_MAX, IDEA_KINDS } from './decisions-types.ts';
export type {
  Initiative,
  InitiativeStatus,
  StatusChange,
  Kpi,
  KpiValue,
  Idea,
  IdeaKind,
  IdeaTriage,
  RankedFriction,
  Recognition,
} from './decisions-types.ts';
export { DECISION_LIMITS } from './decisions-validate.ts';
export type { ClockOptions } from './clock.ts';
export { decisionMaps, decisionsUndoScope } from './decisions-schema.ts';
export {
  createInitiative,
  initiativeFromCard,
  updateInitiative,
  linkInitiativeCard,
  setInitiativeStatus,
  readInitiatives,
  isInitiativeStatus,
} from './initiatives.ts';
export type { InitiativeInput, InitiativePatch, StatusOptions } from './initiatives.ts';
export {
  KPI_STALE_DAYS,
  addKpi,
  updateKpi,
  recordKpiValue,
  deleteKpi,
  readKpis,
  isKpiStale,
} from './kpis.ts';
export type { KpiInput, KpiPatch, ReadKpisOptions } from './kpis.ts';
export { submitIdea, acceptIdea, dismissIdea, readIdeas, isIdeaKind } from './ideas.ts';
export type { IdeaInput, AcceptIdeaOptions, ReadIdeasOptions } from './ideas.ts';
export {
  stagesWithoutKeeper,
  cardVotes,
  rankFriction,
  recognition,
  observeDecisions,
} from './decisions-read.ts';
