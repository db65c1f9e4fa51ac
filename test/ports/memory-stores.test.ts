import { MemoryCardSecretStore } from '../../emulator/store/memory-card-secret-store.js';
import { MemoryIdempotencyStore } from '../../emulator/store/memory-idempotency-store.js';
import { MemoryTenantDirectory } from '../../emulator/store/memory-tenant-directory.js';
import { createStores } from '../../emulator/store/create-stores.js';
import { describeCardSecretStore } from './card-secret-store.suite.js';
import { describeIdempotencyStore } from './idempotency-store.suite.js';
import { describeStores } from './stores.suite.js';
import { describeTenantDirectory } from './tenant-directory.suite.js';

describeCardSecretStore('MemoryCardSecretStore', () => new MemoryCardSecretStore());
describeIdempotencyStore('MemoryIdempotencyStore', () => new MemoryIdempotencyStore());
describeTenantDirectory('MemoryTenantDirectory', () => new MemoryTenantDirectory());
describeStores('createStores() (memory)', createStores);
