/** An account, as every store that names people returns it. */
export interface User {
  id: string;
  email: string;
  displayName: string;
  /** The colour of the user's cursor and avatar, e.g. `#e07a5f`. */
  colour: string;
  department: string | null;
  createdAt: number;
  updatedAt: number;
}
