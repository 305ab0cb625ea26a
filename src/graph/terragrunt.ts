/**
 * A Terragrunt unit (a terragrunt.hcl): its module (`terraform { source }`), its inputs (with the inputs of the
 * files it includes: the unit's own win), its locals, the files it reads with `read_terragrunt_config` and
 * `include`, and the functions that find them (`find_in_parent_folders`, `get_terragrunt_dir`, `get_env` with a
 * default). The unit is a root whose module's variables are its inputs.
 */
import * as path from 'path';
import { attrOf, type Block, blocksOf, type Expr } from '../parsers/hcl-ast';
import { evaluate, type EvalContext } from './evaluate';
import { isLocalSource, type Project } from './project';
import { alt, type Alts, one, type Site, unknownAlts } from './values';

export class TerragruntUnit {
  private readonly locals = new Map<string, Map<string, Alts>>();
  private readonly busy = new Set<string>();
  private readonly read = new Set<string>();
  private inputsMemo?: Alts;
  private sourceMemo?: { value?: string; site?: Site };

  constructor(private readonly project: Project, readonly file: string) {
    this.read.add(file);
  }

  get dir(): string {
    return path.dirname(this.file);
  }

  /** Files the unit reads: itself, what it includes, what read_terragrunt_config reads (after its inputs are read). */
  reads(): string[] {
    this.inputs();
    this.source();
    return [...this.read];
  }

  /** The `include` blocks of a file, each with the file it includes. */
  private includes(file: string): Array<{ name: string; file: string; block: Block }> {
    const ast = this.project.parsed(file)?.ast;
    if (!ast) return [];
    return blocksOf(ast, 'include').flatMap((b) => {
      const p = attrOf(b, 'path');
      const v = p ? this.evaluateIn(p.value, file) : [];
      const f = v.length === 1 && v[0].val.kind === 'string' ? path.resolve(path.dirname(file), v[0].val.value) : undefined;
      if (!f || !this.project.readable(f)) return [];
      this.read.add(f);
      return [{ name: b.labels[0] ?? '', file: f, block: b }];
    });
  }

  /** The unit's module source: its own `terraform { source }`, else the one of a file it includes. */
  source(): { value?: string; site?: Site } {
    if (this.sourceMemo) return this.sourceMemo;
    const find = (file: string, depth: number): { value?: string; site?: Site } | undefined => {
      // a literal source (most units) is read from the text, without parsing the file
      const t = this.project.text(file) ?? '';
      const lit = /^terraform[ \t]*\{[^}]*?\bsource[ \t]*=[ \t]*"([^"$%\\]*)"/m.exec(t);
      if (lit) {
        const at = (lit.index ?? 0) + lit[0].length - lit[1].length - 1;
        return { value: lit[1], site: { file, range: [at, at + lit[1].length + 2] } };
      }
      const ast = this.project.parsed(file)?.ast;
      for (const t of ast ? blocksOf(ast, 'terraform') : []) {
        const s = attrOf(t, 'source');
        if (!s) continue;
        const v = this.evaluateIn(s.value, file);
        return { value: v.length === 1 && v[0].val.kind === 'string' ? v[0].val.value : undefined, site: { file, range: s.value.range } };
      }
      if (depth > 3) return undefined;
      for (const inc of this.includes(file)) {
        const r = find(inc.file, depth + 1);
        if (r) return r;
      }
      return undefined;
    };
    return (this.sourceMemo = find(this.file, 0) ?? {});
  }

  /** The folder of the unit's module when its source is a local path (`../modules//eks`), else undefined. */
  moduleDir(): string | undefined {
    const s = this.source();
    if (!s.site) return this.project.tfFiles(this.dir).length ? this.dir : undefined;
    if (!s.value) return undefined;
    const local = isLocalSource(s.value) || path.isAbsolute(s.value);
    if (!local) return undefined;
    const clean = s.value.replace(/\?.*$/, '').replace(/\/\/+/g, '/');
    return path.resolve(path.dirname(s.site.file), clean);
  }

  /** The unit's inputs (its own over those of the files it includes). */
  inputs(): Alts {
    if (this.inputsMemo) return this.inputsMemo;
    const collect = (file: string, depth: number): Alts => {
      const ast = this.project.parsed(file)?.ast;
      const own = ast && attrOf(ast, 'inputs');
      const mine = own ? this.evaluateIn(own.value, file) : undefined;
      const parents = depth > 3 ? [] : this.includes(file).map((i) => collect(i.file, depth + 1));
      // shallow merge: the including file wins
      const fields = new Map<string, Alts>();
      const keySites = new Map<string, Site>();
      for (const p of [...parents, ...(mine ? [mine] : [])]) {
        if (p.length !== 1 || p[0].val.kind !== 'object') {
          if (p.length) return unknownAlts(`inputs of ${path.basename(file)} are not a map eks-migrate reads`);
          continue;
        }
        for (const [k, v] of p[0].val.fields) fields.set(k, v);
        for (const [k, s] of p[0].val.keySites ?? []) keySites.set(k, s);
      }
      return one({ kind: 'object', fields, keySites });
    };
    return (this.inputsMemo = collect(this.file, 0));
  }

  /** The locals of a Terragrunt file. */
  private localsOf(file: string): Map<string, Alts> {
    let m = this.locals.get(file);
    if (!m) this.locals.set(file, (m = new Map()));
    return m;
  }

  private local(file: string, name: string): Alts {
    const memo = this.localsOf(file).get(name);
    if (memo) return memo;
    const key = `${file}\0${name}`;
    if (this.busy.has(key)) return unknownAlts(`local.${name} refers to itself`);
    this.busy.add(key);
    try {
      const ast = this.project.parsed(file)?.ast;
      let v: Alts = unknownAlts(`local.${name} is not defined in ${path.basename(file)}`);
      for (const b of ast ? blocksOf(ast, 'locals') : []) {
        const a = attrOf(b, name);
        if (a) {
          v = this.evaluateIn(a.value, file);
          break;
        }
      }
      this.localsOf(file).set(name, v);
      return v;
    } finally {
      this.busy.delete(key);
    }
  }

  /** All locals of a file as an object (read_terragrunt_config(...).locals). */
  private allLocals(file: string): Alts {
    const ast = this.project.parsed(file)?.ast;
    const fields = new Map<string, Alts>();
    const keySites = new Map<string, Site>();
    for (const b of ast ? blocksOf(ast, 'locals') : []) {
      for (const a of b.attributes) {
        fields.set(a.name, this.local(file, a.name));
        keySites.set(a.name, { file, range: [a.range[0], a.range[0] + a.name.length] });
      }
    }
    return one({ kind: 'object', fields, keySites });
  }

  /** An expression of a Terragrunt file, evaluated for this unit. */
  evaluateIn(e: Expr, file: string): Alts {
    return evaluate(e, this.context(file));
  }

  private context(file: string): EvalContext {
    const project = this.project;
    return {
      file,
      text: project.text(file) ?? '',
      readFile: (f) => {
        const t = project.text(f);
        if (t !== null) this.read.add(f);
        return t;
      },
      readYaml: (f) => project.yaml(f),
      ref: (head, steps, at) => {
        const n0 = steps[0]?.kind === 'attr' ? (steps[0] as { name: string }).name : undefined;
        if (head === 'local' && n0) return { alts: this.local(file, n0), used: 1 };
        if (head === 'include' && n0) {
          const inc = this.includes(file).find((i) => i.name === n0);
          const what = steps[1]?.kind === 'attr' ? (steps[1] as { name: string }).name : undefined;
          if (!inc) return { alts: unknownAlts(`include.${n0} is not an include of ${path.basename(file)}`, at), used: 1 };
          if (what === 'locals') return { alts: this.allLocals(inc.file), used: 2 };
          if (what === 'inputs') {
            const ast = project.parsed(inc.file)?.ast;
            const i = ast && attrOf(ast, 'inputs');
            return { alts: i ? this.evaluateIn(i.value, inc.file) : unknownAlts('no inputs', at), used: 2 };
          }
          return { alts: unknownAlts(`include.${n0}`, at), used: 1 };
        }
        if (head === 'dependency') return { alts: unknownAlts(`dependency.${n0 ?? ''} outputs come from another unit's state`, at), used: 1 };
        return { alts: unknownAlts(`${head} is not a value eks-migrate follows in Terragrunt`, at), used: 0 };
      },
      fn: (name, args, at) => this.fn(name, args, at, file),
    };
  }

  private fn(name: string, args: readonly Expr[], at: Site, file: string): Alts | undefined {
    const ev = (i: number) => (args[i] ? this.evaluateIn(args[i], file) : undefined);
    const str = (a: Alts | undefined) => (a && a.length === 1 && a[0].val.kind === 'string' ? a[0].val.value : undefined);
    const project = this.project;
    switch (name) {
      case 'find_in_parent_folders': {
        const n = args.length ? str(ev(0)) : 'terragrunt.hcl';
        if (n === undefined) return unknownAlts('find_in_parent_folders() of a name that is not known', at);
        const f = project.findInParents(path.dirname(file), n);
        if (f) return one({ kind: 'string', value: f });
        return args.length > 1 ? ev(1)! : unknownAlts(`find_in_parent_folders("${n}"): no such file above ${path.basename(path.dirname(file))}/ in the paths given`, at);
      }
      case 'read_terragrunt_config': {
        const p = str(ev(0));
        if (p === undefined) return unknownAlts('read_terragrunt_config() of a path that is not known', at);
        const f = path.resolve(path.dirname(file), p);
        if (!project.readable(f) || !project.parsed(f)) return args.length > 1 ? ev(1)! : unknownAlts(`read_terragrunt_config("${p}"): not a file eks-migrate reads here`, at);
        this.read.add(f);
        const ast = project.parsed(f)!.ast;
        const inputs = attrOf(ast, 'inputs');
        const fields = new Map<string, Alts>([['locals', this.allLocals(f)]]);
        if (inputs) fields.set('inputs', this.evaluateIn(inputs.value, f));
        return one({ kind: 'object', fields, site: at });
      }
      case 'read_tfvars_file': {
        // the values of a .tfvars file (Terragrunt hands them over as JSON text, for jsondecode)
        const p = str(ev(0));
        if (p === undefined) return unknownAlts('read_tfvars_file() of a path that is not known', at);
        const f = path.resolve(path.dirname(file), p);
        const parsed = project.readable(f) ? project.parsed(f) : null;
        if (!parsed) return unknownAlts(`read_tfvars_file("${p}"): not a file eks-migrate reads here`, at);
        this.read.add(f);
        const fields = new Map<string, Alts>();
        const keySites = new Map<string, Site>();
        for (const a of parsed.ast.attributes) {
          fields.set(a.name, this.evaluateIn(a.value, f));
          keySites.set(a.name, { file: f, range: [a.range[0], a.range[0] + a.name.length] });
        }
        return one({ kind: 'object', fields, keySites, site: at });
      }
      case 'get_terragrunt_dir':
      case 'get_original_terragrunt_dir':
        return one({ kind: 'string', value: this.dir });
      case 'get_parent_terragrunt_dir':
        return one({ kind: 'string', value: path.dirname(file) });
      case 'get_repo_root':
      case 'path_relative_to_include':
      case 'path_relative_from_include':
      case 'get_aws_account_id':
      case 'get_aws_caller_identity_arn':
        return unknownAlts(`${name}() is known at plan time`, at);
      case 'get_env': {
        const n = str(ev(0)) ?? '?';
        const d = ev(1);
        if (!d) return unknownAlts(`get_env("${n}") has no default`, at);
        return d.map((x) => alt(x.val, [...x.when, `$${n} is not set`], x.via));
      }
      default:
        return undefined;
    }
  }
}
