import { generateDomain } from './src/generator/generateDomain.ts'
import { runEngine } from './src/engine.ts'
for (let i = 0; i < 2000; i++) {
  const d = generateDomain(Number(process.argv[2]), i)
  const r = runEngine(d.xml)
  if (!r.ok) { console.log(i, r.message); console.log(d.xml) }
}
