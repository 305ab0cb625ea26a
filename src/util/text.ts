import type { Position } from './range';

/** Line starts of a text, for offset → line:column (1-based, UTF-16 columns). */
export class LineIndex {
  private readonly starts: number[] = [0];
  constructor(readonly text: string) {
    for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) this.starts.push(i + 1);
  }
  position(offset: number): Position {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - this.starts[lo] + 1 };
  }
  /** Offset of the start of the 1-based `line`. */
  lineStart(line: number): number {
    return this.starts[Math.max(0, Math.min(line - 1, this.starts.length - 1))];
  }
}

/** Start of the line that holds `offset`. */
export function lineStartOf(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

/** Offset just past the line break that ends the line holding `offset` (or the text's end). */
export function lineEndOf(text: string, offset: number): number {
  const nl = text.indexOf('\n', offset);
  return nl < 0 ? text.length : nl + 1;
}

/** Offset of the line break (\r\n or \n) ending the line of `offset`, or the text's end. */
export function lineBreakOf(text: string, offset: number): number {
  const nl = text.indexOf('\n', offset);
  if (nl < 0) return text.length;
  return nl > 0 && text[nl - 1] === '\r' ? nl - 1 : nl;
}

export const isBlank = (s: string): boolean => /^[ \t]*$/.test(s);

/** The line break style a text uses ("\r\n" when its first line ends so). */
export function eolOf(text: string): string {
  const nl = text.indexOf('\n');
  return nl > 0 && text[nl - 1] === '\r' ? '\r\n' : '\n';
}

/**
 * The range that deletes whole lines [from the line of `start`, through the line of `end - 1`], line break
 * included, when nothing but blanks surrounds [start, end) on those lines; otherwise undefined.
 */
export function wholeLines(text: string, start: number, end: number): [number, number] | undefined {
  const ls = lineStartOf(text, start);
  const le = lineEndOf(text, Math.max(start, end - 1));
  const lb = lineBreakOf(text, Math.max(start, end - 1));
  if (!isBlank(text.slice(ls, start)) || !isBlank(text.slice(end, lb))) return undefined;
  return keepFinalNewline(text, [ls, le]);
}

/**
 * Like wholeLines, but the last line may go on after `end` with a separator and a comment (`,`, `# …`, `// …`):
 * the range that deletes an attribute or map entry line together with its trailing comment.
 */
export function entryLines(text: string, start: number, end: number): [number, number] | undefined {
  const ls = lineStartOf(text, start);
  if (!isBlank(text.slice(ls, start))) return undefined;
  const lb = lineBreakOf(text, Math.max(start, end - 1));
  if (!/^[ \t]*,?[ \t]*(?:(?:#|\/\/).*)?$/.test(text.slice(end, lb))) return undefined;
  return keepFinalNewline(text, [ls, lineEndOf(text, Math.max(start, end - 1))]);
}

/** A deletion of whole lines that reaches the end of a text without a final newline takes the line break before it instead. */
function keepFinalNewline(text: string, [s, e]: [number, number]): [number, number] {
  if (e === text.length && !text.endsWith('\n') && s > 0) return [s - (text[s - 2] === '\r' ? 2 : 1), e];
  return [s, e];
}
