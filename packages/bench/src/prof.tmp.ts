import { expandDomainXml, parseDomainXml } from '@devaddr/formats'
import { expandDomain } from 'devaddr'
import { benchPackedDomainXml, benchBridgedDomainXml } from './benchDomain.ts'
const which = process.argv[2]
const xml = which === 'packed' ? benchPackedDomainXml(20000) : benchBridgedDomainXml(2000)
const doc = parseDomainXml(xml)
if (!doc.ok) throw new Error('parse')
const t0 = performance.now()
const r = process.argv[3] === 'xml' ? expandDomainXml(xml, { newDomain: true }) : expandDomain(doc.value.input, { newDomain: true })
console.log(which, r.ok, (performance.now() - t0).toFixed(0), 'ms')
