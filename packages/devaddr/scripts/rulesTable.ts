/**
 * Writes RULES.md: which engine code mirrors which libvirt function, read from the engine's own
 * source. Two sources of truth, both checked by the compiler or a test:
 * - `@see` tags in doc comments (what a function or class re-implements);
 * - the `libvirtFunction` of every rejection (`fail(…, { libvirtFunction: 'vir…' })`), typed
 *   `LibvirtFunction`, so each string literal of that shape names the check a rule mirrors.
 *   pnpm --filter devaddr rules:update
 * `scripts/rulesTable.test.ts` fails when RULES.md is not what this script writes.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join, relative, sep } from 'node:path'
import { pathToFileURL } from 'node:url'

import ts from 'typescript'

export const PACKAGE_DIR = join(import.meta.dirname, '..')
export const RULES_FILE = join(PACKAGE_DIR, 'RULES.md')
export const REGENERATE = 'pnpm --filter devaddr rules:update'

/** A libvirt function name as the engine spells them: src/conf and src/util `vir…`, src/qemu `qemu…`. */
const LIBVIRT_NAME = /\b(?:vir|qemu)[A-Z][A-Za-z0-9]*\b/g
const LIBVIRT_LITERAL = /^(?:vir|qemu)[A-Z][A-Za-z0-9]*$/

/** The symbol of a site that is a whole file. */
const MODULE = '(module)'

/** One place in the engine: a file and the declaration in it. */
interface Site {
  file: string
  symbol: string
  exported: boolean
}

interface Rule {
  mirrors: Site[]
  /** rejections: the site and how many `libvirtFunction` values there name the function */
  rejections: Map<string, { site: Site; count: number }>
}

/** Engine sources: everything under src but tests and test helpers. */
function sourceFiles(dir: string): string[] {
  const out: string[] = []
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) {
      if (entry.name !== 'testing') out.push(...sourceFiles(path))
    } else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts')) out.push(path)
  }
  return out
}

const nameOf = (n: ts.Node): string | undefined => {
  const name = (n as { name?: ts.Node }).name
  return name && (ts.isIdentifier(name) || ts.isStringLiteral(name)) ? name.text : undefined
}

const isExported = (n: ts.Node): boolean =>
  ts.canHaveModifiers(n) && (ts.getModifiers(n) ?? []).some((m) => m.kind === ts.SyntaxKind.ExportKeyword)

/**
 * The declaration a node belongs to, as a reader looks it up: `Class.method` for members,
 * the top-level function, class, constant or type otherwise.
 */
function siteOf(node: ts.Node, file: string): Site {
  let member: string | undefined
  for (let n: ts.Node | undefined = node; n; n = n.parent) {
    if (ts.isClassElement(n) || ts.isTypeElement(n)) member = nameOf(n) ?? member
    if (n.parent && ts.isSourceFile(n.parent)) {
      const top = ts.isVariableStatement(n) ? n.declarationList.declarations[0] : n
      const name = (top && nameOf(top)) ?? MODULE
      return {
        file,
        symbol: member && (ts.isClassDeclaration(n) || ts.isInterfaceDeclaration(n)) ? `${name}.${member}` : name,
        exported: isExported(n),
      }
    }
  }
  return { file, symbol: MODULE, exported: false }
}

/**
 * A doc comment opening the file, a blank line before the first statement, is about the module:
 * TypeScript attaches it to that statement all the same.
 */
const isModuleDoc = (source: ts.SourceFile, node: ts.Node, doc: ts.JSDoc) =>
  node === source.statements[0] && /\n\s*\n/.test(source.text.slice(doc.end, node.getStart(source)))

/** `@see` lines of every doc comment, with the declaration the comment documents (none: the module). */
function seeTags(source: ts.SourceFile): { names: string[]; node: ts.Node | undefined }[] {
  const found: { names: string[]; node: ts.Node | undefined }[] = []
  const visit = (node: ts.Node) => {
    for (const doc of (node as { jsDoc?: ts.JSDoc[] }).jsDoc ?? []) {
      const text = source.text.slice(doc.pos, doc.end)
      for (const line of text.matchAll(/@see\s+([^\n@]*)/g)) {
        const names = [...(line[1] ?? '').matchAll(LIBVIRT_NAME)].map((m) => m[0])
        if (names.length) found.push({ names, node: isModuleDoc(source, node, doc) ? undefined : node })
      }
    }
    ts.forEachChild(node, visit)
  }
  visit(source)
  return found
}

/** String literals naming a libvirt function: the `libvirtFunction` of a rejection. */
function libvirtLiterals(source: ts.SourceFile): { name: string; node: ts.Node }[] {
  const found: { name: string; node: ts.Node }[] = []
  const visit = (node: ts.Node) => {
    if ((ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) && LIBVIRT_LITERAL.test(node.text))
      found.push({ name: node.text, node })
    ts.forEachChild(node, visit)
  }
  visit(source)
  return found
}

const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0)
const siteKey = (s: Site) => `${s.file}\u0000${s.symbol}`
const code = (s: string) => `\`${s}\``
const showSite = (s: Site) =>
  s.symbol === MODULE ? `${code(s.file)} (the module)` : `${code(s.file)} ${code(s.symbol)}${s.exported ? '' : ' (internal)'}`

/** The whole of RULES.md, from the sources under `packageDir/src`. Deterministic: sorted by name. */
export function rulesTable(packageDir = PACKAGE_DIR): string {
  const srcDir = join(packageDir, 'src')
  const rules = new Map<string, Rule>()
  const rule = (name: string): Rule => {
    let r = rules.get(name)
    if (!r) rules.set(name, (r = { mirrors: [], rejections: new Map() }))
    return r
  }
  let tags = 0
  let literals = 0
  for (const path of sourceFiles(srcDir).sort(byText)) {
    const file = relative(srcDir, path).split(sep).join('/')
    const source = ts.createSourceFile(path, readFileSync(path, 'utf8'), ts.ScriptTarget.ES2022, true)
    for (const { names, node } of seeTags(source)) {
      tags++
      const site = node ? siteOf(node, file) : { file, symbol: MODULE, exported: true }
      for (const name of names) {
        const r = rule(name)
        if (!r.mirrors.some((s) => siteKey(s) === siteKey(site))) r.mirrors.push(site)
      }
    }
    for (const { name, node } of libvirtLiterals(source)) {
      literals++
      const site = siteOf(node, file)
      const r = rule(name)
      const entry = r.rejections.get(siteKey(site))
      if (entry) entry.count++
      else r.rejections.set(siteKey(site), { site, count: 1 })
    }
  }
  const rows = [...rules.entries()]
    .sort(([a], [b]) => byText(a, b))
    .map(([name, r]) => {
      const mirrors = r.mirrors.sort((a, b) => byText(siteKey(a), siteKey(b))).map(showSite)
      const rejections = [...r.rejections.values()]
        .sort((a, b) => byText(siteKey(a.site), siteKey(b.site)))
        .map(({ site, count }) => `${showSite(site)}${count > 1 ? ` ×${count}` : ''}`)
      return `| ${code(name)} | ${mirrors.join('<br>')} | ${rejections.join('<br>')} |`
    })
  return [
    '# Rules: libvirt function → engine code',
    '',
    `<!-- generated by scripts/rulesTable.ts; do not edit: run \`${REGENERATE}\` -->`,
    '',
    'Which code of the engine (`packages/devaddr/src`, paths below relative to it; tests and',
    '`src/testing` left out) mirrors which function of libvirt 9.9. Only the engine: the formats',
    "package's `@see` tags describe XML parsing, not address rules. Two sources:",
    '',
    '- **mirrored in**: the declarations whose doc comment names the function in a `@see` tag;',
    '- **rejections**: the functions holding the `fail(…, { libvirtFunction })` sites whose check',
    "  mirrors it (×N: N such sites). Such an error's `libvirtFunction` field carries the name.",
    '',
    "`(internal)`: not exported from its module. Rejections of devaddr's own policy rules have",
    '`libvirtFunction: null` and are not listed.',
    '',
    `${rules.size} libvirt functions, from ${tags} \`@see\` tags and ${literals} \`libvirtFunction\` values of rejections.`,
    '',
    '| libvirt function | mirrored in (`@see`) | rejections |',
    '| --- | --- | --- |',
    ...rows,
    '',
  ].join('\n')
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  writeFileSync(RULES_FILE, rulesTable())
  console.log(`wrote ${relative(process.cwd(), RULES_FILE)}`)
}
