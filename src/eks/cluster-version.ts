/**
 * Where a cluster's Kubernetes version is written, and what it is. Built once, in the engine, for every rule:
 * the cluster-version rule edits the places found here; the other rules' version guards read the value.
 *
 * Terraform: a folder is a module. Versions come from `module` blocks (`cluster_version`, or `kubernetes_version`
 * in terraform-aws-eks v21), `aws_eks_cluster.version` and `aws_eks_node_group.version`. A literal is read as it
 * is; `var.NAME` is followed to `variable "NAME" { default = … }` in the folder and to `*.tfvars` /
 * `*.auto.tfvars` there; `local.NAME` to its `locals` entry. Anything else is unresolved, with the reason.
 */
import * as path from 'path';
import { Graph } from '../graph/graph';
import { DISK_READER, type FolderReader, memoryReader, readFolderFile } from '../graph/reader';
import { Estate, registryOutput } from './estate';
import type { Range } from '../util/range';
import {
  asString, blockAttributes, blockHeader, children, hclParser, keyName, type HclNode, objectElems, parseHclTreeTolerantSync, simpleReference, topBlocks, unwrap, valueOf,
} from '../parsers/hcl';
import { hclAl2Nodes, localModuleSources, type Al2Node } from './al2';
import { compareVersions, minorOf } from './versions';

/** A literal that holds a version, where it is written. */
export interface VersionSite {
  readonly file: string; // absolute path
  /** Range of the version text itself (inside the quotes of a string). */
  readonly range: Range;
  readonly value: string;
  /** How it was reached: "variable \"cluster_version\" default", "terraform.tfvars", "local.v", or "literal". */
  readonly via: string;
}

export interface ResolvedVersion {
  /** The effective version when known. */
  readonly value?: string;
  /** Every literal that feeds it (a variable's default and its tfvars values, say). */
  readonly sites: readonly VersionSite[];
  /** Why the value is unknown. */
  readonly unresolved?: string;
}

export type VersionUseKind = 'module' | 'aws_eks_cluster' | 'aws_eks_node_group';

/** An attribute that sets a cluster (or node group) version. */
export interface VersionUse {
  readonly file: string;
  readonly kind: VersionUseKind;
  readonly attr: string;
  readonly block: Range;
  readonly attrRange: Range;
  readonly exprText: string;
  readonly resolved: ResolvedVersion;
}

interface LiteralOrRef {
  file: string;
  site?: VersionSite; // a literal
  ref?: { root: string; name: string };
  text: string;
  hasValue: boolean;
}

const TFVARS = /\.tfvars$/;

/** A literal in an expression, "1.27" or 1.27: the range of its text (inside the quotes) and the text. */
export function literalValue(expr: HclNode | undefined, text: string): { range: Range; value: string } | undefined {
  const s = asString(expr, text);
  if (s && s.kind === 'quoted' && !s.templated) return { range: s.content, value: s.view.text };
  const n = unwrap(expr);
  if (n?.type === 'numeric_lit') return { range: [n.startIndex, n.endIndex], value: n.text };
  return undefined;
}

function literalSite(expr: HclNode | undefined, text: string, file: string, via: string): VersionSite | undefined {
  const l = literalValue(expr, text);
  return l && { file, ...l, via };
}

function describe(expr: HclNode | undefined, text: string, file: string, via: string): LiteralOrRef {
  const site = literalSite(expr, text, file, via);
  return { file, site, ref: site ? undefined : simpleReference(expr), text: expr?.text.trim() ?? '', hasValue: !!expr };
}

/** The files of a Terraform folder that may say what its cluster version is. */
export const FOLDER_FILES = /\.(tf|tfvars)$/;

export { DISK_READER, memoryReader, readFolderFile, type FolderReader };

/** Files that set a cluster or node group version. */
const USES = /cluster_version|kubernetes_version|aws_eks_cluster|aws_eks_node_group/;

interface FolderFile {
  readonly file: string;
  readonly name: string;
  text?: string | null; // null: unreadable
  read: boolean;
}

/**
 * What one Terraform folder says about versions, read lazily: the files that set a version first, then only the
 * files that mention a variable or local such a setting refers to.
 */
export class TerraformFolder {
  readonly variables = new Map<string, LiteralOrRef>();
  readonly tfvars = new Map<string, LiteralOrRef[]>();
  readonly locals = new Map<string, LiteralOrRef>();
  /** Locals that are maps or objects of literals (a version per workspace, per role): their entries. */
  private readonly localEntries = new Map<string, Array<{ key: string; value: string }>>();
  readonly uses: VersionUse[] = [];
  private rawUses: Array<Omit<VersionUse, 'resolved'> & { value: LiteralOrRef }> = [];
  private readonly files: FolderFile[] = [];

  private constructor(readonly dir: string, private readonly reader: FolderReader) {}

  /** Reads the folder's .tf and .tfvars files as they are on disk (before any rewrite of this run). */
  static async load(dir: string, current?: { file: string; text: string; root: HclNode }, reader: FolderReader = DISK_READER): Promise<TerraformFolder> {
    await hclParser();
    const f = new TerraformFolder(dir, reader);
    f.known = current;
    for (const name of reader.list(dir).filter((n) => FOLDER_FILES.test(n)).sort()) f.files.push({ file: path.join(dir, name), name, read: false });
    for (const e of f.files) if (USES.test(f.textOf(e) ?? '')) f.readFile(e);
    for (const u of f.rawUses) {
      const { value, ...rest } = u;
      f.uses.push({ ...rest, resolved: f.resolve(value) });
    }
    f.rawUses = [];
    f.known = undefined; // the tree is only valid while the caller's pass lasts
    return f;
  }

  private textOf(e: FolderFile): string | undefined {
    if (e.text === undefined) e.text = this.reader.read(e.file);
    return e.text ?? undefined;
  }

  private readFile(e: FolderFile): void {
    if (e.read) return;
    e.read = true;
    const text = this.textOf(e);
    if (text === undefined) return;
    // the file being processed has been parsed already: its tree serves (same text as on disk)
    const shared = this.known?.file === e.file && this.known.text === text ? this.known.root : undefined;
    const tree = shared ? undefined : parseHclTreeTolerantSync(text);
    try {
      const root = shared ?? tree!.rootNode;
      if (TFVARS.test(e.name)) this.readTfvars(root, text, e.file, e.name);
      else this.readTf(root, text, e.file);
    } finally {
      tree?.delete();
    }
  }

  /** The tree of the file being processed, for load() to use instead of parsing it again. */
  private known?: { file: string; text: string; root: HclNode };

  /** Reads the files that may define `var.NAME` / `local.NAME` (or set it, in .tfvars). */
  private ensure(name: string): void {
    for (const e of this.files) {
      if (e.read) continue;
      const t = this.textOf(e);
      if (t !== undefined && t.includes(name)) this.readFile(e);
    }
  }

  /** The literal entries of `local.NAME` when it is a map or object. */
  entriesOf(root: 'local', name: string): ReadonlyArray<{ key: string; value: string }> | undefined {
    this.ensure(name);
    return root === 'local' ? this.localEntries.get(name) : undefined;
  }

  /** The definition of `var.NAME` (its declaration) or `local.NAME` in this folder. */
  definition(root: string, name: string): LiteralOrRef | undefined {
    this.ensure(name);
    return root === 'var' ? this.variables.get(name) : this.locals.get(name);
  }

  private readTfvars(root: HclNode, text: string, file: string, name: string) {
    const body = children(root).find((c) => c.type === 'body');
    for (const a of body ? children(body).filter((c) => c.type === 'attribute') : []) {
      const k = keyName(a);
      if (!k) continue;
      const list = this.tfvars.get(k) ?? [];
      list.push(describe(valueOf(a), text, file, name));
      this.tfvars.set(k, list);
    }
  }

  private readTf(root: HclNode, text: string, file: string) {
    for (const b of topBlocks(root)) {
      const h = blockHeader(b);
      const attrs = blockAttributes(b);
      const attr = (n: string) => attrs.find((a) => keyName(a) === n);
      if (h.type === 'variable' && h.labels[0]) {
        const d = attr('default');
        this.variables.set(h.labels[0], describe(d && valueOf(d), text, file, `variable "${h.labels[0]}" default`));
      } else if (h.type === 'locals') {
        for (const a of attrs) {
          const k = keyName(a);
          if (!k) continue;
          this.locals.set(k, describe(valueOf(a), text, file, `local.${k}`));
          const entries = objectElems(valueOf(a)).flatMap((e) => {
            const key = keyName(e);
            const l = literalValue(valueOf(e), text);
            return key !== undefined && l ? [{ key, value: l.value }] : [];
          });
          if (entries.length) this.localEntries.set(k, entries);
        }
      } else if (h.type === 'module' || h.type === 'resource') {
        const kind: VersionUseKind | undefined =
          h.type === 'module' ? 'module' : h.labels[0] === 'aws_eks_cluster' ? 'aws_eks_cluster' : h.labels[0] === 'aws_eks_node_group' ? 'aws_eks_node_group' : undefined;
        if (!kind) continue;
        const names = kind === 'module' ? ['cluster_version', 'kubernetes_version'] : ['version'];
        for (const n of names) {
          const a = attr(n);
          if (!a) continue;
          const v = valueOf(a);
          this.rawUses.push({
            file, kind, attr: n, block: [b.startIndex, b.endIndex], attrRange: [a.startIndex, a.endIndex],
            exprText: v?.text.trim() ?? '', value: describe(v, text, file, 'literal'),
          });
        }
      }
    }
  }

  /** Resolves a literal or reference to a version, following var./local. (depth-limited). */
  resolve(v: LiteralOrRef, depth = 0): ResolvedVersion {
    if (v.site) return { value: v.site.value, sites: [v.site] };
    if (!v.ref) return { sites: [], unresolved: v.hasValue ? `set from the expression \`${v.text}\`` : 'no value' };
    if (depth > 8) return { sites: [], unresolved: `\`${v.text}\` refers to itself` };
    this.ensure(v.ref.name);
    if (v.ref.root === 'var') {
      const sets = this.tfvars.get(v.ref.name) ?? [];
      const decl = this.variables.get(v.ref.name);
      const fromVars = sets.map((s) => this.resolve(s, depth + 1));
      const fromDefault = decl?.hasValue ? this.resolve(decl, depth + 1) : undefined;
      const sites = [...(fromDefault?.sites ?? []), ...fromVars.flatMap((r) => r.sites)];
      if (fromVars.length) {
        const values = new Set(fromVars.map((r) => r.value));
        if (fromVars.some((r) => r.value === undefined)) return { sites, unresolved: `var.${v.ref.name} is set in a .tfvars file from an expression` };
        if (values.size > 1) return { sites, unresolved: `var.${v.ref.name} has different values in the folder's .tfvars files (${[...values].join(', ')})` };
        return { value: [...values][0], sites };
      }
      if (!decl) return { sites: [], unresolved: `var.${v.ref.name} is not declared in ${path.basename(this.dir) || this.dir}/` };
      if (!fromDefault) return { sites: [], unresolved: `var.${v.ref.name} has no default and no .tfvars value here: its value comes from the caller` };
      return fromDefault.value !== undefined ? { value: fromDefault.value, sites } : { sites, unresolved: fromDefault.unresolved };
    }
    const l = this.locals.get(v.ref.name);
    if (!l) return { sites: [], unresolved: `local.${v.ref.name} is not defined in this folder` };
    return this.resolve(l, depth + 1);
  }

  /** The cluster version in force at `offset` of `file`: the enclosing block's, else the folder's only one. */
  versionAt(file: string, offset: number): ResolvedVersion {
    const own = this.uses.find((u) => u.file === file && u.block[0] <= offset && offset < u.block[1]);
    if (own) return own.resolved;
    return this.folderVersion();
  }

  /** The folder's .tf files and their texts as they are on disk (unreadable ones left out). */
  tfTexts(): Array<{ readonly file: string; readonly text: string }> {
    const out: Array<{ file: string; text: string }> = [];
    for (const e of this.files) {
      if (!e.name.endsWith('.tf')) continue;
      const text = this.textOf(e);
      if (typeof text === 'string') out.push({ file: e.file, text });
    }
    return out;
  }

  /** Whether a .tf file of the folder writes an AL2023 ami_type value (`ami_type = "AL2023_…"`). */
  writesAl2023AmiType(): boolean {
    return this.files.some((e) => e.name.endsWith('.tf') && /\bami_type\s*=\s*"AL2023_/.test(this.textOf(e) ?? ''));
  }

  private al2?: { nodes: Array<Al2Node & { file: string }>; modules: string[] };
  /** AL2 node definitions in the folder's .tf and .tfvars files, and the local modules they call (read once). */
  al2Scan(): { readonly nodes: ReadonlyArray<Al2Node & { file: string }>; readonly modules: readonly string[] } {
    if (this.al2) return this.al2;
    const al2: { nodes: Array<Al2Node & { file: string }>; modules: string[] } = { nodes: [], modules: [] };
    for (const e of this.files) {
      // .tf files and .tfvars values (an ami_type or AMI parameter given to the folder's node groups)
      const text = this.textOf(e);
      if (text === undefined || !/AL2_|amazon-linux-2|amazon-eks-(arm64-|gpu-)?node-|\bmodule\b/.test(text)) continue;
      const tree = parseHclTreeTolerantSync(text);
      try {
        al2.nodes.push(...hclAl2Nodes(tree.rootNode, text).map((n) => ({ ...n, file: e.file })));
        al2.modules.push(...localModuleSources(tree.rootNode, text));
      } finally {
        tree.delete();
      }
    }
    return (this.al2 = al2);
  }

  /** The one cluster version of the folder (module and aws_eks_cluster uses agree), if there is one. */
  folderVersion(): ResolvedVersion {
    const clusters = this.uses.filter((u) => u.kind !== 'aws_eks_node_group');
    if (!clusters.length) return { sites: [], unresolved: 'no cluster version in this folder' };
    const values = new Set(clusters.map((u) => u.resolved.value));
    if (values.size === 1 && !values.has(undefined)) return { value: [...values][0], sites: clusters.flatMap((u) => u.resolved.sites) };
    return { sites: [], unresolved: 'the folder sets several cluster versions' };
  }
}

/** Per-run cache of Terraform folders. */
export class ClusterVersions {
  private readonly folders = new Map<string, Promise<TerraformFolder>>();

  /**
   * `bounds`: the folders the user named; a module's caller is looked for above its folder only inside them (nothing
   * outside what the user named is read). Without bounds, callers are not looked for.
   */
  constructor(
    private readonly reader: FolderReader = DISK_READER, private readonly bounds: readonly string[] = [], private readonly files?: readonly string[],
    /** The .tf files that may call a local module, when the run has seen every .tf file (see Project.calls). */
    private readonly localCallers?: () => ReadonlySet<string> | undefined,
  ) {}

  private estateMemo?: Promise<Estate>;

  /**
   * The folders whose files a result for `file` may depend on through the configuration graph (every file of every
   * root that reads it: its modules, .tfvars, Terragrunt files, templates), for the result cache. None when no rule
   * asked the graph.
   */
  async graphDependencies(file: string): Promise<string[]> {
    if (!this.estateMemo) return [];
    const g = (await this.estateMemo).graph;
    const roots = g.rootsReading(file);
    return [...new Set([...roots.map((r) => r.dir), ...roots.flatMap((r) => g.filesOf(r).map((f) => path.dirname(f)))])];
  }
  /** The configuration graph of the run's files and the EKS estate it describes (built on first use). */
  estate(): Promise<Estate> {
    this.estateMemo ??= Graph.create(this.files ?? this.reader.all?.() ?? [], this.reader, this.bounds.length || !this.reader.all ? this.bounds : [path.sep], { registryOutput, localCallers: this.localCallers?.() }).then((g) => new Estate(g));
    return this.estateMemo;
  }

  /**
   * A folder without a cluster version of its own is a module: the version of the folder that calls it (`source =
   * "./…"`, up to three folders above it, inside the bounds), when exactly one caller has a known one.
   */
  async callerVersion(dir: string): Promise<(ResolvedVersion & { caller: string }) | undefined> {
    const inside = (d: string) => this.bounds.some((b) => d === b || d.startsWith(b.endsWith(path.sep) ? b : b + path.sep));
    let up = dir;
    for (let i = 0; i < 3; i++) {
      const next = path.dirname(up);
      if (next === up || !inside(next)) return undefined;
      up = next;
      const f = await this.folder(up);
      if (!f.al2Scan().modules.some((m) => path.resolve(up, m) === dir)) continue;
      const v = f.folderVersion();
      return minorOf(v.value) !== undefined ? { ...v, caller: up } : undefined;
    }
    return undefined;
  }
  /** Folders asked for since this was set (the result cache's dependencies of the file being processed). */
  touched?: Set<string>;

  folder(dir: string, current?: { file: string; text: string; root: HclNode }): Promise<TerraformFolder> {
    this.touched?.add(dir);
    let f = this.folders.get(dir);
    if (!f) {
      f = TerraformFolder.load(dir, current, this.reader);
      this.folders.set(dir, f);
    }
    return f;
  }

  /**
   * The folder of a Terraform module that declares `variable "NAME"` near `dir` (a `-var-file` layout: the folder
   * above, or its `modules/*` or other sibling folders), if the paths hold one.
   */
  async moduleDeclaring(dir: string, name: string): Promise<string | undefined> {
    const up = path.dirname(dir);
    const candidates = [up, ...this.reader.subdirs(up).map((d) => path.join(up, d)), ...this.reader.subdirs(path.join(up, 'modules')).map((d) => path.join(up, 'modules', d))];
    for (const c of candidates) {
      if (c === dir) continue;
      if ((await this.folder(c)).definition('var', name)) return c;
    }
    return undefined;
  }

  /** AL2 node definitions in `dir` and the local modules it calls (`./…`, never above `dir`). */
  async al2Under(dir: string, depth = 0): Promise<Array<Al2Node & { file: string }>> {
    const s = (await this.folder(dir)).al2Scan();
    const out = [...s.nodes];
    if (depth < 5) for (const m of s.modules) out.push(...(await this.al2Under(path.resolve(dir, m), depth + 1)));
    return out;
  }

  /** Version for a template or script: its folder's, else its parent folder's (`templates/` of a module). */
  async forText(file: string): Promise<ResolvedVersion> {
    const own = (await this.folder(path.dirname(file))).folderVersion();
    if (own.value) return own;
    return (await this.folder(path.dirname(path.dirname(file)))).folderVersion();
  }
}

export const isKnown = (r: ResolvedVersion): r is ResolvedVersion & { value: string } => minorOf(r.value) !== undefined;

/**
 * The cluster passed `version` on an earlier upgrade and this run goes on from there: the cluster version is known,
 * past `version`, and at most `target` (a version this run bumps to the target stays passed on the next run). A
 * change that belongs to the `version` hop (a setting that version's defaults call for) is not this upgrade's
 * business. A run whose target is below the cluster's version is not an upgrade of it: nothing is passed.
 */
export function passedBefore(v: ResolvedVersion | string | undefined, version: string, target: string): boolean {
  const value = typeof v === 'string' || v === undefined ? v : isKnown(v) ? v.value : undefined;
  return compareVersions(version, value) === -1 && (compareVersions(value, target) ?? 1) <= 0;
}

/**
 * The version guard every rule uses: the version in force is known and older than `min` (an unknown version is
 * not older: a rule acts, and says what it assumed).
 */
export function knownOlderThan(v: ResolvedVersion | string | undefined, min: string): boolean {
  const value = typeof v === 'string' || v === undefined ? v : isKnown(v) ? v.value : undefined;
  return compareVersions(value, min) === -1;
}
