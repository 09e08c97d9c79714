/**
 * `${NAME}` refers to a declared variable; `$NAME`, `${NAME:-x}`, `$(…)` are shell and pass
 * through; `$${NAME}` is a literal `${NAME}` (SPEC §2).
 */
const REFERENCE = /(\$?)\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g;

/** A `${NAME}` reference found in a text. */
export interface VarRef {
  name: string;
  /** Offset of the `$` in the text. */
  index: number;
}

/** Every `${NAME}` reference in a text, skipping escaped `$${NAME}`. */
export function findVarRefs(text: string): VarRef[] {
  const refs: VarRef[] = [];
  for (const match of text.matchAll(REFERENCE)) {
    if (match[1] === '$') continue;
    refs.push({ name: match[2] ?? '', index: match.index });
  }
  return refs;
}

/**
 * Replaces each `${NAME}` with what `replace` returns for it, and `$${NAME}` with a literal
 * `${NAME}`.
 */
export function substituteVars(text: string, replace: (name: string) => string): string {
  return text.replace(REFERENCE, (_whole, escape: string, name: string) => (escape === '$' ? `\${${name}}` : replace(name)));
}

/** Variables every session provides without a declaration. */
export const BUILTIN_VARS = {
  DRP_SESSION_ID: 'the id of this session',
  DRP_SESSION_DIR: "this session's folder under DRP_HOME (a scratch space that is kept)",
  DRP_MODE: 'incident or drill',
  DRP_RUNBOOK_DIR: 'the folder the runbook file is in',
} as const;
