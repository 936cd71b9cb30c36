#!/usr/bin/env node
'use strict';
const { executer } = require('../lib/cli/ldm.js');
const { terminer } = require('../lib/cli/terminer.js');
executer(process.argv.slice(2)).then(terminer);
