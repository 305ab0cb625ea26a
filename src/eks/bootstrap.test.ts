import { scanShell } from '../parsers/shell';
import { bootstrapCalls, parseOpts, removeFlag } from './bootstrap';

/** Applies removeFlag to the first bootstrap.sh call (or the whole text as an argument list). */
function remove(text: string, style: 'bootstrap' | 'kubelet' = 'bootstrap'): string {
  const scan = scanShell(text);
  const call = bootstrapCalls(scan)[0];
  const words = call ? call.words : scan.commands.flatMap((c) => c.words);
  const r = removeFlag(text, words, '--container-runtime', style, call ? call.script + 1 : 0);
  let out = text;
  for (const [s, e] of [...r.edits].sort((a, b) => b[0] - a[0])) out = out.slice(0, s) + out.slice(e);
  return out;
}

describe('removeFlag', () => {
  test.each([
    ['/etc/eks/bootstrap.sh c --container-runtime containerd --b64-cluster-ca x', '/etc/eks/bootstrap.sh c --b64-cluster-ca x'],
    ['/etc/eks/bootstrap.sh c --b64-cluster-ca x --container-runtime containerd', '/etc/eks/bootstrap.sh c --b64-cluster-ca x'],
    ['/etc/eks/bootstrap.sh c --container-runtime=containerd', '/etc/eks/bootstrap.sh c'],
    ['/etc/eks/bootstrap.sh c --container-runtime "containerd"', '/etc/eks/bootstrap.sh c'],
    ['/etc/eks/bootstrap.sh c --container-runtime containerd # trailing', '/etc/eks/bootstrap.sh c # trailing'],
    // alone on a continued line: the line goes
    ['/etc/eks/bootstrap.sh c \\\n  --container-runtime containerd \\\n  --b64-cluster-ca x\n', '/etc/eks/bootstrap.sh c \\\n  --b64-cluster-ca x\n'],
    // on the last line of the chain: the continuation before it goes too
    ['/etc/eks/bootstrap.sh c \\\n  --b64-cluster-ca x \\\n  --container-runtime containerd\necho', '/etc/eks/bootstrap.sh c \\\n  --b64-cluster-ca x\necho'],
    // mid-line before a continuation
    ['/etc/eks/bootstrap.sh c --container-runtime containerd \\\n  --b64-cluster-ca x', '/etc/eks/bootstrap.sh c \\\n  --b64-cluster-ca x'],
    // inside --kubelet-extra-args
    ["/etc/eks/bootstrap.sh c --kubelet-extra-args '--container-runtime=remote --v=2'", "/etc/eks/bootstrap.sh c --kubelet-extra-args '--v=2'"],
    ["/etc/eks/bootstrap.sh c --kubelet-extra-args '--container-runtime=remote' --b64-cluster-ca x", '/etc/eks/bootstrap.sh c --b64-cluster-ca x'],
    ['/etc/eks/bootstrap.sh c --kubelet-extra-args "--v=2 --container-runtime remote"', '/etc/eks/bootstrap.sh c --kubelet-extra-args "--v=2"'],
    // look-alikes stay
    ["/etc/eks/bootstrap.sh c --kubelet-extra-args '--container-runtime-endpoint=unix:///x'", "/etc/eks/bootstrap.sh c --kubelet-extra-args '--container-runtime-endpoint=unix:///x'"],
    ['sudo -E /etc/eks/bootstrap.sh c --container-runtime containerd', 'sudo -E /etc/eks/bootstrap.sh c'],
  ])('%j', (input, output) => expect(remove(input)).toBe(output));

  test('an argument list holding only the flag is emptied', () => {
    const text = '--container-runtime containerd';
    const r = removeFlag(text, scanShell(text).commands[0].words, '--container-runtime', 'bootstrap');
    expect(r.emptied).toBe(true);
    expect(r.hits.map((h) => h.value)).toEqual(['containerd']);
  });

  test('kubelet style: a flag followed by a flag takes no value', () => {
    expect(remove('--container-runtime --v=2', 'kubelet')).toBe('--v=2');
    expect(remove('--v=2 --container-runtime remote', 'kubelet')).toBe('--v=2');
  });

  test('bootstrap.sh as an argument (sed on the script) is not a call', () => {
    expect(bootstrapCalls(scanShell("sed -i 's/a/b/' /etc/eks/bootstrap.sh"))).toEqual([]);
  });

  test('parseOpts reads bootstrap.sh values and placeholders', () => {
    const text = '--a x --b=${y} --c';
    const opts = parseOpts(text, scanShell(text).commands[0].words, 'bootstrap');
    expect(opts.map((o) => [o.name, o.valueIdx, o.isInline])).toEqual([['--a', 1, false], ['--b', undefined, true], ['--c', undefined, false]]);
  });
});
