import { scanShell } from './shell';

const words = (text: string) => scanShell(text).commands.map((c) => c.words.map((w) => text.slice(w.start, w.end)));
const values = (text: string) => scanShell(text).commands.map((c) => c.words.map((w) => w.value ?? `<${w.prefix}…>`));

describe('scanShell', () => {
  test('splits commands on newlines, ;, && and |, and joins continued lines', () => {
    expect(words('a b\nc; d && e | f\ng \\\n  h')).toEqual([['a', 'b'], ['c'], ['d'], ['e'], ['f'], ['g', 'h']]);
  });

  test('a CRLF continuation is a continuation too', () => {
    expect(words('a \\\r\n  b\r\nc')).toEqual([['a', 'b'], ['c']]);
  });

  test('quotes: value without quotes, inner range of a wholly quoted word', () => {
    const text = `x 'a b' "c \\"d\\"" e'f'`;
    const ws = scanShell(text).commands[0].words;
    expect(ws.map((w) => w.value)).toEqual(['x', 'a b', 'c "d"', 'ef']);
    expect(ws[1].quote).toEqual({ char: "'", inner: [3, 6] });
    expect(ws[3].quote).toBeUndefined();
  });

  test('Terraform and shell placeholders are opaque parts of a word', () => {
    expect(values('a ${var.x} --f=${join(",", ["}"])} $${HOME} %{ if x }y%{ endif } $(date) `id` $V --n=$V')).toEqual([
      ['a', '<…>', '<--f=…>', '<…>', '<…>', '<…>', '<…>', '<…>', '<--n=…>'],
    ]);
  });

  test('${…} inside single quotes is still a Terraform placeholder; $V is literal there', () => {
    expect(values("'--node-ip=${ip}' '$V'")).toEqual([['<--node-ip=…>', '$V']]);
  });

  test('comments start at a word boundary only', () => {
    const s = scanShell('a#b # c\nd');
    expect(s.commands.map((c) => c.words.map((w) => w.value))).toEqual([['a#b'], ['d']]);
    expect(s.comments).toEqual([[4, 7]]);
  });

  test('redirections like 3>&1 stay in the command', () => {
    expect(words('cmd -x 3>&1 4>&1')).toEqual([['cmd', '-x', '3>&1', '4>&1']]);
  });

  test('never throws on unterminated quotes or braces', () => {
    expect(() => scanShell("a 'b\nc")).not.toThrow();
    expect(() => scanShell('a ${b\nc')).not.toThrow();
    expect(words("a 'b c")).toEqual([['a', "'b c"]]);
  });

  test('a multi-line quoted string is one word', () => {
    expect(words("printf '#!/bin/bash\nexport A=1\n' > f")).toEqual([['printf', "'#!/bin/bash\nexport A=1\n'", '>', 'f']]);
  });

  test('scans a sub-range with file offsets', () => {
    const text = 'xx --a b yy';
    const s = scanShell(text, 3, 8);
    expect(s.commands[0].words.map((w) => [w.start, w.end])).toEqual([[3, 6], [7, 8]]);
  });
});
