#!/usr/bin/env node
// The published entry point: the bundled CLI does the work.
require("../dist/cli.js");
