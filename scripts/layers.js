#!/usr/bin/env node
/**
 * The import graph of src/ and transforms/ by layer, checked against the design card: parsers know no engine, the
 * engine knows no EKS, rules know no CLI or reporter, reporters read no file and run no process, and nothing imports
 * in a circle. `npm run layers` prints the arrows between layers and exits 1 when one breaks a rule (each named with
 * its file and line). A layer is a folder directly under src/ or transforms/, or a file directly in them. Type-only
 * imports are arrows too. Tests (*.test.ts) are not part of the graph.
 */
const fs = require('fs');
const path = require('path');
const ts = require('typescript');

const ROOT = path.join(__dirname, '..');
const rel = (abs) => path.relative(ROOT, abs).split(path.sep).join('/');

function walk(dir) {
  const out = [];
  for (const e of fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true })) {
    if (e.name.startsWith('.') || e.name === 'node_modules' || e.name === '__testfixtures__') continue;
    const p = `${dir}/${e.name}`;
    if (e.isDirectory()) out.push(...walk(p));
    else if (/\.ts$/.test(e.name) && !/\.test\.ts$/.test(e.name) && !/\.d\.ts$/.test(e.name)) out.push(p);
  }
  return out;
}

const layerOf = (r) => {
  const p = r.split('/');
  if (p[0] === 'data') return 'data';
  if (p.length === 2) return `${p[0]}/${p[1].replace(/\.(ts|json)$/, '')}`;
  return `${p[0]}/${p[1]}`;
};

/** What each layer may import (besides itself). `transforms/*` is any rule folder. */
const LEAF = ['src/util'];
const ALLOWED = {
  'src/util': [],
  'src/parsers': [...LEAF],
  'src/engine': ['src/parsers', ...LEAF],
  'src/graph': ['src/parsers', ...LEAF],
  'src/files': ['src/engine', ...LEAF],
  'src/eks': ['src/engine', 'src/graph', 'src/parsers', 'data', ...LEAF],
  'src/k8s': ['src/eks', 'src/engine', 'src/parsers', 'data', ...LEAF],
  'src/report': ['src/engine', 'src/eks', 'src/version', ...LEAF],
  'src/version': [],
  'src/paths': [],
  'src/config': ['src/eks'],
  'src/cache': ['src/engine', 'src/eks', 'src/graph', 'src/paths', 'src/version', ...LEAF],
  'transforms/*': ['src/eks', 'src/k8s', 'src/engine', 'src/graph', 'src/parsers', 'data', ...LEAF],
  'transforms/index': ['transforms/*', 'src/eks'],
  'src/run': ['*'],
  'src/series': ['*'],
  'src/plan': ['*'],
  'src/cli': ['*'],
  'src/index': ['*'],
};
/** Modules a layer may not import, directly or through another layer (value imports). */
const NO_IO = { 'src/report': /^(node:)?(fs|fs\/promises|child_process)$/ };

const files = [...walk('src'), ...walk('transforms')];
const edges = []; // { from, to, line, spec, typeOnly }
for (const f of files) {
  const text = fs.readFileSync(path.join(ROOT, f), 'utf8');
  const sf = ts.createSourceFile(f, text, ts.ScriptTarget.Latest, true);
  const visit = (n) => {
    let spec;
    let typeOnly = false;
    if ((ts.isImportDeclaration(n) || ts.isExportDeclaration(n)) && n.moduleSpecifier && ts.isStringLiteral(n.moduleSpecifier)) {
      spec = n.moduleSpecifier.text;
      typeOnly = ts.isImportDeclaration(n) ? !!n.importClause?.isTypeOnly : !!n.isTypeOnly;
      const nb = ts.isImportDeclaration(n) ? n.importClause?.namedBindings : undefined;
      if (nb && ts.isNamedImports(nb) && !n.importClause.name && nb.elements.length && nb.elements.every((e) => e.isTypeOnly)) typeOnly = true;
    } else if (ts.isCallExpression(n) && n.arguments.length && ts.isStringLiteralLike(n.arguments[0]) && (n.expression.kind === ts.SyntaxKind.ImportKeyword || (ts.isIdentifier(n.expression) && n.expression.text === 'require'))) {
      spec = n.arguments[0].text;
    } else if (ts.isImportTypeNode(n) && ts.isLiteralTypeNode(n.argument) && ts.isStringLiteral(n.argument.literal)) {
      spec = n.argument.literal.text;
      typeOnly = true;
    }
    if (spec !== undefined) edges.push({ from: f, spec, typeOnly, line: sf.getLineAndCharacterOfPosition(n.getStart()).line + 1 });
    ts.forEachChild(n, visit);
  };
  visit(sf);
}

const resolve = (from, spec) => {
  if (!spec.startsWith('.')) return undefined;
  const base = path.resolve(ROOT, path.dirname(from), spec);
  for (const c of [base, `${base}.ts`, `${base}.json`, `${base}.js`, path.join(base, 'index.ts')]) if (fs.existsSync(c) && fs.statSync(c).isFile()) return rel(c);
  return null;
};

const problems = [];
const arrows = new Map(); // "a -> b" -> first edge
for (const e of edges) {
  e.to = resolve(e.from, e.spec);
  // data/eksctl-validate.js is built next to the compiled sources (scripts/build-schema.js)
  if (e.to === null && /\/data\/[\w-]+\.js$/.test(e.spec)) e.to = rel(path.resolve(ROOT, path.dirname(e.from), e.spec));
  else if (e.to === null) problems.push(`${e.from}:${e.line}: '${e.spec}' names no file`);
  if (!e.to) continue;
  const a = layerOf(e.from);
  const b = layerOf(e.to);
  if (a === b || (e.to === 'package.json' && a === 'src/version')) continue;
  const key = `${a} -> ${b}`;
  if (!arrows.has(key) || (arrows.get(key).typeOnly && !e.typeOnly)) arrows.set(key, e);
}

// the design card's rules
const ruleLayer = (l) => /^transforms\//.test(l) && l !== 'transforms/index';
for (const [key, e] of arrows) {
  const [a, b] = key.split(' -> ');
  const allowed = ALLOWED[ruleLayer(a) ? 'transforms/*' : a];
  if (!allowed) { problems.push(`${e.from}:${e.line}: layer ${a} is not in scripts/layers.js's table`); continue; }
  if (allowed.includes('*')) continue;
  if (allowed.includes(b) || (ruleLayer(b) && allowed.includes('transforms/*'))) continue;
  problems.push(`${e.from}:${e.line}: ${a} may not import ${b} ('${e.spec}'${e.typeOnly ? ', type only' : ''})`);
}
for (const [layer, re] of Object.entries(NO_IO)) {
  for (const e of edges) if (layerOf(e.from) === layer && re.test(e.spec)) problems.push(`${e.from}:${e.line}: ${layer} may not import '${e.spec}' (reporters render what they are given)`);
}

// cycles between layers (Tarjan)
const graph = new Map();
for (const key of arrows.keys()) {
  const [a, b] = key.split(' -> ');
  if (!graph.has(a)) graph.set(a, []);
  graph.get(a).push(b);
}
let index = 0;
const idx = new Map(), low = new Map(), stack = [], on = new Set();
const strong = (v) => {
  idx.set(v, index); low.set(v, index); index++; stack.push(v); on.add(v);
  for (const w of graph.get(v) ?? []) {
    if (!idx.has(w)) { strong(w); low.set(v, Math.min(low.get(v), low.get(w))); } else if (on.has(w)) low.set(v, Math.min(low.get(v), idx.get(w)));
  }
  if (low.get(v) === idx.get(v)) {
    const c = [];
    let w;
    do { w = stack.pop(); on.delete(w); c.push(w); } while (w !== v);
    if (c.length > 1) problems.push(`import cycle between layers: ${c.reverse().join(' -> ')}`);
  }
};
for (const v of graph.keys()) if (!idx.has(v)) strong(v);

const quiet = process.argv.includes('--quiet');
if (!quiet) {
  for (const [key, e] of [...arrows].sort((x, y) => (x[0] < y[0] ? -1 : 1))) console.log(`${key.padEnd(58)} ${e.from}:${e.line}${e.typeOnly ? '  (type only)' : ''}`);
  console.log(`\n${files.length} files, ${arrows.size} arrows between ${new Set([...arrows.keys()].flatMap((k) => k.split(' -> '))).size} layers`);
}
for (const p of problems) console.error(`layers: ${p}`);
if (!problems.length && !quiet) console.log('no cycle; every arrow is one the design card allows');
process.exit(problems.length ? 1 : 0);
