import { hclQuotedView, yamlBlockView, yamlDoubleQuotedView, yamlPlainView, yamlSingleQuotedView } from './views';

describe('views', () => {
  test('HCL quoted: escapes decoded, offsets map back, template syntax kept', () => {
    const raw = 'a \\"b\\" ${x} \\u00e9';
    const v = hclQuotedView(raw, 10);
    expect(v.text).toBe('a "b" ${x} é');
    expect(v.toRaw(2)).toBe(12); // the quote comes from \" at raw 2
    expect(v.toRaw(3)).toBe(14);
    expect(v.toRaw(v.text.length)).toBe(10 + raw.length);
    expect(v.encode('say "hi" \\')).toBe('say \\"hi\\" \\\\');
  });

  test('YAML single and double quotes', () => {
    expect(yamlSingleQuotedView("it''s", 0).text).toBe("it's");
    expect(yamlSingleQuotedView('', 0).encode("'")).toBe("''");
    const d = yamlDoubleQuotedView('a\\tb \\"c\\"', 5);
    expect(d.text).toBe('a\tb "c"');
    expect(d.toRaw(1)).toBe(6);
  });

  test('YAML plain scalars fold line breaks', () => {
    expect(yamlPlainView('a b\n   c', 0).text).toBe('a b c');
  });

  test('YAML block scalar: lines without indentation, breaks kept, CRLF mapped', () => {
    const raw = '|\r\n  one \\\r\n    two\r\n';
    const v = yamlBlockView(raw, 100);
    expect(v.text).toBe('one \\\n  two\n');
    expect(v.toRaw(0)).toBe(100 + raw.indexOf('one'));
    expect(v.toRaw(5)).toBe(100 + raw.indexOf('\r\n    two')); // the break maps to \r
    expect(v.toRaw(6)).toBe(100 + raw.indexOf('  two'));
  });
});
