/**
 * The files of the configuration graph and what is known of them without evaluating anything: each HCL file's
 * plain tree (parsed once), the Terraform folders, the local module calls between them, the roots (folders no
 * other folder calls, and Terragrunt units), and each root's environments (its .tfvars files). Knows HCL and
 * Terraform / Terragrunt conventions, nothing of EKS.
 */
import * as path from 'path';
import { parseYaml } from '../parsers/yaml';
import { parseHclTreeTolerantSync } from '../parsers/hcl';
import { blocksOf, type Block, type HclFile, stringAttr, toAst } from '../parsers/hcl-ast';
import { type FolderReader, inside } from './reader';
import type { Document } from 'yaml';

export interface ParsedFile {
  readonly file: string;
  readonly text: string;
  readonly ast: HclFile;
}

/** A root: a Terraform folder no folder of the paths calls, or a Terragrunt unit (its terragrunt.hcl). */
export interface Root {
  readonly kind: 'terraform' | 'terragrunt';
  /** The root's folder (a unit: the folder of its terragrunt.hcl). */
  readonly dir: string;
  /** Terragrunt: the unit's terragrunt.hcl. */
  readonly unit?: string;
  readonly environments: readonly Environment[];
}

/** One set of variable values a root is planned with. */
export interface Environment {
  /** `default` (no environment files), the .tfvars file (relative to the root), or `terragrunt`. */
  readonly name: string;
  /** .tfvars files in the order Terraform reads them (a later one wins): the auto-loaded ones, then this one's. */
  readonly files: readonly string[];
}

export const TF_FILE = /\.tf$/;
export const TFVARS_FILE = /\.tfvars(\.json)?$/;
export const AUTO_TFVARS = /^(terraform\.tfvars(\.json)?|.*\.auto\.tfvars(\.json)?)$/;
export const TERRAGRUNT_FILE = /^terragrunt\.hcl$/;

/** `?ref=v20.8.5`, `?version=20.8.5` of a source address. */
export const refOf = (source: string): string | undefined => /[?&](?:ref|version)=v?([^&]+)/.exec(source)?.[1];

/** A local module source (`./x`, `../x`), as Terraform tells one from a registry address. */
export const isLocalSource = (s: string): boolean => /^\.\.?(\/|$)/.test(s);

export class Project {
  private readonly asts = new Map<string, ParsedFile | null>();
  private readonly texts = new Map<string, string | null>();
  /** Folder → the graph's files in it (names). */
  private readonly byDir = new Map<string, string[]>();
  private callIndex?: Map<string, Array<{ caller: string; file: string }>>;
  private rootList?: Root[];
  private unitIndex?: Map<string, string[]>;

  /**
   * `files`: every file of the run (absolute paths); the graph reads the HCL ones and templates they name, never
   * a file outside `bounds`.
   */
  constructor(files: readonly string[], readonly reader: FolderReader, readonly bounds: readonly string[], private readonly localCallers?: ReadonlySet<string>) {
    for (const f of files) {
      if (!TF_FILE.test(f) && !TFVARS_FILE.test(f) && !/\.hcl$/.test(f)) continue;
      const d = path.dirname(f);
      const list = this.byDir.get(d);
      if (list) list.push(path.basename(f));
      else this.byDir.set(d, [path.basename(f)]);
    }
    for (const l of this.byDir.values()) l.sort();
  }

  /** Whether the graph may read `file` (inside the folders the user named). */
  readable(file: string): boolean {
    return this.bounds.some((b) => inside(b, file));
  }

  text(file: string): string | null {
    if (!this.texts.has(file)) this.texts.set(file, this.readable(file) ? this.reader.read(file) : null);
    return this.texts.get(file) ?? null;
  }

  /** A file's plain tree (parsed once; null when it cannot be read). Call after hclParser() has loaded. */
  parsed(file: string): ParsedFile | null {
    let p = this.asts.get(file);
    if (p !== undefined) return p;
    const text = this.text(file);
    p = null;
    if (text !== null && !file.endsWith('.json')) {
      const tree = parseHclTreeTolerantSync(text);
      try {
        p = { file, text, ast: toAst(tree.rootNode, text) };
      } catch {
        p = null; // a file the reader cannot hold (nested too deeply): the graph does without it
      } finally {
        tree.delete();
      }
    }
    this.asts.set(file, p);
    return p;
  }

  private yamlDocs = new Map<string, Document.Parsed[] | null>();
  /** A JSON or YAML file's documents (.tfvars.json, env.yaml read by yamldecode), or null. */
  yaml(file: string): Document.Parsed[] | null {
    if (!this.yamlDocs.has(file)) {
      const text = this.text(file);
      const y = text === null ? undefined : parseYaml(text.replace(/^\uFEFF/, ' '));
      this.yamlDocs.set(file, y && !y.error ? y.docs : null);
    }
    return this.yamlDocs.get(file) ?? null;
  }

  /** The graph's files in a folder (names, sorted). */
  filesIn(dir: string): readonly string[] {
    return this.byDir.get(dir) ?? [];
  }

  /** The .tf files of a folder (absolute). */
  tfFiles(dir: string): string[] {
    return this.filesIn(dir).filter((n) => TF_FILE.test(n)).map((n) => path.join(dir, n));
  }

  folders(): string[] {
    return [...this.byDir.keys()];
  }

  /** Folders that hold .tf files. */
  tfFolders(): string[] {
    return this.folders().filter((d) => this.tfFiles(d).length > 0);
  }

  /**
   * Every local module call: called folder → the folders that call it. Read from the text (a module block's
   * `source = "./…"` at the top level), not parsed: every .tf file of the paths is looked at once.
   */
  calls(): ReadonlyMap<string, ReadonlyArray<{ caller: string; file: string }>> {
    if (this.callIndex) return this.callIndex;
    const idx = new Map<string, Array<{ caller: string; file: string }>>();
    const add = (target: string, caller: string, file: string) => {
      const list = idx.get(target) ?? [];
      list.push({ caller, file });
      idx.set(target, list);
    };
    for (const dir of this.tfFolders()) {
      for (const f of this.tfFiles(dir)) {
        // most .tf files of a large tree call no local module: their bytes are looked at, not decoded or kept (or,
        // when the run has looked at every .tf file already, only those it found are read)
        if (!this.readable(f) || (this.localCallers && !this.localCallers.has(f))) continue;
        const quick = this.reader.bytes?.(f);
        if (quick !== undefined && (quick === null || (quick.indexOf('"./') < 0 && quick.indexOf('"../') < 0))) continue;
        const t = this.text(f);
        if (!t || !/\bsource\s*=\s*"\.\.?\//.test(t)) continue;
        const headers = [...t.matchAll(/^([A-Za-z_][\w-]*)[^\n{=]*\{/gm)];
        if (!headers.length) {
          // not formatted the usual way (indented blocks): read it properly
          for (const b of blocksOf(this.parsed(f)?.ast ?? { attributes: [], blocks: [] }, 'module')) {
            const s = stringAttr(b, 'source');
            if (s && isLocalSource(s)) add(path.resolve(dir, s), dir, f);
          }
          continue;
        }
        for (const m of t.matchAll(/\bsource\s*=\s*"(\.\.?(?:\/[^"]*)?)"/g)) {
          const at = m.index ?? 0;
          const header = headers.filter((h) => (h.index ?? 0) < at).pop();
          if (header?.[1] === 'module') add(path.resolve(dir, m[1]), dir, f);
        }
      }
    }
    return (this.callIndex = idx);
  }

  /** Terragrunt units (terragrunt.hcl files that configure a module or include a parent), by the files they read. */
  units(): string[] {
    // read from the text: a `terraform` block with a source, an `include` block, or `inputs` at the top level
    return this.folders().filter((d) => this.filesIn(d).some((n) => TERRAGRUNT_FILE.test(n))).map((d) => path.join(d, 'terragrunt.hcl')).filter((f) => {
      const t = this.text(f) ?? '';
      return /^include\b[^\n{]*\{|^inputs[ \t]*=/m.test(t) || (/^terraform[ \t]*\{/m.test(t) && /\bsource[ \t]*=/.test(t));
    });
  }

  /** The roots of the paths: Terraform folders no other folder (or Terragrunt unit) calls, and Terragrunt units. */
  roots(unitModule: (unit: string) => string | undefined): Root[] {
    if (this.rootList) return this.rootList;
    const called = new Set(this.calls().keys());
    const units = this.units();
    for (const u of units) {
      const m = unitModule(u);
      if (m) called.add(m);
    }
    const out: Root[] = [];
    const unitDirs = new Set(units.map((u) => path.dirname(u)));
    for (const dir of this.tfFolders()) {
      if (called.has(dir) || unitDirs.has(dir)) continue; // a unit's own .tf files are its module
      // environments are read when the root is asked about (most roots of a large tree never are)
      let envs: Environment[] | undefined;
      const project = this;
      out.push({ kind: 'terraform', dir, get environments() { return (envs ??= project.environments(dir)); } });
    }
    for (const u of units) out.push({ kind: 'terragrunt', dir: path.dirname(u), unit: u, environments: [{ name: 'terragrunt', files: [] }] });
    return (this.rootList = out.sort((a, b) => (a.dir < b.dir ? -1 : a.dir > b.dir ? 1 : 0)));
  }

  /** Variables a folder declares. */
  declared(dir: string): Set<string> {
    // read from the text (`variable "name" {` at the top level): a tree's roots are many, their variables few
    const out = new Set<string>();
    for (const f of this.tfFiles(dir)) for (const m of (this.text(f) ?? '').matchAll(/^variable[ \t]+"([^"]+)"/gm)) out.add(m[1]);
    return out;
  }

  /** Names a .tfvars (or .tfvars.json) file sets. */
  tfvarsNames(file: string): string[] {
    if (file.endsWith('.json')) {
      const d = this.yaml(file)?.[0]?.contents as { items?: Array<{ key?: { value?: unknown } }> } | undefined;
      return (d?.items ?? []).map((p) => String(p.key?.value ?? ''));
    }
    // the names set at the top level of a .tfvars file (an attribute starts at the first column)
    return [...(this.text(file) ?? '').matchAll(/^([A-Za-z_][\w-]*)[ \t]*=/gm)].map((m) => m[1]);
  }

  /**
   * A root's environments: each .tfvars file in the root that Terraform does not load by itself, and each in a
   * folder below it without .tf files (env/, environments/prod/), that sets a variable the root declares. The
   * auto-loaded files (terraform.tfvars, *.auto.tfvars) go first in every environment.
   */
  environments(dir: string): Environment[] {
    // Terraform's order: terraform.tfvars, terraform.tfvars.json, then *.auto.tfvars(.json) by name (a later one wins)
    const names = this.filesIn(dir).filter((n) => AUTO_TFVARS.test(n));
    const auto = [...names.filter((n) => /^terraform\.tfvars$/.test(n)), ...names.filter((n) => /^terraform\.tfvars\.json$/.test(n)), ...names.filter((n) => !/^terraform\.tfvars/.test(n))].map((n) => path.join(dir, n));
    const declared = this.declared(dir);
    const candidates: string[] = this.filesIn(dir).filter((n) => TFVARS_FILE.test(n) && !AUTO_TFVARS.test(n)).map((n) => path.join(dir, n));
    const below = (d: string, depth: number) => {
      for (const sub of this.reader.subdirs(d)) {
        const s = path.join(d, sub);
        if (this.tfFiles(s).length) continue; // another module or root
        candidates.push(...this.filesIn(s).filter((n) => TFVARS_FILE.test(n)).map((n) => path.join(s, n)));
        if (depth < 2) below(s, depth + 1);
      }
    };
    below(dir, 1);
    const envs = candidates.filter((f) => this.tfvarsNames(f).some((n) => declared.has(n)));
    // a -var-file layout: .tfvars in a folder beside the root or beside its parent (envs/ next to modules/), with no
    // .tf of its own, that mostly sets variables this root declares
    for (const up of [path.dirname(dir), path.dirname(path.dirname(dir))]) {
      if (up === dir || !this.readable(up)) continue;
      for (const sub of this.reader.subdirs(up)) {
        const s = path.join(up, sub);
        if (s === dir || inside(s, dir) || this.tfFiles(s).length) continue;
        for (const n of this.filesIn(s).filter((x) => TFVARS_FILE.test(x))) {
          const f = path.join(s, n);
          const names = this.tfvarsNames(f);
          if (envs.includes(f) || !names.length) continue;
          if (names.filter((x) => declared.has(x)).length * 2 >= names.length) envs.push(f);
        }
      }
    }
    if (!envs.length) return [{ name: 'default', files: auto }];
    return envs.sort().map((f) => ({ name: path.relative(dir, f).split(path.sep).join('/'), files: [...auto, f] }));
  }

  /** Terragrunt files a unit reads (its own, the files it includes and the files it reads with read_terragrunt_config). */
  unitFiles(): ReadonlyMap<string, string[]> {
    return this.unitIndex ?? new Map();
  }

  setUnitFiles(idx: Map<string, string[]>): void {
    this.unitIndex = idx;
  }

  /** `find_in_parent_folders(name)` from a folder: the nearest file of that name above it, inside the bounds. */
  findInParents(from: string, name: string): string | undefined {
    for (let d = path.dirname(from); this.readable(d); d = path.dirname(d)) {
      const f = path.join(d, name);
      if (this.filesIn(d).includes(name) || (this.readable(f) && this.reader.read(f) !== null)) return f;
      if (path.dirname(d) === d) break;
    }
    return undefined;
  }
}

/** The name of what holds a place in an HCL file: `variable "x" default`, `local.m["k"]`, `inputs.a.b`, `k8s_release`. */
export function describePlace(file: HclFile, range: readonly [number, number]): string | undefined {
  const within = (r: readonly [number, number]) => r[0] <= range[0] && range[1] <= r[1];
  const inExpr = (e: import('../parsers/hcl-ast').Expr, acc: string): string | undefined => {
    if (e.type === 'object') {
      for (const it of e.items) {
        if (!within(it.range)) continue;
        const k = it.key ?? '…';
        return inExpr(it.value, /^[A-Za-z_][\w-]*$/.test(k) ? `${acc}.${k}` : `${acc}["${k}"]`);
      }
    }
    if (e.type === 'tuple') {
      const i = e.items.findIndex((x) => within(x.range));
      if (i >= 0) return inExpr(e.items[i], `${acc}[${i}]`);
    }
    return acc;
  };
  for (const a of file.attributes) if (within(a.range)) return inExpr(a.value, a.name);
  const inBlock = (b: Block, prefix: string): string | undefined => {
    for (const a of b.attributes) {
      if (!within(a.range)) continue;
      if (b.type === 'locals') return inExpr(a.value, `local.${a.name}`);
      return inExpr(a.value, `${prefix} ${a.name}`);
    }
    for (const s of b.blocks) if (within(s.range)) return inBlock(s, `${prefix} ${s.type}`);
    return undefined;
  };
  for (const b of file.blocks) {
    if (!within(b.range)) continue;
    const head = b.type === 'resource' || b.type === 'data' ? `${b.type === 'data' ? 'data.' : ''}${b.labels.join('.')}` : `${b.type}${b.labels.map((l) => ` "${l}"`).join('')}`;
    return inBlock(b, head);
  }
  return undefined;
}
