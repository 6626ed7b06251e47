#!/usr/bin/env node
// The `cover` bin: runs the TypeScript CLI (scripts/cli/main.ts) under this Node through tsx's loader.
import { register } from "tsx/esm/api";

register();
await import("./main.ts");
