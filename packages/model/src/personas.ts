import * as Y from 'yjs';
import { ModelError } from './errors.ts';
import { newIdFor } from './random.ts';
import { cardsMap, mapField, personasMap, setLabel, type Entity, eachEntity } from './schema.ts';
import { orderInMap } from './siblings.ts';
import type { Actor } from './types.ts';
import { LIMITS, checkLabel, checkText, mustExist, write } from './validate.ts';

export const PERSONA_COLOURS = [
  '#e11d48',
  '#2563eb',
  '#16a34a',
  '#d97706',
  '#7c3aed',
  '#0891b2',
] as const;

export interface PersonaInput {
  name: string;
  description?: string;
  /** `#rrggbb`; default: picked from PERSONA_COLOURS. */
  colour?: string;
}

function checkColour(value: unknown): string {
  if (typeof value !== 'string' || !/^#[0-9a-f]{6}$/i.test(value)) {
    throw new ModelError('invalid-colour', 'colour must look like #rrggbb');
  }
  return value.toLowerCase();
}

function personaEntity(doc: Y.Doc, personaId: string): Entity {
  return mustExist(personasMap(doc).get(personaId), 'unknown-persona', personaId);
}

export function addPersona(doc: Y.Doc, input: PersonaInput, actor: Actor): string {
  const name = checkLabel(input.name, 'persona name', LIMITS.name);
  const description = checkText(input.description ?? '', 'description', LIMITS.description);
  const fallback = PERSONA_COLOURS[personasMap(doc).size % PERSONA_COLOURS.length] ?? '#2563eb';
  const colour = checkColour(input.colour ?? fallback);
  const id = newIdFor(doc);
  return write(doc, actor, () => {
    const persona: Entity = new Y.Map();
    persona.set('name', new Y.Text(name));
    persona.set('description', new Y.Text(description));
    persona.set('colour', colour);
    persona.set('order', orderInMap(doc, personasMap(doc), null, undefined));
    personasMap(doc).set(id, persona);
    return id;
  });
}

/** Changes only the fields given, each its own map entry so concurrent edits merge. */
export function updatePersona(
  doc: Y.Doc,
  personaId: string,
  patch: Partial<PersonaInput>,
  actor: Actor,
): void {
  const persona = personaEntity(doc, personaId);
  const values = new Map<string, string>();
  if (patch.name !== undefined)
    values.set('name', checkLabel(patch.name, 'persona name', LIMITS.name));
  if (patch.description !== undefined) {
    values.set('description', checkText(patch.description, 'description', LIMITS.description));
  }
  if (patch.colour !== undefined) values.set('colour', checkColour(patch.colour));
  write(doc, actor, () =>
    values.forEach((value, key) =>
      key === 'colour' ? persona.set(key, value) : setLabel(persona, key, value),
    ),
  );
}

/** Deletes the persona and untags it from every card. A tag added concurrently by
 * another peer stays in the doc but reads ignore tags of deleted personas. */
export function deletePersona(doc: Y.Doc, personaId: string, actor: Actor): void {
  personaEntity(doc, personaId);
  write(doc, actor, () => {
    eachEntity(cardsMap(doc), (card) => mapField(card, 'personas')?.delete(personaId));
    personasMap(doc).delete(personaId);
  });
}
