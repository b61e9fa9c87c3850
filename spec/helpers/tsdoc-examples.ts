/**
 * The TSDoc `@example` blocks of the public modules, found with the TypeScript compiler API and
 * turned into runnable JavaScript (spec/tsdoc-examples.spec.ts runs them).
 *
 * The convention for shown values: a statement whose trailing comment starts with `→` states its
 * value, `np.cumsum(np.array([1, 2, 3])); // → [1, 3, 6]`. What follows the arrow is a JavaScript
 * expression (so `Math.PI / 2`, `Math.log(2)`, `NaN`, `'uint32'` work); an expression statement is
 * checked by its value, a declaration `const x = …; // → …` by the value of its single name. Any
 * other comment is prose and is not checked; so is the text after ` — ` in a stated value
 * (`// → [2, 0, 1] — repeated indices accumulate`).
 */
import ts from 'typescript';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

/** The folders and files whose examples the spec runs: the public API (lax: see laxFiles). */
export const EXAMPLE_ROOTS = ['src/numpy', 'src/nn', 'src/random', 'src/transforms', 'src/tree', 'src/scipy', 'src/primitives/lax.ts'] as const;

/** lax.ts and the files it re-exports from, followed transitively (`export { sort } from './lax-sort-scan.js'`): lax is public. */
export function laxFiles(repoRoot: string): string[] {
  const files: string[] = [];
  const visit = (file: string) => {
    if (files.includes(file)) return;
    files.push(file);
    const text = readFileSync(join(repoRoot, file), 'utf8');
    for (const m of text.matchAll(/^export\s[^;]*?\sfrom\s+'\.\/([\w-]+)\.js'/gm)) visit(`src/primitives/${m[1]}.ts`);
  };
  visit('src/primitives/lax.ts');
  return files;
}

/** Every root whose examples run: EXAMPLE_ROOTS with lax's re-exported files. */
export const exampleRoots = (repoRoot: string): string[] =>
  [...new Set([...EXAMPLE_ROOTS.filter((r) => r !== 'src/primitives/lax.ts'), ...laxFiles(repoRoot)])];

export interface Example {
  /** Repository-relative file. */
  file: string;
  /** The declaration the TSDoc belongs to (`(module)` for a file's leading comment). */
  name: string;
  /** 1-based line of the declaration, for messages. */
  line: number;
  /** The example as written. */
  source: string;
}

function filesUnder(root: string, path: string): string[] {
  const full = join(root, path);
  if (statSync(full).isFile()) return [path];
  return readdirSync(full).sort().flatMap((f) => filesUnder(root, join(path, f)))
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'));
}

const isExported = (st: ts.Statement): boolean =>
  ts.canHaveModifiers(st) && (ts.getModifiers(st) ?? []).some((m) => m.kind === ts.SyntaxKind.ExportKeyword);

/** The name a statement declares, or undefined for one that declares nothing public. */
function declaredName(st: ts.Statement): string | undefined {
  if (ts.isImportDeclaration(st)) return '(module)';
  if (!isExported(st)) return undefined;
  if (ts.isFunctionDeclaration(st) || ts.isClassDeclaration(st) || ts.isInterfaceDeclaration(st) || ts.isTypeAliasDeclaration(st)) {
    return st.name?.text ?? 'default';
  }
  if (ts.isVariableStatement(st)) return st.declarationList.declarations.map((d) => d.name.getText()).join(', ');
  return undefined;
}

/** Every `@example` of an exported declaration (or of the file's leading comment) under the roots. */
export function extractExamples(repoRoot: string, roots: readonly string[] = exampleRoots(repoRoot)): Example[] {
  const out: Example[] = [];
  for (const file of roots.flatMap((r) => filesUnder(repoRoot, r))) {
    const text = readFileSync(join(repoRoot, file), 'utf8');
    const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
    const add = (node: ts.Node, name: string) => {
      for (const tag of ts.getJSDocTags(node)) {
        if (tag.tagName.text !== 'example') continue;
        const source = ts.getTextOfJSDocComment(tag.comment) ?? '';
        const line = sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1;
        out.push({ file: relative(repoRoot, join(repoRoot, file)), name, line, source });
      }
    };
    for (const st of sf.statements) {
      const name = declaredName(st);
      if (name !== undefined) add(st, name);
      // Methods added to a public class by augmentation (`declare module '../core/tensor.js' { interface Tensor { … } }`).
      if (ts.isModuleDeclaration(st) && st.body && ts.isModuleBlock(st.body)) {
        for (const inner of st.body.statements) {
          if (!ts.isInterfaceDeclaration(inner)) continue;
          for (const m of inner.members) if (m.name) add(m, `${inner.name.text}.${m.name.getText(sf)}`);
        }
      }
    }
  }
  return out;
}

/** Exported function-valued declarations of a file that have no `@example` (for the report). */
export function declarationsWithoutExamples(repoRoot: string, roots: readonly string[] = exampleRoots(repoRoot)): string[] {
  const out: string[] = [];
  for (const file of roots.flatMap((r) => filesUnder(repoRoot, r))) {
    const sf = ts.createSourceFile(file, readFileSync(join(repoRoot, file), 'utf8'), ts.ScriptTarget.Latest, true);
    const seen = new Set<string>();
    for (const st of sf.statements) {
      const fnLike = ts.isFunctionDeclaration(st) ||
        (ts.isVariableStatement(st) && st.declarationList.declarations.some((d) => d.initializer !== undefined));
      const name = declaredName(st);
      if (!fnLike || name === undefined || name === '(module)') continue;
      const has = ts.getJSDocTags(st).some((t) => t.tagName.text === 'example');
      if (has) seen.add(name);
      else if (!seen.has(name)) out.push(`${file}: ${name}`);
    }
  }
  return out;
}

/** A checked value: `check(label, value, expectedSource)` is called where the example stated one. */
export const CHECK_FN = '__checkExample';

/**
 * The example as the body of an async function: TypeScript syntax stripped, `import … from 'fluxion'`
 * turned into reads of the `fluxion` parameter, and every `// → value` into a call of the checker.
 */
export function compileExample(source: string): string {
  const sf = ts.createSourceFile('example.ts', source, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const edits: { start: number; end: number; text: string }[] = [];
  for (const st of sf.statements) {
    if (ts.isImportDeclaration(st)) {
      const from = (st.moduleSpecifier as ts.StringLiteral).text;
      if (from !== 'fluxion' && from !== 'fluxion/node') throw new Error(`an example imports '${from}'; examples may import only from 'fluxion'`);
      const names = st.importClause?.isTypeOnly ? [] : [...(st.importClause?.namedBindings && ts.isNamedImports(st.importClause.namedBindings)
        ? st.importClause.namedBindings.elements : [])].filter((e) => !e.isTypeOnly)
        .map((e) => (e.propertyName ? `${e.propertyName.text}: ${e.name.text}` : e.name.text));
      edits.push({ start: st.getStart(sf), end: st.end, text: names.length ? `const { ${names.join(', ')} } = fluxion;` : '' });
      continue;
    }
    const trailing = ts.getTrailingCommentRanges(source, st.end) ?? [];
    const arrow = trailing.map((r) => source.slice(r.pos, r.end)).find((c) => /^\/\/\s*→/.test(c));
    if (arrow === undefined) continue;
    // ` — ` (an em dash between spaces, never part of an expression) starts prose after the value.
    const expected = arrow.replace(/^\/\/\s*→\s*/, '').split(' — ')[0].trim();
    const label = JSON.stringify(`${st.getText(sf).trim()} // → ${expected}`);
    let value: string;
    if (ts.isExpressionStatement(st)) {
      value = `(${st.expression.getText(sf)})`;
      edits.push({ start: st.getStart(sf), end: st.end, text: `await ${CHECK_FN}(${label}, ${value}, () => (${expected}));` });
    } else if (ts.isVariableStatement(st) && st.declarationList.declarations.length === 1 && ts.isIdentifier(st.declarationList.declarations[0].name)) {
      value = st.declarationList.declarations[0].name.text;
      edits.push({ start: st.end, end: st.end, text: ` await ${CHECK_FN}(${label}, ${value}, () => (${expected}));` });
    } else {
      throw new Error(`a '// →' value follows a statement that is neither an expression nor a single declaration: ${st.getText(sf)}`);
    }
  }
  let code = source;
  for (const e of edits.sort((a, b) => b.start - a.start)) code = code.slice(0, e.start) + e.text + code.slice(e.end);
  const js = ts.transpileModule(code, {
    compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext, removeComments: false },
    reportDiagnostics: true,
  });
  const errors = (js.diagnostics ?? []).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
  if (errors.length) throw new Error(`the example does not parse: ${errors.join('; ')}`);
  return js.outputText.replace(/^export \{\};\s*$/m, '');
}

/** A comment that is only a number, a boolean or an array of them: a stated value. */
const LITERAL_VALUE = /^(?:[-+\d.eE,\s[\]]+|true|false|NaN|-?Infinity)$/;

/**
 * Trailing comments of an example that state a value without the `→` of the convention (so they
 * would go unchecked), e.g. `np.abs(x); // [1, 2]`.
 */
export function unmarkedValues(source: string): string[] {
  const sf = ts.createSourceFile('example.ts', source, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const out: string[] = [];
  for (const st of sf.statements) {
    for (const r of ts.getTrailingCommentRanges(source, st.end) ?? []) {
      const c = source.slice(r.pos, r.end);
      if (!c.startsWith('//') || /^\/\/\s*→/.test(c)) continue;
      const text = c.slice(2).split(' — ')[0].trim();
      if (/\d|true|false|NaN|Infinity/.test(text) && LITERAL_VALUE.test(text)) out.push(`${st.getText(sf).trim()} ${c}`);
    }
  }
  return out;
}

/**
 * Members of interfaces that a file adds to a public class by augmentation (`declare module
 * '../core/tensor.js' { interface Tensor { … } }`, as src/numpy/methods.ts does) with no `@example`,
 * as `Tensor.sum`; an overloaded member counts as documented when one of its declarations is.
 */
export function augmentedMembersWithoutExamples(repoRoot: string, file: string): string[] {
  const sf = ts.createSourceFile(file, readFileSync(join(repoRoot, file), 'utf8'), ts.ScriptTarget.Latest, true);
  const documented = new Map<string, boolean>();
  for (const st of sf.statements) {
    if (!ts.isModuleDeclaration(st) || !st.body || !ts.isModuleBlock(st.body)) continue;
    for (const inner of st.body.statements) {
      if (!ts.isInterfaceDeclaration(inner)) continue;
      for (const m of inner.members) {
        if (!m.name) continue;
        const key = `${inner.name.text}.${m.name.getText(sf)}`;
        const has = ts.getJSDocTags(m).some((t) => t.tagName.text === 'example');
        documented.set(key, (documented.get(key) ?? false) || has);
      }
    }
  }
  return [...documented].filter(([, has]) => !has).map(([key]) => key);
}
