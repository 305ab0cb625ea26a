/**
 * The configuration graph: each root evaluated per environment as a tree of module instances, each value with
 * the literal it comes from (values.ts). Built lazily: a question about a file instantiates only the roots that
 * read it. Knows HCL and Terraform / Terragrunt semantics, nothing of EKS: what a registry module's outputs hand
 * back is given by the caller (GraphOptions).
 */
import * as path from 'path';
import { hclParser } from '../parsers/hcl';
import { attrOf, type Attribute, type Block, blocksOf, type Expr, type HclFile, stringAttr } from '../parsers/hcl-ast';
import type { Range } from '../util/range';
import { evaluate, type EvalContext, fromYaml, type Step } from './evaluate';
import { type Environment, isLocalSource, Project, refOf, type Root, TERRAGRUNT_FILE, TF_FILE, TFVARS_FILE } from './project';
import { DISK_READER, type FolderReader, inside } from './reader';
import { TerragruntUnit } from './terragrunt';
import { alt, type Alts, type DataRef, entry, field, one, type Site, through, unknownAlts } from './values';

export type { Environment, Root };

export interface GraphOptions {
  /** A registry module's output that hands back one of its inputs: (source, output) → the input's name. */
  registryOutput?(source: string, output: string): string | undefined;
  /**
   * The .tf files that may call a local module (their text holds `"./` or `"../`), when the caller has looked at
   * every .tf file already: the graph reads only these to find module calls.
   */
  readonly localCallers?: ReadonlySet<string>;
}

/** `each.key` / `each.value` of an instance made by for_each. */
export interface Each {
  readonly key: Alts;
  readonly value: Alts;
}

/** A module call: a `module` block (one instance of it, for for_each), or a Terragrunt unit's `terraform.source`. */
export interface CallSite {
  /** The module block's label, or `terragrunt`. */
  readonly name: string;
  readonly file: string;
  /** The block (a unit: its inputs, or the whole file). */
  readonly range: Range;
  readonly source: string;
  /** The `version` constraint of a registry module, or the `?ref=` / `?version=` of a source. */
  readonly version?: string;
  readonly key?: string;
  readonly caller: Instance;
  /** The arguments it passes (names). */
  argNames(): string[];
  /** An argument's value, evaluated where the call is written. */
  arg(name: string): Alts | undefined;
  /** Where an argument is written (its expression). */
  argSite(name: string): Site | undefined;
  /** Nested blocks of a module block are not arguments; undefined for a unit. */
  readonly block?: Block;
}

/** One instance of a resource or data block (for_each makes one per key). */
export interface BlockInstance {
  readonly inst: Instance;
  readonly kind: 'resource' | 'data';
  readonly type: string;
  readonly name: string;
  readonly block: Block;
  readonly file: string;
  readonly key?: string;
  readonly each?: Each;
  /** The value of an attribute (or of `a.b` in a nested block `a`), undefined when it is not written. */
  attr(name: string, sub?: Block): Alts | undefined;
  /** Evaluates any expression of the block (a nested block's attribute). */
  evaluate(e: Expr): Alts;
}

const MAX_MODULE_DEPTH = 12;

/** The module instance each data reference was made in (a value passed into a module keeps its caller's block). */
const DATA_OWNERS = new WeakMap<DataRef, Instance>();
/** The instance whose data block `ref` names. */
export const dataOwner = (ref: DataRef): Instance | undefined => DATA_OWNERS.get(ref);


export class Instance {
  private readonly vars = new Map<string, Alts>();
  private readonly locs = new Map<string, Alts>();
  private readonly busy = new Set<string>();
  private kids?: Instance[];
  private calls?: CallSite[];

  constructor(
    readonly graph: Graph,
    readonly root: Root,
    readonly env: Environment,
    readonly dir: string,
    readonly address: string,
    readonly parent?: Instance,
    readonly call?: CallSite,
    /** Terragrunt: the unit whose module this is (the root instance of a unit has no .tf files of its own). */
    readonly unit?: TerragruntUnit,
  ) {}

  get depth(): number {
    return this.parent ? this.parent.depth + 1 : 0;
  }

  /** The .tf files of this instance's folder, parsed. */
  files(): Array<{ file: string; text: string; ast: HclFile }> {
    if (this.unit && !this.parent) return [];
    return this.graph.project.tfFiles(this.dir).flatMap((f) => {
      const p = this.graph.project.parsed(f);
      return p ? [p] : [];
    });
  }

  /**
   * Blocks of a type in this instance's folder (with their file); `label`: of that first label (a resource type).
   * Only the files whose text names them are parsed (most files of a module define none of what is asked).
   */
  blocks(type: string, label?: string): Array<{ block: Block; file: string }> {
    if (this.unit && !this.parent) return [];
    const project = this.graph.project;
    const out: Array<{ block: Block; file: string }> = [];
    for (const f of project.tfFiles(this.dir)) {
      const t = project.text(f);
      if (!t || !t.includes(type) || (label && !t.includes(label))) continue;
      const p = project.parsed(f);
      if (p) for (const block of blocksOf(p.ast, type)) if (!label || block.labels[0] === label) out.push({ block, file: f });
    }
    return out;
  }

  private declaration(name: string): { block: Block; file: string } | undefined {
    return this.blocks('variable').find((b) => b.block.labels[0] === name);
  }

  /** `var.NAME` here: the argument the caller passes, the environment's .tfvars value, or the default. */
  variable(name: string): Alts {
    const memo = this.vars.get(name);
    if (memo) return memo;
    if (this.busy.has(`var.${name}`)) return unknownAlts(`var.${name} refers to itself`);
    this.busy.add(`var.${name}`);
    try {
      const v = this.computeVariable(name);
      this.vars.set(name, v);
      return v;
    } finally {
      this.busy.delete(`var.${name}`);
    }
  }

  private computeVariable(name: string): Alts {
    const decl = this.declaration(name);
    if (this.call) {
      const a = this.call.arg(name);
      if (a) return through(a, this.call.argSite(name));
    } else {
      for (const f of [...this.env.files].reverse()) {
        const v = this.graph.tfvarsValue(f, name);
        if (v) return v;
      }
    }
    if (!decl) return unknownAlts(`var.${name} is not declared in ${this.rel(this.dir) || '.'}/`);
    const d = attrOf(decl.block, 'default');
    if (d) return this.evaluate(d.value, decl.file);
    if (this.call) return unknownAlts(`var.${name} has no default and ${this.call.name === 'terragrunt' ? 'the unit\'s inputs do not set it' : `module "${this.call.name}" does not pass it`}`);
    return unknownAlts(`var.${name} has no default and ${this.env.name === 'default' ? 'no .tfvars file of the root sets it' : `${this.env.name} does not set it`}: its value comes at plan time`);
  }

  /** `local.NAME` here. */
  local(name: string): Alts {
    const memo = this.locs.get(name);
    if (memo) return memo;
    if (this.busy.has(`local.${name}`)) return unknownAlts(`local.${name} refers to itself`);
    this.busy.add(`local.${name}`);
    try {
      let v: Alts = unknownAlts(`local.${name} is not defined in ${this.rel(this.dir) || '.'}/`);
      for (const { block, file } of this.blocks('locals')) {
        const a = attrOf(block, name);
        if (a) {
          v = this.evaluate(a.value, file);
          break;
        }
      }
      this.locs.set(name, v);
      return v;
    } finally {
      this.busy.delete(`local.${name}`);
    }
  }

  /** Where `local.NAME` is written. */
  localAttr(name: string): { attr: Attribute; file: string } | undefined {
    for (const { block, file } of this.blocks('locals')) {
      const a = attrOf(block, name);
      if (a) return { attr: a, file };
    }
    return undefined;
  }

  rel(p: string): string {
    return path.relative(this.root.dir, p).split(path.sep).join('/');
  }

  /** An expression of one of this instance's files, evaluated here. */
  evaluate(e: Expr, file: string, each?: Each): Alts {
    return evaluate(e, this.context(file, each));
  }

  context(file: string, each?: Each): EvalContext {
    const graph = this.graph;
    const text = graph.project.text(file) ?? '';
    return {
      file,
      text,
      ref: (head, steps, at) => this.ref(head, steps, at, file, each),
      readFile: (f) => graph.project.text(f),
      readYaml: (f) => graph.project.yaml(f),
      onTemplate: (f, vars, at) => graph.noteTemplate(f, this, vars, at),
    };
  }

  private ref(head: string, steps: readonly Step[], at: Site, file: string, each?: Each): { alts: Alts; used: number } | undefined {
    const name = (i: number) => (steps[i]?.kind === 'attr' ? (steps[i] as { name: string }).name : undefined);
    const n0 = name(0);
    switch (head) {
      case 'var':
        return n0 ? { alts: this.variable(n0), used: 1 } : undefined;
      case 'local':
        return n0 ? { alts: this.local(n0), used: 1 } : undefined;
      case 'each':
        if (!each) return { alts: unknownAlts('each.* outside for_each', at), used: 1 };
        return n0 === 'key' ? { alts: each.key, used: 1 } : n0 === 'value' ? { alts: each.value, used: 1 } : undefined;
      case 'count':
        return { alts: unknownAlts('count.index', at), used: 1 };
      case 'path':
        if (n0 === 'module') return { alts: one({ kind: 'string', value: this.dir }), used: 1 };
        if (n0 === 'root' || n0 === 'cwd') return { alts: one({ kind: 'string', value: this.root.dir }), used: 1 };
        return undefined;
      case 'terraform':
        return n0 === 'workspace' ? { alts: unknownAlts('terraform.workspace is chosen at plan time', at), used: 1 } : undefined;
      case 'module':
        return n0 ? this.moduleRef(n0, steps, at) : undefined;
      case 'data': {
        const t = n0;
        const n = name(1);
        const a = name(2);
        if (!t || !n) return undefined;
        const ref: DataRef = { type: t, name: n, attr: a ?? '' };
        DATA_OWNERS.set(ref, this);
        return { alts: unknownAlts(`data.${t}.${n}${a ? `.${a}` : ''} is read from the provider at plan time`, at, ref), used: a ? 3 : 2 };
      }
      case 'self':
        return { alts: unknownAlts('self', at), used: 0 };
      default:
        return this.resourceRef(head, steps, at);
    }
  }

  /** `module.NAME.OUTPUT` (or `module.NAME["key"].OUTPUT`). */
  private moduleRef(name: string, steps: readonly Step[], at: Site): { alts: Alts; used: number } | undefined {
    let used = 1;
    let key: string | undefined;
    const s1 = steps[1];
    if (s1?.kind === 'index') {
      const k = this.evaluate(s1.key, at.file);
      key = k.length === 1 && k[0].val.kind === 'string' ? k[0].val.value : undefined;
      used = 2;
    }
    const out = steps[used];
    if (out?.kind !== 'attr') return { alts: unknownAlts(`module.${name} as a whole`, at), used };
    used++;
    const child = this.children().find((c) => c.call?.name === name && (key === undefined || c.call.key === key));
    if (child) return { alts: child.output(out.name), used };
    const reg = this.registryCalls().find((c) => c.name === name && (key === undefined || c.key === key));
    if (reg) {
      const input = this.graph.options.registryOutput?.(reg.source, out.name);
      const a = input ? reg.arg(input) : undefined;
      if (a) return { alts: through(a, reg.argSite(input!)), used };
      return { alts: unknownAlts(`module.${name}.${out.name} is an output of ${reg.source}`, at), used };
    }
    return { alts: unknownAlts(`module.${name} is not a module of ${this.rel(this.dir) || '.'}/ eks-migrate reads`, at), used };
  }

  /** An output of this instance. */
  output(name: string): Alts {
    const o = this.blocks('output').find((b) => b.block.labels[0] === name);
    const v = o && attrOf(o.block, 'value');
    return v ? this.evaluate(v.value, o!.file) : unknownAlts(`output "${name}" is not in ${this.rel(this.dir) || '.'}/`);
  }

  /** `TYPE.NAME.ATTR` of a resource of this instance (`aws_eks_cluster.this.version`). */
  private resourceRef(type: string, steps: readonly Step[], at: Site): { alts: Alts; used: number } | undefined {
    const n = steps[0]?.kind === 'attr' ? (steps[0] as { name: string }).name : undefined;
    if (!n) return undefined;
    const all = this.resources(type).filter((r) => r.name === n);
    if (!all.length) return { alts: unknownAlts(`${type}.${n} is not a resource of ${this.rel(this.dir) || '.'}/`, at), used: 1 };
    let used = 1;
    let pick = all;
    const s1 = steps[1];
    if (s1?.kind === 'index') {
      const k = this.evaluate(s1.key, at.file);
      const key = k.length === 1 ? (k[0].val.kind === 'string' ? k[0].val.value : k[0].val.kind === 'number' ? String(k[0].val.value) : undefined) : undefined;
      pick = key === undefined ? all : all.filter((r) => r.key === key || (r.key === undefined && key === '0'));
      used = 2;
    } else if (all.length > 1 || all[0].key !== undefined) {
      return { alts: unknownAlts(`${type}.${n} has several instances (for_each)`, at), used };
    }
    const a = steps[used];
    if (a?.kind !== 'attr') return { alts: unknownAlts(`${type}.${n} as a whole`, at), used };
    used++;
    const out = pick.flatMap((r) => r.attr(a.name) ?? unknownAlts(`${type}.${n}.${a.name} is set by the provider`, at));
    return { alts: out.length ? out : unknownAlts(`${type}.${n}`, at), used };
  }

  private instancesOf(kind: 'resource' | 'data', type?: string): BlockInstance[] {
    const out: BlockInstance[] = [];
    for (const { block, file } of this.blocks(kind, type)) {
      const [t, n] = block.labels;
      if (!t || !n || (type && t !== type)) continue;
      for (const each of this.expand(block, file)) {
        const make = (key: string | undefined, e: Each | undefined): BlockInstance => ({
          inst: this, kind, type: t, name: n, block, file, key, each: e,
          attr: (name, sub) => {
            const a = attrOf(sub ?? block, name);
            return a ? this.evaluate(a.value, file, e) : undefined;
          },
          evaluate: (x) => this.evaluate(x, file, e),
        });
        out.push(make(each.key, each.each));
      }
    }
    return out;
  }

  private resourceMemo = new Map<string, BlockInstance[]>();
  /** Instances of the resources of this instance (of a type). */
  resources(type?: string): BlockInstance[] {
    const k = `r:${type ?? ''}`;
    let m = this.resourceMemo.get(k);
    if (!m) this.resourceMemo.set(k, (m = this.instancesOf('resource', type)));
    return m;
  }

  /** Instances of the data blocks of this instance (of a type). */
  dataBlocks(type?: string): BlockInstance[] {
    const k = `d:${type ?? ''}`;
    let m = this.resourceMemo.get(k);
    if (!m) this.resourceMemo.set(k, (m = this.instancesOf('data', type)));
    return m;
  }

  /** The instances a block's for_each makes: one per key of a known map or set, else one with `each` unknown. */
  private expand(block: Block, file: string): Array<{ key?: string; each?: Each }> {
    const fe = attrOf(block, 'for_each');
    if (!fe) return [{}];
    const v = this.evaluate(fe.value, file);
    if (v.length === 1) {
      const x = v[0].val;
      if (x.kind === 'object') {
        return [...x.fields].map(([k, value]) => ({ key: k, each: { key: [alt({ kind: 'string', value: k, site: x.keySites?.get(k) }, v[0].when, v[0].via)], value } }));
      }
      if (x.kind === 'tuple') {
        const keys = x.items.map((it) => (it.length === 1 && it[0].val.kind === 'string' ? it[0] : undefined));
        if (keys.every((k) => k)) return keys.map((k) => ({ key: (k!.val as { value: string }).value, each: { key: [k!], value: [k!] } }));
      }
    }
    const why = v.find((x) => x.val.kind === 'unknown');
    const u = unknownAlts(`for_each over \`${(this.graph.project.text(file) ?? '').slice(fe.value.range[0], fe.value.range[1]).trim().slice(0, 60)}\`${why?.val.kind === 'unknown' ? ` (${why.val.why})` : ''}`);
    return [{ each: { key: u, value: u } }];
  }

  /** Module calls of this instance's folder, one per for_each key. */
  private allCalls(): CallSite[] {
    if (this.calls) return this.calls;
    const out: CallSite[] = [];
    if (this.unit && !this.parent) {
      // the unit as a call of its module: its inputs are the arguments
      const s = this.unit.source();
      const inputs = this.unit.inputs();
      const obj = inputs.length === 1 && inputs[0].val.kind === 'object' ? inputs[0].val : undefined;
      out.push({
        name: 'terragrunt', file: this.unit.file, range: [0, 0], source: s.value ?? '', version: s.value ? refOf(s.value) : undefined, caller: this,
        argNames: () => (obj ? [...obj.fields.keys()] : []),
        arg: (n) => (obj ? obj.fields.get(n) : undefined),
        argSite: (n) => obj?.keySites?.get(n),
      });
    }
    for (const { block, file } of this.blocks('module')) {
      const name = block.labels[0] ?? '';
      const source = stringAttr(block, 'source') ?? '';
      const version = stringAttr(block, 'version') ?? refOf(source);
      for (const each of this.expand(block, file)) {
        out.push({
          name, file, range: block.range, source, version, key: each.key, caller: this, block,
          argNames: () => block.attributes.map((a) => a.name).filter((n) => !/^(source|version|for_each|count|providers|depends_on)$/.test(n)),
          arg: (n) => {
            const a = attrOf(block, n);
            return a && !/^(source|version|for_each|count|providers|depends_on)$/.test(n) ? this.evaluate(a.value, file, each.each) : undefined;
          },
          argSite: (n) => {
            const a = attrOf(block, n);
            return a ? { file, range: a.value.range } : undefined;
          },
        });
      }
    }
    return (this.calls = out);
  }

  /** Calls of modules that are not local folders (registry, git): what the EKS layer reads by the module's inputs. */
  registryCalls(): CallSite[] {
    return this.allCalls().filter((c) => !this.localTarget(c));
  }

  private localTarget(c: CallSite): string | undefined {
    if (c.name === 'terragrunt') return this.unit?.moduleDir();
    return isLocalSource(c.source) ? path.resolve(path.dirname(c.file), c.source) : undefined;
  }

  /** The instances of the local modules this one calls. */
  children(): Instance[] {
    if (this.kids) return this.kids;
    const out: Instance[] = [];
    if (this.depth < MAX_MODULE_DEPTH) {
      for (const c of this.allCalls()) {
        const dir = this.localTarget(c);
        if (!dir || !this.graph.project.readable(dir) || this.lineage().includes(dir)) continue;
        const addr = c.name === 'terragrunt' ? '' : `${this.address ? `${this.address}.` : ''}module.${c.name}${c.key !== undefined ? `["${c.key}"]` : ''}`;
        out.push(new Instance(this.graph, this.root, this.env, dir, addr, this, c, this.unit));
      }
    }
    return (this.kids = out);
  }

  private lineage(): string[] {
    return this.parent ? [...this.parent.lineage(), this.dir] : [this.dir];
  }

  /** This instance and every instance below it. */
  tree(): Instance[] {
    return [this, ...this.children().flatMap((c) => c.tree())];
  }
}

/** The value a .tfvars file sets for a variable (once per file). */
function tfvarsValues(graph: Graph, file: string): Map<string, Alts> {
  const out = new Map<string, Alts>();
  if (file.endsWith('.json')) {
    const d = graph.project.yaml(file)?.[0];
    const v = d ? fromYaml(d.contents, file) : [];
    if (v.length === 1 && v[0].val.kind === 'object') for (const [k, f] of v[0].val.fields) out.set(k, f);
    return out;
  }
  const p = graph.project.parsed(file);
  if (!p) return out;
  const cx: EvalContext = {
    file, text: p.text,
    ref: (head, _steps, at) => ({ alts: unknownAlts(`a .tfvars file cannot refer to ${head}`, at), used: 0 }),
    readFile: () => null,
  };
  for (const a of p.ast.attributes) out.set(a.name, evaluate(a.value, cx));
  return out;
}

export class Graph {
  readonly project: Project;
  private readonly rootInstances = new Map<string, Instance>();
  private readonly tfvars = new Map<string, Map<string, Alts>>();
  private readonly units = new Map<string, TerragruntUnit>();
  private readonly templates = new Map<string, Array<{ inst: Instance; vars: Alts; at: Site }>>();

  constructor(files: readonly string[], reader: FolderReader = DISK_READER, bounds: readonly string[] = [], readonly options: GraphOptions = {}) {
    this.project = new Project(files, reader, bounds, options.localCallers);
  }

  /** A graph ready to answer (the HCL parser loaded). */
  static async create(files: readonly string[], reader?: FolderReader, bounds?: readonly string[], options?: GraphOptions): Promise<Graph> {
    await hclParser();
    return new Graph(files, reader, bounds, options);
  }

  unit(file: string): TerragruntUnit {
    let u = this.units.get(file);
    if (!u) this.units.set(file, (u = new TerragruntUnit(this.project, file)));
    return u;
  }

  roots(): Root[] {
    return this.project.roots((u) => this.unit(u).moduleDir());
  }

  tfvarsValue(file: string, name: string): Alts | undefined {
    let m = this.tfvars.get(file);
    if (!m) this.tfvars.set(file, (m = tfvarsValues(this, file)));
    return m.get(name);
  }

  /** The root instance of a root in one environment (its module tree below it). */
  instance(root: Root, env: Environment): Instance {
    const k = `${root.unit ?? root.dir}\0${env.name}`;
    let i = this.rootInstances.get(k);
    if (!i) this.rootInstances.set(k, (i = new Instance(this, root, env, root.dir, '', undefined, undefined, root.unit ? this.unit(root.unit) : undefined)));
    return i;
  }

  /** Every (root, environment) evaluation's instances. */
  evaluations(roots = this.roots()): Array<{ root: Root; env: Environment; instances: Instance[] }> {
    return roots.flatMap((root) => root.environments.map((env) => ({ root, env, instances: this.instance(root, env).tree() })));
  }

  /** Folders that call `dir` through local module calls, transitively, and the roots at their top. */
  private rootDirsAbove(dir: string, seen = new Set<string>()): Set<string> {
    const out = new Set<string>();
    if (seen.has(dir)) return out;
    seen.add(dir);
    const callers = this.project.calls().get(dir) ?? [];
    if (!callers.length) out.add(dir);
    for (const c of callers) for (const r of this.rootDirsAbove(c.caller, seen)) out.add(r);
    return out;
  }

  /** `dir` and every folder that calls it, directly or through other modules. */
  private dirsAbove(dir: string, out = new Set<string>()): Set<string> {
    if (out.has(dir)) return out;
    out.add(dir);
    for (const c of this.project.calls().get(dir) ?? []) this.dirsAbove(c.caller, out);
    return out;
  }

  /** The roots whose evaluation reads `file` (a module's .tf, a .tfvars, a Terragrunt file, a template). */
  rootsReading(file: string): Root[] {
    const roots = this.roots();
    const dir = path.dirname(file);
    const base = path.basename(file);
    if (TF_FILE.test(base)) {
      const tops = this.rootDirsAbove(dir);
      // a unit reads the file when its module is the file's folder or any folder that calls it, however many
      // Terraform folders call the same module too
      const chain = this.dirsAbove(dir);
      const units = roots.filter((r) => r.unit && chain.has(this.unit(r.unit!).moduleDir() ?? ''));
      return [...roots.filter((r) => !r.unit && tops.has(r.dir)), ...units];
    }
    if (TFVARS_FILE.test(base)) {
      // the roots that can take it as an environment: above it, or beside its folder or its parent's (envs/ next to
      // modules/); only their environments are read
      const up = [dir, path.dirname(dir), path.dirname(path.dirname(dir)), path.dirname(path.dirname(path.dirname(dir)))];
      const near = (r: Root) => up.includes(r.dir) || [up[1], up[2]].some((u) => inside(u, r.dir) && path.relative(u, r.dir).split(path.sep).length <= 2);
      return roots.filter((r) => !r.unit && near(r) && r.environments.some((e) => e.files.includes(file)));
    }
    if (/\.hcl$/.test(base)) {
      return roots.filter((r) => r.unit && (r.unit === file || (inside(dir, r.dir) && this.unit(r.unit).reads().includes(file))));
    }
    // a template: the roots whose modules near it render it
    return this.templateReaders(file).map((t) => t.inst.root).filter((r, i, a) => a.indexOf(r) === i);
  }

  noteTemplate(file: string, inst: Instance, vars: Alts, at: Site): void {
    const list = this.templates.get(file) ?? [];
    if (!list.some((x) => x.inst === inst && x.at.range[0] === at.range[0] && x.at.file === at.file)) list.push({ inst, vars, at });
    this.templates.set(file, list);
  }

  /**
   * The instances that render `file` with templatefile() (or read it with file()): the folders near it whose .tf
   * files name it are evaluated until the call is found.
   */
  templateReaders(file: string): Array<{ inst: Instance; vars: Alts; at: Site }> {
    const name = path.basename(file);
    const near = [path.dirname(file), path.dirname(path.dirname(file)), path.dirname(path.dirname(path.dirname(file)))];
    for (const d of near) {
      const tfs = this.project.tfFiles(d).filter((f) => (this.project.text(f) ?? '').includes(name));
      if (!tfs.length) continue;
      for (const top of this.rootDirsAbove(d)) {
        for (const root of this.roots().filter((r) => r.dir === top || (r.unit && this.unit(r.unit).moduleDir() === top))) {
          for (const env of root.environments) {
            for (const inst of this.instance(root, env).tree().filter((i) => i.dir === d)) touchAll(inst);
          }
        }
      }
    }
    return this.templates.get(file) ?? [];
  }

  /** The instances (in every root and environment reading it) of the folder of `file`. */
  instancesOf(dir: string): Instance[] {
    const probe = this.project.tfFiles(dir)[0] ?? path.join(dir, 'main.tf');
    return this.rootsReading(probe).flatMap((root) => root.environments.flatMap((env) => this.instance(root, env).tree().filter((i) => i.dir === dir)));
  }

  /** Every file a root's evaluation reads (its modules' .tf files, .tfvars, Terragrunt files, templates). */
  filesOf(root: Root): string[] {
    const out = new Set<string>();
    for (const env of root.environments) {
      for (const f of env.files) out.add(f);
      for (const i of this.instance(root, env).tree()) for (const f of this.project.tfFiles(i.dir)) out.add(f);
    }
    if (root.unit) for (const f of this.unit(root.unit).reads()) out.add(f);
    for (const [t, list] of this.templates) if (list.some((x) => x.inst.root === root)) out.add(t);
    return [...out];
  }
}

/** Evaluates every attribute of an instance's resources, data blocks, module calls and locals (templates get noted). */
function touchAll(inst: Instance): void {
  for (const f of inst.files()) {
    if (!/templatefile|file\(/.test(f.text)) continue;
    for (const b of f.ast.blocks) {
      const each = undefined;
      const visit = (blk: Block) => {
        for (const a of blk.attributes) if (/templatefile|file\(/.test(f.text.slice(a.range[0], a.range[1]))) inst.evaluate(a.value, f.file, each);
        for (const s of blk.blocks) visit(s);
      };
      visit(b);
    }
  }
}

export { entry, field, TERRAGRUNT_FILE };
