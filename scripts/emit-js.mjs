// Emits dist/'s JavaScript: every .ts file of tsconfig.build.json's folders, with its types
// stripped, one file for one file as tsc would. The sources are written for that (isolatedModules,
// verbatimModuleSyntax: no file needs another to be compiled), so a transpiler that reads one file
// at a time does it in under a second where tsc took ~7 s of CPU parsing every declaration the
// sources reach. `npm test` runs the build before its workers start, on one core: those seconds
// were the whole machine's. The declarations (.d.ts) are tsc's (`npm run build`), the type check
// is `npm run typecheck`'s. The transform is oxc's, which rolldown (the CLI's bundler) ships.
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { transformSync } from 'rolldown/experimental';

const { include, exclude = [] } = JSON.parse(readFileSync('tsconfig.build.json', 'utf8'));
const target = JSON.parse(readFileSync('tsconfig.json', 'utf8')).compilerOptions.target.toLowerCase();

function sources(folder) {
  if (exclude.includes(folder)) return [];
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) return sources(path);
    return path.endsWith('.ts') && !path.endsWith('.d.ts') ? [path] : [];
  });
}

const failures = [];
for (const file of include.flatMap(sources)) {
  const { code, errors } = transformSync(file, readFileSync(file, 'utf8'), { target, typescript: { onlyRemoveTypeImports: true } });
  if (errors.length > 0) {
    failures.push(...errors.map((error) => `${file}: ${error.message}`));
    continue;
  }
  const out = join('dist', file.replace(/\.ts$/, '.js'));
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, code);
}
if (failures.length > 0) {
  console.error(failures.join('\n'));
  process.exit(1);
}
