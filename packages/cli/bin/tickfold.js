#!/usr/bin/env node
// Committed entry point: `pnpm install` links the bin before dist/ is built (pnpm build).
await import('../dist/bin.js');
