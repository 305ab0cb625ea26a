/**
 * Where things are in a text, shared by every layer (a leaf: it imports nothing). Every offset is a JS string
 * (UTF-16) index into the file's text, as web-tree-sitter (given a JS string) and `yaml` report them.
 */

/** A half-open range [start, end) of UTF-16 indices into a file's text. */
export type Range = readonly [number, number];

/** One text edit: replace `range` of the original text with `text`. */
export interface Edit {
  readonly range: Range;
  readonly text: string;
}

export interface Position {
  line: number; // 1-based
  column: number; // 1-based, in UTF-16 units like editors and tree-sitter given a JS string
}
