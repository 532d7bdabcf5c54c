import { expandDomain } from 'devaddr'
import { parseDomainXml } from '../src/domain/parseDomainXml.ts'
import { writeExpansion } from '../src/domain/writeExpansion.ts'
import { cloneDocument } from '../src/xml/tree.ts'
import { serializeXml } from '../src/xml/serializeXml.ts'
import { readFileSync, readdirSync, existsSync } from 'node:fs'
const dir = '/work/shared/conformance/libvirt/cases'
const texts: string[] = []
for (const n of readdirSync(dir)) { const p = `${dir}/${n}/input.xml`; const m = JSON.parse(readFileSync(`${dir}/${n}/meta.json`, 'utf8')); if (m.expect === 'ok') texts.push(readFileSync(p, 'utf8')) }
const docs = texts.map((t) => parseDomainXml(t)).filter((d) => d.ok).map((d) => d.value)
const exps = docs.map((d) => expandDomain(d.input)).map((e) => (e.ok ? e.value : undefined))
const cpu = () => { const c = process.cpuUsage(); return (c.user + c.system) / 1000 }
for (let r = 0; r < 15; r++) {
  let t = cpu(); for (const x of texts) parseDomainXml(x); const parse = cpu() - t
  t = cpu(); for (const d of docs) expandDomain(d.input); const engine = cpu() - t
  t = cpu(); for (const d of docs) cloneDocument(d.tree); const clone = cpu() - t
  t = cpu(); for (const d of docs) serializeXml(d.tree); const ser = cpu() - t
  t = cpu(); docs.forEach((d, i) => exps[i] && writeExpansion(d, exps[i]!)); const write = cpu() - t
  console.log({ parse: Math.round(parse), engine: Math.round(engine), clone: Math.round(clone), ser: Math.round(ser), write: Math.round(write) })
}
