#!/usr/bin/env node
// The command line is bundled into one file at build time: a fresh process starts faster.
import '../dist/ftcost.mjs';
