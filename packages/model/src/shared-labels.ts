import type * as Y from 'yjs';
import { kpisMap } from './decisions-schema.ts';
import { lanesMap, personasMap, stagesMap, textField, type Entity } from './schema.ts';

const OWNERS = {
  stages: stagesMap,
  lanes: lanesMap,
  personas: personasMap,
  kpis: kpisMap,
} satisfies Record<string, (doc: Y.Doc) => Y.Map<Entity>>;

/** The entities whose names (and, for personas, descriptions) are shared text. */
export type LabelOwner = keyof typeof OWNERS;

/**
 * A name's or description's shared text for an editor to bind to; null while it is still
 * a plain string (the first edit converts it) or when the entity is gone.
 */
export function getLabelText(
  doc: Y.Doc,
  owner: LabelOwner,
  id: string,
  key: 'name' | 'description',
): Y.Text | null {
  const entity = OWNERS[owner](doc).get(id);
  return entity ? textField(entity, key) : null;
}
