import supertest from 'supertest';
import { Sequelize } from 'sequelize';
import { createApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
const sequelize = new Sequelize({ dialect: 'sqlite', storage: `/tmp/evenpay-dir-as-db`, logging: false });
const ev = await createApp({ ...loadConfig({ NODE_ENV: 'test' }), logLevel: 'error', validateResponses: true, cacheTtlMs: 0 }, { sequelize });
const res = await supertest(ev.app).get('/v2/merchant').set('Authorization', `Bearer sk_test_${'a'.repeat(24)}`);
console.log(res.status, res.body.code);
