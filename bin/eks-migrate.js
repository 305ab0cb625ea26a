#!/usr/bin/env node
'use strict';
// `--version` alone needs none of the rules, parsers or argument parser: answered before they load
if (process.argv.length === 3 && process.argv[2] === '--version') {
  process.stdout.write(`${require('../package.json').version}\n`);
} else {
  require('../dist/src/cli.js').cli();
}
