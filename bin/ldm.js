#!/usr/bin/env node
'use strict';
const { executer } = require('../lib/cli/ldm.js');
executer(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
