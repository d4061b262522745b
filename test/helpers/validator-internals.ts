// express-openapi-validator's own modules and dependencies (its ajv, its path-to-regexp), loaded
// as it loads them: a spy set on what this returns sees the validator's own calls.
import { createRequire } from 'node:module';

export const fromValidator = createRequire(createRequire(import.meta.url).resolve('express-openapi-validator'));
