#!/usr/bin/env node
// The devaddr HTTP service of an installed package: runs the build in dist/ (`pnpm --filter
// @devaddr/service build`). In the repository, `pnpm service` runs the sources under tsx.
import '../dist/main.js'
